/*
 * test_devpath.c - member name sanitising and device path normalisation over a table of
 * real-world extraction layouts.
 */
#include <stdlib.h>
#include <string.h>

#include "devpath.h"
#include "rec_sink.h"

static void norm(const char *rel, bool is_dir, const char *want)
{
    dft_devpath d;
    dft_devpath_init(&d);
    char *out = NULL;
    int rc = dft_devpath_normalise(&d, rel, is_dir, &out);
    CHECK(rc == 0, "normalise %s", rel);
    if (want) CHECK(out && strcmp(out, want) == 0, "%s -> %s, want %s", rel, out ? out : "(null)", want);
    else CHECK(out == NULL, "%s -> %s, want none", rel, out);
    free(out);
    dft_devpath_free(&d);
}

static void san(const char *raw, const char *want, unsigned want_flags)
{
    char *out;
    unsigned fl;
    CHECK(dft_devpath_sanitise(raw, &out, &fl) == 0, "sanitise %s", raw);
    CHECK(strcmp(out, want) == 0, "sanitise %s -> %s, want %s", raw, out, want);
    CHECK((fl & want_flags) == want_flags, "sanitise %s flags %x, want %x", raw, fl, want_flags);
    free(out);
}

int main(void)
{
    /* layouts seen in acquisition tools' tar/zip extractions */
    norm("Dump/data/data/com.whatsapp/databases/msgstore.db", false, "/data/data/com.whatsapp/databases/msgstore.db");
    norm("data/data/com.whatsapp/databases/wa.db", false, "/data/data/com.whatsapp/databases/wa.db");
    norm("fs/data/user/0/org.telegram.messenger/files/cache4.db", false,
         "/data/user/0/org.telegram.messenger/files/cache4.db");
    norm("extraction/userdata/data/media/0/DCIM/a.jpg", false, "/data/media/0/DCIM/a.jpg");
    norm("Dump/sdcard/WhatsApp/Databases/msgstore.db.crypt14", false, "/sdcard/WhatsApp/Databases/msgstore.db.crypt14");
    norm("Dump/storage/emulated/0/Download/x.pdf", false, "/storage/emulated/0/Download/x.pdf");
    norm("Dump/system/build.prop", false, "/system/build.prop");
    norm("Dump/data", true, "/data");
    norm("Dump/data", false, NULL);
    norm("Dump/README.txt", false, NULL);
    norm("Dump/mydata/data/x", false, NULL);
    norm("filesystem1/private/var/mobile/Library/SMS/sms.db", false, "/private/var/mobile/Library/SMS/sms.db");
    norm("private/var/mobile/Containers/Shared/AppGroup/U/ChatStorage.sqlite", false,
         "/private/var/mobile/Containers/Shared/AppGroup/U/ChatStorage.sqlite");
    norm("var/mobile/Library/SMS/sms.db", false, "/private/var/mobile/Library/SMS/sms.db");
    norm("iPhone/var/containers/Bundle/Application/X/a.app/Info.plist", false,
         "/private/var/containers/Bundle/Application/X/a.app/Info.plist");
    norm("fs/System/Library/CoreServices/SystemVersion.plist", false, "/System/Library/CoreServices/SystemVersion.plist");
    norm("a/b/c/d/e/f/g/data/data/x/y", false, NULL); /* marker too deep: not a root */
    norm("apps/com.whatsapp/db/msgstore.db", false, "/data/data/com.whatsapp/databases/msgstore.db");
    norm("apps/com.whatsapp/sp/prefs.xml", false, "/data/data/com.whatsapp/shared_prefs/prefs.xml");
    norm("apps/com.whatsapp/ef/WhatsApp/Media/x.jpg", false, "/sdcard/Android/data/com.whatsapp/WhatsApp/Media/x.jpg");
    norm("apps/com.whatsapp/_manifest", false, NULL);

    san("Dump/data/x", "Dump/data/x", 0);
    san("./a//b/./c", "a/b/c", 0);
    san("../x", "__outside__/x", DFT_SANITISE_OUTSIDE | DFT_SANITISE_DOTDOT);
    san("/etc/passwd", "__outside__/etc/passwd", DFT_SANITISE_OUTSIDE | DFT_SANITISE_ABSOLUTE);
    san("a/../../b", "__outside__/b", DFT_SANITISE_OUTSIDE);
    san("a/../b", "b", DFT_SANITISE_DOTDOT);
    san("C:/Windows/x", "__outside__/Windows/x", DFT_SANITISE_ABSOLUTE);
    san("..", "__outside__", DFT_SANITISE_OUTSIDE);
    san("", "__empty__", DFT_SANITISE_EMPTY);
    san("dir/", "dir", 0);

    const char *ud[] = {"app", "data", "media", "misc", "system", "user", "lost+found"};
    CHECK(dft_devpath_is_userdata_root(ud, 7), "userdata root detected");
    const char *notud[] = {"bin", "etc", "usr", "data"};
    CHECK(!dft_devpath_is_userdata_root(notud, 4), "linux root is not userdata");
    if (g_failures) fprintf(stderr, "%d check(s) failed\n", g_failures);
    else printf("test_devpath: all checks passed\n");
    return g_failures ? 1 : 0;
}
