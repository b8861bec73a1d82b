/*
 * test_merge_remap.c - dft_merge_remap_text: the "file N" / "evidence N" references in warning messages
 * that merge shifts by the case's row offsets (issue 14 fix 9), and the look-alikes it must leave alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_merge.h"

static int failures;

static void expect(const char *in, int64_t foff, int64_t eoff, const char *want)
{
    char *out = NULL;
    int rc = dft_merge_remap_text(in, foff, eoff, &out);
    const char *got = rc ? "<error>" : out ? out : in;
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "FAIL: [%s] +%lld/+%lld: got [%s], want [%s]\n", in, (long long)foff, (long long)eoff, got,
                want);
        failures++;
    }
    if (!rc && !out && strcmp(in, want) != 0) failures++;
    free(out);
}

int main(void)
{
    expect("pass of crypto_scan: file 12 is not in evidence 3", 100, 7,
           "pass of crypto_scan: file 112 is not in evidence 10");
    expect("file 40: truncated SQLite page", 1000, 0, "file 1040: truncated SQLite page");
    expect("slack of file 5 (region 2)", 10, 1, "slack of file 15 (region 2)");
    expect("file 7", 3, 3, "file 10");
    expect("file 7.", 3, 3, "file 10.");
    /* look-alikes: not a whole word, not a whole number, a leading zero, zero, a path */
    expect("profile 3 missing", 100, 100, "profile 3 missing");
    expect("file 3a.db unreadable", 100, 100, "file 3a.db unreadable");
    expect("file 1.5 MB", 100, 100, "file 1.5 MB");
    expect("file 012", 100, 100, "file 012");
    expect("file 0", 100, 100, "file 0");
    expect("no file /sdcard/x.db in the evidence", 100, 100, "no file /sdcard/x.db in the evidence");
    expect("file  5", 100, 100, "file  5");
    expect("", 100, 100, "");
    /* offset 0 (the first shard into an empty case): unchanged, out stays NULL */
    char *out = (char *)1;
    if (dft_merge_remap_text("file 5", 0, 0, &out) != 0 || out != NULL) {
        fprintf(stderr, "FAIL: offset 0 must report no change\n");
        failures++;
    }
    /* a long number is not overflowed: 19+ digits are left as they are */
    expect("file 12345678901234567890", 1, 1, "file 12345678901234567890");
    if (failures) return 1;
    printf("test_merge_remap: OK\n");
    return 0;
}
