/*
 * chat_system.h - small helpers shared by the system-database chat parsers (SMS/MMS, Google
 * Messages, iMessage, contacts, call logs): addresses to E.164, the owner's number as account, a
 * growing string, and JSON arrays of strings (jansson) for details such as participants.
 */
#ifndef DFT_CHAT_SYSTEM_H
#define DFT_CHAT_SYSTEM_H

#include <stdbool.h>
#include <stddef.h>

#include "chatdb.h"

/* An address as the message row shows it: E.164 (in buf) when it is a resolvable phone number,
 * else the raw text (an e-mail, a short code, an alphanumeric sender). NULL stays NULL. */
const char *dft_chatsys_addr(const char *raw, const char *region, char buf[DFT_PHONE_LEN]);

/* dft_chatsys_addr with a memo (libphonenumber costs tens of microseconds a call; SMS tables repeat
 * a few thousand addresses over millions of rows). cache: a dft_strmap owned by the caller, or NULL
 * (no memo). The memo keeps at most DFT_CHATSYS_ADDR_MEMO entries (bounded memory). */
#define DFT_CHATSYS_ADDR_MEMO 100000
typedef struct dft_strmap dft_strmap;
const char *dft_chatsys_addr_memo(dft_strmap *cache, const char *raw, const char *region, char buf[DFT_PHONE_LEN]);

/* The device owner's number (ctx->account_hint) in E.164 when resolvable, else as given; "" when
 * unknown. Copies it to stats->account too when stats is not NULL. */
void dft_chatsys_account(const dft_chat_ctx *ctx, char out[128], dft_chat_stats *stats);

/* A growing NUL-terminated string. On allocation failure `failed` is set and text stays valid. */
typedef struct dft_chatsys_str {
    char *text;
    size_t len, cap;
    bool failed;
} dft_chatsys_str;
void dft_chatsys_str_add(dft_chatsys_str *s, const char *text);
/* Adds text after sep when s is not empty. */
void dft_chatsys_str_join(dft_chatsys_str *s, const char *sep, const char *text);
/* The text, or NULL when nothing was added. */
const char *dft_chatsys_str_get(const dft_chatsys_str *s);
void dft_chatsys_str_free(dft_chatsys_str *s);

/* A JSON array of strings. add skips NULL and duplicates (kept in insertion order); dump returns
 * malloc'd JSON text ("[]" when empty) or NULL on allocation failure. */
typedef struct dft_chatsys_list dft_chatsys_list;
dft_chatsys_list *dft_chatsys_list_new(void);
void dft_chatsys_list_add(dft_chatsys_list *l, const char *s);
size_t dft_chatsys_list_len(const dft_chatsys_list *l);
char *dft_chatsys_list_dump(const dft_chatsys_list *l);
void dft_chatsys_list_free(dft_chatsys_list *l);

/* "table:rowid" into buf. */
const char *dft_chatsys_source(char buf[96], const char *table, long long rowid);

/* A child table read alongside its parent in one pass (a merge join), so per-parent lookups need
 * no index on the child's foreign key (evidence databases may lack it: a lookup per parent row would
 * scan the child table each time). The child statement's column 0 is the parent id as an integer
 * (CAST(... AS INTEGER)) and the statement is ORDER BY that column; parents are visited in
 * ascending id order. The cursor only moves forward: bounded by the child's rows. */
typedef struct dft_chatsys_child {
    dft_chatdb *db;
    sqlite3_stmt *st;      /* owned: finalised by dft_chatsys_child_close */
    bool has_row;
    int64_t key;
} dft_chatsys_child;
/* Takes st and reads its first row. */
int dft_chatsys_child_open(dft_chatsys_child *c, dft_chatdb *db, sqlite3_stmt *st);
/* Skips child rows whose key is below parent_id. */
int dft_chatsys_child_seek(dft_chatsys_child *c, int64_t parent_id);
/* True when the current child row belongs to parent_id. */
bool dft_chatsys_child_match(const dft_chatsys_child *c, int64_t parent_id);
int dft_chatsys_child_next(dft_chatsys_child *c);
void dft_chatsys_child_close(dft_chatsys_child *c);

#endif
