/*
 * typecheck.c - the extension table behind typecheck.h. Expected types are prefixes matched
 * against libmagic's MIME output (file 5.44), several per extension where libmagic varies.
 */
#include "typecheck.h"

#include <string.h>
#include <strings.h>

typedef struct ext_rule {
    const char *ext;
    const char *mimes; /* '|'-separated prefixes */
} ext_rule;

static const ext_rule rules[] = {
    { "jpg", "image/jpeg" }, { "jpeg", "image/jpeg" }, { "png", "image/png" }, { "gif", "image/gif" },
    { "bmp", "image/bmp|image/x-ms-bmp" }, { "webp", "image/webp" }, { "heic", "image/heic|image/heif" },
    { "tif", "image/tiff" }, { "tiff", "image/tiff" },
    { "pdf", "application/pdf" },
    { "zip", "application/zip|application/x-zip" },
    { "gz", "application/gzip|application/x-gzip" }, { "7z", "application/x-7z-compressed" },
    { "rar", "application/x-rar|application/vnd.rar" },
    { "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml|application/zip|application/octet-stream" },
    { "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml|application/zip|application/octet-stream" },
    { "pptx", "application/vnd.openxmlformats-officedocument.presentationml|application/zip|application/octet-stream" },
    { "doc", "application/msword|application/vnd.ms-office|application/CDFV2|application/x-ole-storage" },
    { "xls", "application/vnd.ms-excel|application/vnd.ms-office|application/CDFV2|application/x-ole-storage" },
    { "exe", "application/x-dosexec|application/vnd.microsoft.portable-executable" },
    { "dll", "application/x-dosexec|application/vnd.microsoft.portable-executable" },
    { "apk", "application/vnd.android.package-archive|application/java-archive|application/zip" },
    { "mp4", "video/mp4|video/quicktime|video/3gpp" }, { "mov", "video/quicktime" },
    { "mp3", "audio/mpeg" }, { "wav", "audio/x-wav|audio/wav" },
    { "sqlite", "application/vnd.sqlite3|application/x-sqlite3" },
    { "sqlite3", "application/vnd.sqlite3|application/x-sqlite3" },
    { "txt", "text/|application/json|application/csv|inode/x-empty|application/x-empty" },
    { "csv", "text/|application/csv|inode/x-empty|application/x-empty" },
    { "html", "text/" }, { "htm", "text/" }, { "xml", "text/xml|application/xml|text/" },
    { "json", "application/json|text/" },
};

static bool mime_in(const char *mime, const char *list)
{
    const char *p = list;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (strncasecmp(mime, p, n) == 0) return true;
        p += n + (bar ? 1 : 0);
    }
    return false;
}

bool dft_typecheck_mismatch(const char *name, const char *mime, const char **expected)
{
    if (!mime || !mime[0] || strstr(mime, "empty") || strcmp(mime, "application/octet-stream") == 0)
        return false;
    const char *dot = strrchr(name, '.');
    if (!dot || dot == name) return false;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        if (strcasecmp(dot + 1, rules[i].ext) != 0) continue;
        if (mime_in(mime, rules[i].mimes)) return false;
        *expected = rules[i].mimes;
        return true;
    }
    return false;
}
