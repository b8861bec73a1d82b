/*
 * chatdb.h - the one helper layer every chat parser uses (chat issue: "one shared helper layer rather
 * than copies"): a chat database opened privately with its WAL, rows that exist only in the WAL,
 * column probing (schemas drift by app version: a missing column reads as NULL, ALEAPP's lesson),
 * timestamps of every unit, phone numbers to E.164, and the rows a parser produces.
 *
 * A chat parser (parsers/chat_<app>.c) knows one app's tables. It is described by a dft_chat_parser
 * (detect + parse) and listed in parsers/chat_parsers.h. It never touches the case store: it hands
 * dft_chat_msg / dft_chat_contact / dft_chat_call rows to a dft_chat_sink; plugins/chat/ turns them
 * into emits (messages, contacts, calls, links to attachment files, the chat.database finding).
 *
 * Invariants:
 *  1. Databases are opened only through parsers/sqlite_safe.h (private copies, hardened connection,
 *     budgets). The WAL given is applied; without one the copy is opened immutable.
 *  2. A row "only in the WAL" is one whose rowid is absent from the same table read without the WAL
 *     (a second, WAL-less private copy). Rowids of a table are loaded once per table, lazily.
 *  3. Strings in rows are borrowed for the sink call only; the sink copies what it keeps.
 *  4. Every parser bounds its loops by the rows SQLite returns and checks dft_chatdb_cancelled()
 *     between rows (the watchdog and Ctrl-C reach it through the sqlite_safe progress handler too).
 */
#ifndef DFT_CHATDB_H
#define DFT_CHATDB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "phone.h"
#include "sqlite_safe.h"
#include "timefmt.h"

typedef struct dft_chatdb dft_chatdb;

typedef struct dft_chatdb_opts {
    const char *path;               /* the database (a private copy made by the core, or a test file) */
    const char *wal_path;           /* its -wal, or NULL */
    const char *temp_dir;           /* where sqlite_safe makes its private copies; NULL: $TMPDIR */
    bool (*cancelled)(void *payload);
    void *payload;
    unsigned time_budget_ms;        /* 0: sqlite_safe's default */
    uint64_t step_budget;           /* VM ops per connection; 0: sqlite_safe's default (tests lower it
                                       to prove a query's cost does not grow with rows x rows) */
    /* Deleted-record recovery (issue 13, docs/recovery.md): records recovered from free space, old
     * WAL frames and the journal are inserted into a private merged copy the parsers read instead
     * of the live copy; dft_chatdb_recovered_*() say which rows they are. */
    bool recover;
    const char *journal_path;       /* its rollback -journal, or NULL (read by recovery only) */
} dft_chatdb_opts;

/* Opens the database (and, with a WAL, a WAL-less twin for invariant 2). DFT_ECORRUPT when it is not
 * a readable SQLite database (an encrypted one: see dft_chatdb_sniff). */
int dft_chatdb_open(dft_chatdb **out, const dft_chatdb_opts *o);
void dft_chatdb_close(dft_chatdb *db);

/* The hardened connection with the WAL applied; the sqlite_safe handle (for prepare/step). */
sqlite3 *dft_chatdb_sqlite(dft_chatdb *db);
dft_sqlite *dft_chatdb_safe(dft_chatdb *db);
bool dft_chatdb_cancelled(dft_chatdb *db);

/* What the first bytes of a file say: "sqlite" (plain SQLite 3), "encrypted" (no SQLite header, high
 * entropy first page: SQLCipher and the like; or a SQLite header over an encrypted page 1: SQLCipher
 * with a plaintext header, dft_sqlcipher_plain_header_maybe), "empty", or "other". */
const char *dft_chatdb_sniff(const uint8_t *head, size_t len);

/* WAL facts for the chat.database finding. wal_applied: a -wal was given, its header is valid and it
 * holds at least one commit frame whose salts match the header (SQLite applies only those). */
typedef struct dft_chatdb_wal_info {
    bool wal_present;
    bool wal_applied;
    uint32_t wal_frames;            /* frames in the -wal file */
    uint32_t wal_commits;           /* commit frames among them that carry the header's salts */
} dft_chatdb_wal_info;
void dft_chatdb_wal(const dft_chatdb *db, dft_chatdb_wal_info *out);

/* True when table (an ordinary table, see sqlite_safe's require_table) exists. */
bool dft_chatdb_has_table(dft_chatdb *db, const char *table);
/* True when every name of a NULL-terminated list is an ordinary table. */
bool dft_chatdb_has_tables(dft_chatdb *db, const char *const *tables);
bool dft_chatdb_has_column(dft_chatdb *db, const char *table, const char *column);
/* `"table"."column"` when the column exists, else `NULL` — for SELECT lists built from what the
 * schema holds. The text lives as long as db. Names are quoted; a name with a '"' yields NULL. */
const char *dft_chatdb_col(dft_chatdb *db, const char *table, const char *column);
/* The first of several spellings that exists (NULL-terminated), as dft_chatdb_col, else `NULL`. */
const char *dft_chatdb_col_any(dft_chatdb *db, const char *table, const char *const *columns);
/* Prepares a statement built with printf formatting (the %s arguments are dft_chatdb_col results or
 * fixed names, never evidence text). Errors as sqlite_safe (DFT_ECORRUPT, DFT_ECANCELLED, ...). */
int dft_chatdb_prepare(dft_chatdb *db, sqlite3_stmt **out, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* One step: DFT_SQLITE_ROW, DFT_OK when done, or a negative code. */
int dft_chatdb_step(dft_chatdb *db, sqlite3_stmt *st);
/* Rows in a table (0 when it is missing), for the finding's counts. */
int64_t dft_chatdb_count(dft_chatdb *db, const char *table);

/* True when rowid of table is present with the WAL but absent without it (invariant 2). Always false
 * when there is no WAL. */
bool dft_chatdb_only_in_wal(dft_chatdb *db, const char *table, int64_t rowid);

/* Runs deleted-record recovery on an open database (what opts.recover does at open): afterwards the
 * parsers read the merged copy. Once per database; DFT_OK also when recovery itself failed (a warning
 * in dft_chatdb_recovery), DFT_ECANCELLED when cancelled. */
int dft_chatdb_recover(dft_chatdb *db, const char *journal_path);

/* A row that recovery added (not a live row): where it came from. */
typedef struct dft_chatdb_recovered {
    const char *source;          /* "freeblock:PAGE:OFFSET", "unallocated:PAGE:OFFSET", "freelist:PAGE",
                                    "wal:FRAME:SALT1", "main:PAGE", "journal:PAGE" */
    const char *source_kind;     /* freeblock, unallocated, freelist, wal, main, journal */
    const char *completeness;    /* complete, no_rowid, partial */
    int64_t older_version_of;    /* the live row's rowid when this is an older version of it, else -1 */
    const char *missing;         /* partial: what is missing ("overflow chain: ..."), else NULL */
} dft_chatdb_recovered;
/* True when rowid of table is a recovered row (out may be NULL). Strings live as long as db. */
bool dft_chatdb_recovered_row(dft_chatdb *db, const char *table, int64_t rowid, dft_chatdb_recovered *out);
/* The same for a row's source text "table:rowid" (the form every parser sets). */
bool dft_chatdb_recovered_source(dft_chatdb *db, const char *source, dft_chatdb_recovered *out);

typedef struct dft_chatdb_recovery_info {
    bool ran, truncated;         /* recovery ran; a budget ended it early */
    int64_t records;             /* records recovered from the file */
    int64_t inserted;            /* of them, rows added to the merged copy */
    int64_t skipped;             /* refused by the table's constraints */
    int64_t duplicates;          /* candidates equal to a live row or to another record */
    int64_t warnings;
    const char *first_warning;   /* or NULL */
} dft_chatdb_recovery_info;
void dft_chatdb_recovery(const dft_chatdb *db, dft_chatdb_recovery_info *out);

/* Column helpers: text of a column (NULL when NULL; blobs are not text: NULL), integer with a default. */
const char *dft_chatdb_text(sqlite3_stmt *st, int col);
int64_t dft_chatdb_int(sqlite3_stmt *st, int col, int64_t if_null);
/* A timestamp column in a unit -> UTC text (empty when NULL or 0: "no time"); a REAL column in a Cocoa
 * unit is read as NSDate seconds with fractions. The raw value is in *raw (0 when NULL). */
void dft_chatdb_time(sqlite3_stmt *st, int col, dft_time_unit unit, char out[DFT_TIME_LEN], int64_t *raw);

/* A phone number or a handle that may be one -> E.164 in out (DFT_OK), else DFT_ECORRUPT and out "".
 * region: the device's default region or NULL. International: the digits carry a country code. */
int dft_chatdb_phone(const char *raw, const char *region, bool international, char out[DFT_PHONE_LEN]);

/* ---- Rows a parser produces (strings borrowed for the call; NULL = unknown) ------------------ */

typedef struct dft_chat_msg {
    const char *app;             /* NULL: the parser's app; else this row's (an SMS sent through iMessage) */
    const char *account;         /* the device owner's id/phone in this app */
    const char *thread;          /* conversation id */
    const char *thread_title;    /* group subject or contact name */
    const char *sender, *recipient;  /* phone (E.164 when resolvable) or app id; "name <id>" is not used */
    const char *sender_name;     /* display name of the sender, when the app has one (goes to details) */
    const char *direction;       /* "in", "out", NULL */
    const char *sent_utc;        /* UTC text (dft_chatdb_time) */
    const char *body;
    const char *attachment;      /* device path (absolute, as stored by the app) or name of the media */
    const char *attachment_mime;
    int deleted;                 /* 0/1 (recovered or marked deleted by the app) */
    const char *source;          /* "table:rowid" */
    bool only_in_wal;            /* set by the parser from dft_chatdb_only_in_wal */
    const char *details;         /* JSON object text: type, reply_to, forwarded, read_utc, delivered_utc,
                                    participants, raw times ... (the sink adds only_in) */
    bool has_offset;             /* offset is the row's byte offset in the file (exports, carved rows) */
    int64_t offset;
} dft_chat_msg;

typedef struct dft_chat_contact {
    const char *app;             /* NULL: the parser's app */
    const char *account, *name, *phone, *handle;
    const char *source;
    bool only_in_wal;
    const char *details;
} dft_chat_contact;

typedef struct dft_chat_call {
    const char *app;             /* NULL: the parser's app; else this row's ("facetime" in iOS CallHistory) */
    const char *account;
    const char *counterpart, *counterpart_name;
    const char *direction;       /* "in", "out" */
    const char *status;          /* "answered", "missed", "rejected", "cancelled" */
    const char *media;           /* "voice", "video" */
    const char *start_utc;
    int64_t duration_s;          /* -1 unknown */
    int deleted;
    const char *source;
    bool only_in_wal;
    const char *details;
} dft_chat_call;

/* Where rows go. Any callback may be NULL (rows dropped). A non-zero return stops the parser, which
 * returns it. */
typedef struct dft_chat_sink {
    void *payload;
    int (*message)(void *payload, const dft_chat_msg *m);
    int (*contact)(void *payload, const dft_chat_contact *c);
    int (*call)(void *payload, const dft_chat_call *c);
    /* A problem the parser worked around (an unknown variant, a column that could not be read). */
    void (*warning)(void *payload, const char *message);
} dft_chat_sink;

/* What a parser is told about the database and the device. */
typedef struct dft_chat_ctx {
    const char *device_path;     /* the database's device path (/data/data/com.whatsapp/databases/msgstore.db) */
    const char *region;          /* default phone region (ISO alpha-2) or NULL */
    const char *account_hint;    /* the device's own number/id when known (evidence metadata), or NULL */
    /* Opens another database of the same evidence item ("wa.db", an absolute device path) as a
     * dft_chatdb (with its WAL when present), or returns DFT_ENOTFOUND. The parser closes it. */
    int (*open_sibling)(void *payload, const char *path, dft_chatdb **out);
    /* Reads a small sibling file (shared_prefs XML, key files) into a malloc'd buffer (*len bytes,
     * NUL-terminated); the parser frees it. cap bounds the size. DFT_ENOTFOUND when absent. */
    int (*read_sibling)(void *payload, const char *path, size_t cap, char **bytes, size_t *len);
    void *payload;
} dft_chat_ctx;

/* What a parser reports about the database (for the chat.database finding). */
typedef struct dft_chat_stats {
    const char *variant;         /* schema variant name: "android-message", "android-legacy", ... */
    char account[128];           /* the owner's id when the parser found it */
    int64_t messages, contacts, calls;
    int64_t messages_only_in_wal, contacts_only_in_wal, calls_only_in_wal;
    int64_t skipped;             /* rows that could not be read (warnings say why) */
    char *extra_details;         /* malloc'd JSON object text merged into the chat.database details
                                    (secret chats, unknown constructors, ...), or NULL; freed by the plugin */
} dft_chat_stats;

/* One app's parser of one database family. */
typedef struct dft_chat_parser {
    const char *app;             /* lower-case app id (ARCHITECTURE: whatsapp, telegram, sms, ...) */
    const char *name;            /* parser name: "whatsapp-android" */
    /* fnmatch patterns on the device path ('*' crosses '/') where the app keeps this database, or NULL.
     * A database at such a path that detect() does not recognise is still reported (a chat.database
     * finding with variant "unknown" and a warning), never silently skipped. */
    const char *const *paths;
    /* Confidence that db is this parser's (0 = not mine), from tables and columns only. The highest
     * score among the parsers whose claims matched the file wins; ties go to list order. */
    int (*detect)(dft_chatdb *db, const dft_chat_ctx *ctx);
    int (*parse)(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats);
} dft_chat_parser;

/* JSON helpers for details: a growing buffer that writes an object with escaped values. */
typedef struct dft_chat_json {
    char *buf;
    size_t len, cap;
    bool failed;                 /* out of memory: the buffer holds "{}" */
    bool any;
} dft_chat_json;
void dft_chat_json_begin(dft_chat_json *j);
void dft_chat_json_str(dft_chat_json *j, const char *key, const char *value);   /* skipped when NULL */
void dft_chat_json_int(dft_chat_json *j, const char *key, int64_t value);
void dft_chat_json_bool(dft_chat_json *j, const char *key, bool value);
void dft_chat_json_raw(dft_chat_json *j, const char *key, const char *json);    /* already JSON */
/* Closes the object and returns the text (owned by j; valid until dft_chat_json_free). */
const char *dft_chat_json_end(dft_chat_json *j);
void dft_chat_json_free(dft_chat_json *j);

#endif
