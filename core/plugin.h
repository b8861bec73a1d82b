/*
 * plugin.h - the plugin ABI: what a plugin declares, what it is given, and how it emits results.
 *
 * This header is the whole contract between dftriage and its plugins, built-in or external (.so).
 * External plugins include it, export `const dft_plugin *dft_plugin_entry(void)`, and are refused
 * when `abi` differs from DFT_PLUGIN_ABI.
 *
 * Invariants:
 *  1. A plugin never touches the case store: it emits through dft_emit_*(), which copy their input.
 *  2. The dft_file and dft_content handed to a call are borrowed for that call only.
 *  3. wants() is cheap, has no side effects, and may run on any thread.
 *  4. scan() and the stream callbacks run on worker threads, concurrently for different files. A plugin
 *     keeps per-run state between init() and fini() and guards it itself; there is no per-file global.
 *  5. Plugins never call one another. For one file they run in name order, so output is deterministic.
 *  6. A scan returning DFT_ECORRUPT is expected: the core records an evidence.warning with the message
 *     and continues with the next plugin and file. Any other negative code is recorded the same way.
 */
#ifndef DFT_PLUGIN_H
#define DFT_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define DFT_PLUGIN_ABI 1u

/* ---- The file being scanned -------------------------------------------------------------- */

typedef struct dft_file {
    int64_t id;               /* files.id in the case file */
    int64_t evidence_id;
    int64_t filesystem_id;    /* 0 when the file is not inside a file system (archive, directory) */
    const char *path;         /* path inside the evidence, '/'-separated, starts with '/' */
    const char *name;         /* last component of path (with ":stream" for an NTFS ADS) */
    const char *device_path;  /* normalised device path for phone dumps (/data/..., /private/var/...,
                                 HomeDomain/...), else the same as path */
    const char *mime;         /* libmagic MIME type, "" if the file is empty or unreadable */
    const char *magic;        /* libmagic description */
    uint64_t size;
    uint64_t meta_addr;
    char type;                /* 'r' regular, 'd' directory, 'l' symlink, ... */
    bool allocated;           /* false for deleted names and orphans */
} dft_file;

/* ---- Claims: which files a plugin wants ---------------------------------------------------- */

typedef enum dft_claim_kind {
    DFT_CLAIM_END = 0,   /* terminates a claims array */
    DFT_CLAIM_MIME,      /* exact MIME, case-insensitive: "application/vnd.sqlite3" */
    DFT_CLAIM_NAME,      /* exact file name, case-insensitive: "msgstore.db" */
    DFT_CLAIM_PATH,      /* fnmatch pattern on device_path, '*' crosses '/': "* /Library/SMS/sms.db" */
    DFT_CLAIM_EXT,       /* extension without dot, case-insensitive: "xlsx" */
    DFT_CLAIM_ALL,       /* every regular file with content (streaming scanners) */
} dft_claim_kind;

typedef struct dft_claim {
    int kind;            /* dft_claim_kind */
    const char *pattern; /* NULL for DFT_CLAIM_ALL */
} dft_claim;

/* How the plugin wants the content. */
enum {
    DFT_ACCESS_WHOLE = 1u << 0,  /* scan() gets the whole file: bytes in memory and a private path */
    DFT_ACCESS_STREAM = 1u << 1, /* stream_*() get the blocks as the core reads them (one read) */
};

/* ---- What a scan is given ------------------------------------------------------------------ */

typedef struct dft_scan dft_scan;       /* opaque: the core's per-file, per-plugin context */
typedef struct dft_content dft_content; /* opaque: the materialised content of a file */

/* The whole file in memory (borrowed for the call), or NULL when it was larger than the
 * in-memory cap; then use dft_content_path(). len receives the size. */
const uint8_t *dft_content_bytes(const dft_content *c, size_t *len);

/* Path of a private, read-only copy of the file in a 0700 temp directory, with its original name.
 * The siblings the plugin declared, when present in the same directory of the evidence, are
 * copied beside it under their own names (so `sqlite3_open(path)` sees `msgstore.db-wal`).
 * Borrowed; removed after the call. NULL with the error set when it cannot be made. */
const char *dft_content_path(const dft_content *c);

/* Reads another file of the same file system or container, by path relative to the scanned file's
 * directory ("wa.db", "../shared_prefs/x.xml") or absolute device path ("/data/data/..."), into a
 * private copy. *out_path is borrowed until the scan returns. DFT_ENOTFOUND when absent. */
int dft_content_sibling(const dft_content *c, const char *relpath, const char **out_path);

/* True once the watchdog asked the current file to stop, or the run is stopping (SIGINT/SIGTERM);
 * long loops should check it. */
bool dft_scan_cancelled(const dft_scan *s);

/* The plugin's run state returned by init(). */
void *dft_scan_state(const dft_scan *s);

/* ---- What a plugin emits (copied by the core; strings may be NULL) -------------------------- */

typedef struct dft_finding {
    const char *kind;       /* dotted, lower case: "crypto.address" (contract values in ARCHITECTURE) */
    const char *subkind;    /* "trx", "whatsapp", ... */
    const char *value;      /* the thing found */
    int64_t offset;         /* byte offset in the file, -1 when not applicable */
    int64_t length;         /* bytes, -1 when not applicable */
    double confidence;      /* 0.0 - 1.0 */
    const char *details;    /* JSON object text, or NULL */
} dft_finding;

typedef struct dft_message {
    const char *app, *account, *thread, *sender, *recipient;
    const char *direction;  /* "in", "out" or NULL */
    const char *sent_utc;   /* YYYY-MM-DDTHH:MM:SS[.fff]Z */
    const char *body, *attachment;
    int deleted;            /* 0/1 */
    const char *source;     /* "table:rowid" or "offset:N" */
} dft_message;

typedef struct dft_contact {
    const char *app, *name, *phone, *handle;
} dft_contact;

typedef struct dft_wallet {
    const char *kind, *chain;
    int encrypted;          /* 0/1, -1 unknown */
    const char *details;    /* JSON */
} dft_wallet;

typedef struct dft_person {
    const char *role;       /* "target", "worker", "unknown" */
    const char *name, *phone, *nationality, *passport, *amount;
    const char *details;    /* JSON */
} dft_person;

int dft_emit_finding(dft_scan *s, const dft_finding *f);
int dft_emit_message(dft_scan *s, const dft_message *m);
int dft_emit_contact(dft_scan *s, const dft_contact *c);
int dft_emit_wallet(dft_scan *s, const dft_wallet *w);
int dft_emit_person(dft_scan *s, const dft_person *p);
/* An evidence.warning finding for the scanned file (offset -1 when unknown). */
int dft_emit_warning(dft_scan *s, int64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- The plugin descriptor ----------------------------------------------------------------- */

typedef struct dft_plugin {
    uint32_t abi;                 /* DFT_PLUGIN_ABI */
    const char *name;             /* lower case, unique: "whatsapp" */
    const char *version;          /* "1.0.0"; recorded in runs.plugins */
    const char *description;
    const dft_claim *claims;      /* terminated by DFT_CLAIM_END; NULL = rely on wants() */
    const char *const *siblings;  /* NULL-terminated names or "-suffix"es copied beside the file:
                                     {"-wal", "-journal", "-shm", "wa.db", NULL} */
    uint32_t access;              /* DFT_ACCESS_* */
    uint64_t max_size;            /* skip files larger than this (0 = no limit) */

    /* Optional heuristic, asked only when no claim matched. */
    bool (*wants)(const dft_file *f);
    /* Optional, once per run: *state is handed back in every scan through dft_scan_state(). */
    int (*init)(void **state);
    void (*fini)(void *state);

    /* DFT_ACCESS_WHOLE */
    int (*scan)(dft_scan *s, const dft_file *f, const dft_content *c);

    /* DFT_ACCESS_STREAM: begin, blocks in order (offset increasing, no gaps), end.
     * *file_state belongs to the plugin from begin to end; end frees it. */
    int (*stream_begin)(dft_scan *s, const dft_file *f, void **file_state);
    int (*stream_block)(dft_scan *s, void *file_state, uint64_t offset, const uint8_t *data, size_t len);
    int (*stream_end)(dft_scan *s, void *file_state);
} dft_plugin;

/* External plugins export this symbol. */
typedef const dft_plugin *(*dft_plugin_entry_fn)(void);
#define DFT_PLUGIN_ENTRY_SYMBOL "dft_plugin_entry"

#endif
