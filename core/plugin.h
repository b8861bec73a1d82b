/*
 * plugin.h - the plugin ABI, version 2: what a plugin declares, what it is given, and how it emits
 * results. docs/plugins.md is the manual with a worked example of every capability.
 *
 * This header is the whole contract between dftriage and its plugins, built-in or external (.so).
 * External plugins include it (with error.h), export `const dft_plugin *dft_plugin_entry(void)`,
 * and are refused with one line when `abi` differs from DFT_PLUGIN_ABI. Only the functions declared
 * here (and in error.h) are visible to them (a linker version script hides the rest).
 *
 * How the ABI grows (version 2 onwards): every struct that crosses it starts with `uint32_t
 * struct_size`, set by whoever fills it (DFT_INIT(type) does it). New fields are only ever appended;
 * the core reads no field beyond the size a plugin was compiled with, and fills for a plugin only the
 * fields that fit in its size. A new capability is a new function or an appended field, not a new ABI.
 *
 * Invariants:
 *  1. A plugin never touches the case store: it emits through dft_emit_*(), which copy their input,
 *     and reads back through dft_pass_each() in passes after the walk.
 *  2. Everything handed to a call (dft_file, dft_content, dft_region, strings) is borrowed for that call.
 *  3. wants() is cheap, has no side effects, and may run on any thread.
 *  4. scan(), the stream callbacks and thread_init() run on worker threads, concurrently for different
 *     files. Per-run state (init/fini) is shared and guarded by the plugin; per-thread state
 *     (thread_init/thread_fini, dft_scan_thread_state) needs no lock.
 *  5. Plugins never call one another; they meet through decoded content (dft_emit_decoded) and the
 *     rows of the case (passes). For one file they run in name order, so output is deterministic.
 *  6. A scan returning DFT_ECORRUPT is expected: the core records an evidence.warning with the message
 *     and continues with the next plugin and file. Any other negative code is recorded the same way.
 *  7. Row references (dft_ref) returned by emits inside a scan are valid for links and decoded
 *     content of that same scan; in passes after the walk they are the rows' real ids.
 */
#ifndef DFT_PLUGIN_H
#define DFT_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "error.h"

#define DFT_PLUGIN_ABI 2u

/* A zeroed struct of type T with its struct_size set: `dft_message m = DFT_INIT(dft_message);`. */
#define DFT_INIT(T) ((T){ .struct_size = (uint32_t)sizeof(T) })

/* ---- Rows of the case, and references to them ------------------------------------------------ */

/* The tables a reference can point into (contract names in docs/case-file.md). */
typedef enum dft_table {
    DFT_TABLE_NONE = 0,
    DFT_TABLE_FILE,        /* files */
    DFT_TABLE_FINDING,     /* findings */
    DFT_TABLE_MESSAGE,     /* messages */
    DFT_TABLE_CONTACT,     /* contacts */
    DFT_TABLE_CALL,        /* calls */
    DFT_TABLE_WALLET,      /* wallets */
    DFT_TABLE_PERSON,      /* persons */
    DFT_TABLE_EVIDENCE,    /* evidence */
    DFT_TABLE_REGION,      /* unallocated */
    DFT_TABLE_COUNT_
} dft_table;

/* A row: its table and its id. Inside a scan an emitted row's id is provisional (negative) until the
 * writer stores it; links and decoded content made with it are resolved then. {0,0} = no row. */
typedef struct dft_ref {
    uint32_t table;        /* dft_table */
    int64_t id;
} dft_ref;

static inline dft_ref dft_ref_file(int64_t file_id) { return (dft_ref){ DFT_TABLE_FILE, file_id }; }
static inline bool dft_ref_is_set(dft_ref r) { return r.table != DFT_TABLE_NONE && r.id != 0; }

/* ---- The evidence item and the file being scanned ------------------------------------------- */

typedef struct dft_evidence_view {
    uint32_t struct_size;
    int64_t id;               /* evidence.id */
    const char *path;         /* as given on the command line */
    const char *kind;         /* raw, split, ewf, vmdk, vhd, dir, tar, zip, adb, itunes, ufdr */
} dft_evidence_view;

typedef struct dft_file {
    uint32_t struct_size;
    int64_t id;               /* files.id in the case file */
    int64_t evidence_id;
    int64_t filesystem_id;    /* 0 when the file is not inside a file system (archive, directory) */
    int64_t parent_id;        /* files.id of its directory, 0 for a root */
    const char *path;         /* path inside the evidence, '/'-separated, starts with '/' */
    const char *name;         /* last component of path (with ":stream" for an NTFS ADS) */
    const char *device_path;  /* normalised device path for phone dumps (/data/..., /private/var/...,
                                 HomeDomain/...), else the same as path */
    const char *archive_path; /* forensic path through nested containers, or NULL */
    const char *mime;         /* libmagic MIME type, "" if the file is empty or unreadable */
    const char *magic;        /* libmagic description */
    uint64_t size;
    uint64_t meta_addr;
    char type;                /* 'r' regular, 'd' directory, 'l' symlink, ... */
    bool allocated;           /* false for deleted names and orphans */
    /* Whole-file scans run after the file was read, so these are known there; stream callbacks see
     * NULL hashes and hash_status "pending". */
    const char *hash_status;  /* "full", "partial" (some bytes unreadable, zero-filled), "none", "pending" */
    const char *md5, *sha1, *sha256;  /* lower-case hex or NULL */
    const char *mtime, *atime, *ctime, *crtime;  /* UTC text or NULL */
    int64_t derived_from;     /* files.id this file was decoded from (dft_emit_derived), else 0 */
    const char *transform;    /* how it was derived ("gzip", "whatsapp-crypt15"), or NULL */
    const dft_evidence_view *evidence;
    /* appended: a file derived in a region scan (derived_from 0, transform set: a database carved from
     * unallocated space) - the media offset its byte 0 was found at; -1 for every other file */
    int64_t media_offset;
    /* appended: a derived file's derivation (JSON: the deriving plugin's details, plus "origin" for a
     * region scan), or NULL; read it through dft_file_derivation() */
    const char *derivation;
} dft_file;

/* A derived file's derivation JSON, or NULL (any other file, or a plugin built before the field). */
static inline const char *dft_file_derivation(const dft_file *f)
{
    return f->struct_size >= offsetof(dft_file, derivation) + sizeof f->derivation ? f->derivation : NULL;
}

/* The media offset a file derived in a region scan by `transform` was carved at (a database that
 * sqlite_carve reassembled: dft_file_carved_at(f, "sqlite-carve")), or -1 for any other file. */
static inline int64_t dft_file_carved_at(const dft_file *f, const char *transform)
{
    if (!f->transform || f->derived_from != 0 || strcmp(f->transform, transform) != 0) return -1;
    return f->struct_size >= offsetof(dft_file, media_offset) + sizeof f->media_offset ? f->media_offset : -1;
}

/* ---- Claims: what a plugin wants ----------------------------------------------------------- */

typedef enum dft_claim_kind {
    DFT_CLAIM_END = 0,   /* terminates a claims array */
    DFT_CLAIM_MIME,      /* exact MIME, case-insensitive: "application/vnd.sqlite3" */
    DFT_CLAIM_NAME,      /* exact file name, case-insensitive: "msgstore.db" */
    DFT_CLAIM_PATH,      /* fnmatch pattern on device_path, '*' crosses '/': "* /Library/SMS/sms.db" */
    DFT_CLAIM_EXT,       /* extension without dot, case-insensitive: "xlsx" */
    DFT_CLAIM_ALL,       /* every regular file with content, derived files and decoded content
                            (streaming scanners) */
    DFT_CLAIM_DIR,       /* directories whose device path matches the fnmatch pattern (NULL = every
                            directory): "* /Library/Application Support/Exodus" (scan gets no bytes;
                            it lists the directory with dft_content_list) */
    DFT_CLAIM_UNALLOC,   /* unallocated space of file systems and volume systems, and file slack with
                            --slack: streamed to stream_region_* in disk order (no pattern) */
    DFT_CLAIM_DECODED,   /* decoded content only (not files): pattern matches the decoded name, NULL
                            = all decoded content */
} dft_claim_kind;

typedef struct dft_claim {
    int kind;            /* dft_claim_kind */
    const char *pattern; /* NULL for DFT_CLAIM_ALL / DFT_CLAIM_UNALLOC */
} dft_claim;

/* How the plugin wants the content. */
enum {
    DFT_ACCESS_WHOLE = 1u << 0,  /* scan() gets the whole file: bytes in memory and a private path */
    DFT_ACCESS_STREAM = 1u << 1, /* stream_*() get the blocks as the core reads them (one read) */
};

/* ---- Options a plugin declares (--plugin-opt NAME.KEY=VALUE, or a file of such lines) -------- */

enum {
    DFT_OPTION_SECRET = 1u << 0, /* a key or password: never printed or stored; the case records that it
                                    was supplied and its SHA-256 */
};

typedef struct dft_option {
    const char *key;            /* lower case: "key", "default_region"; NULL ends the array */
    const char *help;           /* one line for `dftriage plugins` */
    const char *default_value;  /* NULL = none */
    uint32_t flags;             /* DFT_OPTION_* */
} dft_option;

/* ---- Once per run: init ------------------------------------------------------------------- */

typedef struct dft_init dft_init;   /* opaque: given to init() only */

/* The value of one of the plugin's declared options (given, else its default), or NULL. */
const char *dft_init_option(const dft_init *in, const char *key);
/* Directory of the plugin's data files (wordlists, lexicons): $DFTRIAGE_DATA_DIR/<plugin>, else
 * <binary dir>/../share/dftriage/<plugin>, else plugins/<plugin>/data of the source tree. */
const char *dft_init_data_dir(const dft_init *in);
/* Records a data file the plugin uses in runs.plugins (name, version, SHA-256 of bytes), so the case
 * says which wordlist or lexicon produced its findings. */
int dft_init_data_version(dft_init *in, const char *name, const char *version, const void *bytes, size_t len);

/* ---- What a scan is given -------------------------------------------------------------------- */

typedef struct dft_scan dft_scan;       /* opaque: the core's per-file, per-plugin context */
typedef struct dft_content dft_content; /* opaque: the materialised content of a file */

/* The whole file in memory (borrowed for the call), or NULL when it was larger than the in-memory cap;
 * then use dft_content_path(). len receives the size. NULL with len 0 for a directory. */
const uint8_t *dft_content_bytes(const dft_content *c, size_t *len);

/* The text encoding of the bytes dft_content_bytes gives, as parsers/textenc.h's dft_textenc_detect
 * names it ("UTF-8", "UTF-16LE", "GB18030", ...; static), and the length of a BOM to skip. Detected once
 * per file and shared by every plugin that asks (documents, roster and scam_text read the same text
 * files; each detection reads the whole file). NULL (and *bom 0) when the bytes are not in memory. */
const char *dft_content_encoding(const dft_content *c, size_t *bom);

/* Path of a private, read-only copy of the file in a 0700 temp directory, with its original name.
 * The siblings the plugin declared (dft_plugin.siblings) are copied beside it under their own names
 * when they exist in the same directory with the same allocation state (a deleted msgstore.db is never
 * paired with the live msgstore.db-wal of its successor). Borrowed; removed after the call. NULL with
 * the error set when it cannot be made. */
const char *dft_content_path(const dft_content *c);

/* A private working directory for this scan (0700, removed after the call): where a plugin writes a
 * decrypted or inflated file before dft_emit_derived(). */
const char *dft_content_workdir(const dft_content *c);

/* Another file of the same evidence item. */
typedef struct dft_sibling {
    uint32_t struct_size;
    int64_t file_id;          /* files.id */
    const char *path;         /* private read-only copy, borrowed until the scan returns */
    const char *device_path;
    uint64_t size;
    bool allocated;
    bool complete;            /* false when part of it was unreadable (a warning is recorded too) */
    const char *sha256;       /* hex, or NULL when not yet known */
} dft_sibling;

/* Finds and copies another file of the same file system or container, by path relative to the
 * scanned file's directory ("wa.db", "../shared_prefs/x.xml"), by absolute device path
 * ("/data/data/com.whatsapp/files/key": the same on an ext4 userdata image, a directory, tar, zip,
 * iTunes or UFDR dump), or by a "-suffix" of the scanned file's name ("-wal", "-journal"). Suffix and
 * relative lookups in the same directory only match a file of the same allocation state as the scanned
 * file. DFT_ENOTFOUND when absent. */
int dft_content_sibling(const dft_content *c, const char *path, dft_sibling *out);

/* One entry of a directory listing or glob. */
typedef struct dft_dirent {
    uint32_t struct_size;
    int64_t file_id;
    const char *name;
    const char *device_path;
    char type;                /* 'r', 'd', 'l', ... */
    bool allocated;
    uint64_t size;
} dft_dirent;
typedef int (*dft_dirent_fn)(void *payload, const dft_dirent *e);  /* non-zero stops, returned */

/* Lists a directory (relative to the scanned file's directory, or an absolute device path; "." for the
 * scanned directory itself) in name order, deleted entries included. */
int dft_content_list(const dft_content *c, const char *dir, dft_dirent_fn cb, void *payload);
/* Finds one file of the evidence item by path (as dft_content_sibling resolves it: relative, absolute
 * device path) WITHOUT copying it: for linking rows to files (a message's attachment). Prefers the
 * allocated entry. Strings in *out are borrowed until the scan returns. DFT_ENOTFOUND when absent. */
int dft_content_lookup(const dft_content *c, const char *path, dft_dirent *out);
/* Every file of the evidence item whose device path matches an fnmatch pattern ('*' crosses '/'), in
 * device-path order. */
int dft_content_glob(const dft_content *c, const char *pattern, dft_dirent_fn cb, void *payload);

/* True once the watchdog asked the current file to stop, or the run is stopping (SIGINT/SIGTERM, a failed
 * writer); long loops check it. */
bool dft_scan_cancelled(const dft_scan *s);
/* The plugin's run state returned by init(), and this thread's state from thread_init(). */
void *dft_scan_state(const dft_scan *s);
void *dft_scan_thread_state(const dft_scan *s);
/* The value of one of the plugin's declared options, or NULL. Secret values reach the plugin here and in
 * dft_init_option, nowhere else (never printed or stored: plugins must not emit them either). */
const char *dft_scan_option(const dft_scan *s, const char *key);
/* Evidence metadata (evidence_meta: "device.imei", "device.phone_number", "device.os_version",
 * "ewf.examiner_name", ...) known so far for the evidence item of this scan: the first value, or NULL. */
const char *dft_scan_evidence_meta(const dft_scan *s, const char *key);
/* The file being scanned (NULL in a region scan and in a pass). */
const dft_file *dft_scan_file(const dft_scan *s);
/* Forensic path of decoded content being scanned ("file 123 → xl/sharedStrings.xml → cell B7"), or
 * NULL for a file's own bytes. */
const char *dft_scan_decoded_path(const dft_scan *s);

/* ---- What a plugin emits (copied by the core; strings may be NULL) -------------------------- */

typedef struct dft_finding {
    uint32_t struct_size;
    const char *kind;       /* dotted, lower case: "crypto.address" (contract values in ARCHITECTURE) */
    const char *subkind;    /* "trx", "whatsapp", ... */
    const char *value;      /* the thing found */
    int64_t offset;         /* byte offset in the scanned content (file, region, decoded), -1 if none */
    int64_t length;         /* bytes, -1 when not applicable */
    double confidence;      /* 0.0 - 1.0 */
    const char *details;    /* JSON object text, or NULL */
    const char *personal;   /* which fields hold personal data: "value", "value,details", or NULL */
} dft_finding;

typedef struct dft_message {
    uint32_t struct_size;
    const char *app, *account;
    const char *thread;       /* conversation id */
    const char *thread_title; /* group or contact name of the conversation */
    const char *sender, *recipient;
    const char *direction;    /* "in", "out" or NULL */
    const char *sent_utc;     /* YYYY-MM-DDTHH:MM:SS[.fff]Z (timefmt.h converts every epoch and unit) */
    const char *body, *attachment;
    int deleted;              /* 0/1 */
    const char *source;       /* "table:rowid", "wal:table:rowid", "offset:N" */
    int64_t offset;           /* byte offset in the file of a carved row, -1 otherwise */
    const char *details;      /* JSON: type, reply_to, forwarded, reactions, read_utc, delivered_utc,
                                 participants, only_in ("wal", "backup") ... */
} dft_message;

typedef struct dft_contact {
    uint32_t struct_size;
    const char *app, *account, *name, *phone, *handle;
    const char *source;       /* "table:rowid" */
    const char *details;      /* JSON */
} dft_contact;

typedef struct dft_call {
    uint32_t struct_size;
    const char *app, *account;
    const char *counterpart;  /* the other party: phone (E.164 when known) or app id */
    const char *counterpart_name;
    const char *direction;    /* "in", "out" */
    const char *status;       /* "answered", "missed", "rejected", "cancelled", or NULL */
    const char *media;        /* "voice", "video" */
    const char *start_utc;
    int64_t duration_s;       /* -1 unknown */
    int deleted;
    const char *source;
    const char *details;      /* JSON: group participants, ... */
} dft_call;

typedef struct dft_wallet {
    uint32_t struct_size;
    const char *kind, *chain;
    int encrypted;            /* 0/1, -1 unknown */
    const char *address;      /* the wallet's (first/receive) address when known */
    const char *source;       /* what it was read from: "leveldb key X", "wallet.dat", ... */
    const char *details;      /* JSON */
} dft_wallet;

typedef struct dft_person {
    uint32_t struct_size;
    const char *role;         /* "target", "worker", "unknown" */
    const char *name, *phone, *nationality, *passport, *amount;
    const char *details;      /* JSON: the other columns */
    const char *source;       /* provenance JSON: {"sheet":"S1","row":7,"columns":"A:F"} or {"page":3} */
    const char *personal;     /* personal-data fields: "name,phone,passport" (NULL = all but role) */
} dft_person;

/* Each emit copies its row; out (may be NULL) receives a reference to it for links. */
int dft_emit_finding(dft_scan *s, const dft_finding *f, dft_ref *out);
int dft_emit_message(dft_scan *s, const dft_message *m, dft_ref *out);   /* body is then scanned as decoded
                                                                            content (findings link to it) */
int dft_emit_contact(dft_scan *s, const dft_contact *c, dft_ref *out);
int dft_emit_call(dft_scan *s, const dft_call *c, dft_ref *out);
int dft_emit_wallet(dft_scan *s, const dft_wallet *w, dft_ref *out);
int dft_emit_person(dft_scan *s, const dft_person *p, dft_ref *out);
/* An evidence.warning finding for the scanned file (offset -1 when unknown). */
int dft_emit_warning(dft_scan *s, int64_t offset, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Relates two rows: person → its id.passport finding ("document"), wallet → address ("address"),
 * message → attachment file ("attachment"), finding → message it was found in ("found_in"), person →
 * message/contact/call of the same phone ("contacted_as"). relation is lower case; details JSON or NULL. */
int dft_emit_link(dft_scan *s, dft_ref from, const char *relation, dft_ref to, const char *details);

/* Decoded content: bytes a plugin decoded from what it scans (the text of spreadsheet cells, an
 * inflated gzip member, a decoded protobuf field) go to the streaming scanners and DFT_CLAIM_DECODED
 * plugins like a file's content, with a forensic path back to the original bytes. Runs at once on the
 * calling thread; bounded in depth and bytes (--max-decode-depth, --max-decoded; a cap that is hit is
 * recorded as a warning). Findings emitted on it keep the scanned file's id, the forensic path, the
 * offset inside the decoded bytes, and, when origin_offset >= 0, the offset in the file. */
typedef struct dft_decoded {
    uint32_t struct_size;
    const char *path_element; /* this step of the forensic path: "xl/sharedStrings.xml", "cell B7",
                                 "gzip", "message body" */
    const char *name;         /* a name for claims ("sheet1.xml"), or NULL */
    const char *mime;         /* "text/plain; charset=utf-8" etc., or NULL (typed like a file) */
    int64_t origin_offset;    /* where these bytes start in the scanned content, -1 when they are not a
                                 byte range of it (decompressed, decrypted, reassembled) */
    dft_ref about;            /* the row these bytes belong to (a message), or {0}: findings link to it */
} dft_decoded;
int dft_emit_decoded(dft_scan *s, const dft_decoded *d, const void *bytes, size_t len);

/* A derived file: a whole file decoded from the scanned one (a decrypted msgstore.db.crypt15, an
 * inflated .gz, a decrypted SQLCipher database), or reassembled from a region scan (a database carved
 * from unallocated space or slack). It becomes its own `files` row (derived_from, transform, details,
 * its own hashes), is typed and dispatched to every plugin like a file of the evidence, after the walk
 * (region-derived ones after the region scan), in a deterministic order. Give the bytes, or a path
 * inside dft_content_workdir() (moved, not copied). */
typedef struct dft_derived {
    uint32_t struct_size;
    const char *name;         /* file name of the result: "msgstore.db" */
    const char *transform;    /* "whatsapp-crypt15", "gzip", "sqlcipher-v1", ... */
    const char *details;      /* JSON: key source (never the key), parameters */
    const void *bytes;        /* the content in memory, or NULL and ... */
    size_t len;
    const char *path;         /* ... a file in the scan's workdir */
    /* appended: where byte 0 of the result was found in the scanned content (a region scan: the offset
     * in the region, recorded with the media offset), -1 when unknown; read only in region scans */
    int64_t origin_offset;
} dft_derived;
int dft_emit_derived(dft_scan *s, const dft_derived *d);

/* ---- Passes after the walk ------------------------------------------------------------------ */

typedef struct dft_pass dft_pass;   /* opaque: given to evidence_pass() and case_pass() */

/* A read-only view of one row of the case, for dft_pass_each. */
typedef struct dft_row dft_row;
/* Column value as text (NULL for NULL); numbers are given in decimal. Borrowed for the callback. */
const char *dft_row_text(const dft_row *r, const char *column);
int64_t dft_row_int(const dft_row *r, const char *column, int64_t if_null);
dft_ref dft_row_ref(const dft_row *r);
typedef int (*dft_row_fn)(void *payload, const dft_row *r);   /* non-zero stops, returned */

/* Visits, in id order, the rows of a table ("messages", "persons", "findings", ...) that this run
 * wrote for the pass's evidence item (evidence pass) or for every item of the run (case pass);
 * plugin = NULL for every plugin's rows, kind filters findings.kind (NULL = all). */
int dft_pass_each(dft_pass *p, const char *table, const char *plugin, const char *kind, dft_row_fn cb,
                  void *payload);
/* A scan context to emit with: rows about file_id (0 = about the evidence item, or the case in a case
 * pass); NULL when there is no such file. Emits from a pass are stored at once and return real ids;
 * links must join rows that exist. A message body emitted from a pass is scanned by the streaming
 * scanners (whole-file plugins are not run in passes). Valid until the pass returns. */
dft_scan *dft_pass_scan(dft_pass *p, int64_t file_id);
/* The evidence item of an evidence pass (NULL in a case pass). */
const dft_evidence_view *dft_pass_evidence(const dft_pass *p);
bool dft_pass_cancelled(const dft_pass *p);

/* ---- Unallocated space and slack (DFT_CLAIM_UNALLOC) ---------------------------------------- */

typedef struct dft_region {
    uint32_t struct_size;
    int64_t id;               /* unallocated.id, or 0 for file slack */
    int64_t evidence_id;
    int64_t filesystem_id;    /* 0 when outside a file system */
    int64_t volume_id;        /* 0 when none */
    int64_t file_id;          /* the file whose slack this is, else 0 */
    uint64_t media_offset;    /* first byte, from the start of the media */
    uint64_t length;
    const char *kind;         /* "fs_unalloc", "vs_unalloc", "slack" */
} dft_region;

/* ---- The plugin descriptor ----------------------------------------------------------------- */

typedef struct dft_plugin {
    uint32_t abi;                 /* DFT_PLUGIN_ABI */
    uint32_t struct_size;         /* sizeof(dft_plugin) as compiled by the plugin */
    const char *name;             /* lower case, unique: "whatsapp" */
    const char *version;          /* "1.0.0"; recorded in runs.plugins */
    const char *description;
    const dft_claim *claims;      /* terminated by DFT_CLAIM_END; NULL = rely on wants() */
    const char *const *siblings;  /* NULL-terminated names or "-suffix"es copied beside the file:
                                     {"-wal", "-journal", "-shm", "wa.db", NULL}. Declaring any
                                     postpones the scan of a file until its evidence item was walked,
                                     so that every sibling is known. */
    uint32_t access;              /* DFT_ACCESS_* */
    uint64_t max_size;            /* skip files larger than this (0 = no limit) */
    const dft_option *options;    /* terminated by a NULL key; NULL = none */

    /* Optional heuristic, asked only when no claim matched. */
    bool (*wants)(const dft_file *f);
    /* Optional, once per run: *state is handed back through dft_scan_state(). */
    int (*init)(dft_init *in, void **state);
    void (*fini)(void *state);
    /* Optional, once per worker thread (lazily): *tstate through dft_scan_thread_state(). */
    int (*thread_init)(void *state, void **tstate);
    void (*thread_fini)(void *state, void *tstate);

    /* DFT_ACCESS_WHOLE (files, directories, decoded content) */
    int (*scan)(dft_scan *s, const dft_file *f, const dft_content *c);

    /* DFT_ACCESS_STREAM: begin, blocks in order (offset increasing, no gaps), end. Files, derived files
     * and decoded content. *file_state belongs to the plugin from begin to end; end frees it. */
    int (*stream_begin)(dft_scan *s, const dft_file *f, void **file_state);
    int (*stream_block)(dft_scan *s, void *file_state, uint64_t offset, const uint8_t *data, size_t len);
    int (*stream_end)(dft_scan *s, void *file_state);

    /* DFT_CLAIM_UNALLOC: one region at a time, in disk order; offsets are relative to the region, and
     * findings' offsets too (the core stores the media offset beside them). Uses stream_block. */
    int (*region_begin)(dft_scan *s, const dft_region *r, void **file_state);

    /* Optional passes after the walk: after all files (and postponed scans) of one evidence item, and
     * after every evidence item of the ingest. */
    int (*evidence_pass)(dft_pass *p, void *state);
    int (*case_pass)(dft_pass *p, void *state);
} dft_plugin;

/* External plugins export this symbol. */
typedef const dft_plugin *(*dft_plugin_entry_fn)(void);
#define DFT_PLUGIN_ENTRY_SYMBOL "dft_plugin_entry"

#endif
