/*
 * chat_apps.h - small helpers shared by the "other chat apps" parsers (parsers/chat_line.c,
 * chat_viber.c, ...): hand one row to the sink with its source "table:rowid", the WAL-only flag and
 * the stats counters, and turn a failed row loop into a warning + skipped (chat rule: a row that cannot
 * be read is a warning, reading goes on with the next table). Additive to chatdb.h, which the lead owns.
 */
#ifndef DFT_CHAT_APPS_H
#define DFT_CHAT_APPS_H

#include "chatdb.h"

/* Fills m->source ("table:rowid") and m->only_in_wal, calls the sink, counts. Returns the sink's code. */
int dft_capp_msg(dft_chatdb *db, const dft_chat_sink *sink, dft_chat_stats *stats, dft_chat_msg *m, const char *table,
                 int64_t rowid);
int dft_capp_contact(dft_chatdb *db, const dft_chat_sink *sink, dft_chat_stats *stats, dft_chat_contact *c,
                     const char *table, int64_t rowid);
int dft_capp_call(dft_chatdb *db, const dft_chat_sink *sink, dft_chat_stats *stats, dft_chat_call *c, const char *table,
                  int64_t rowid);
/* End of a row loop whose last step returned rc: corrupt pages become a warning + stats->skipped and
 * DFT_OK; cancellation and out-of-memory are returned. */
int dft_capp_loop_end(int rc, const char *table, int64_t last_rowid, const dft_chat_sink *sink, dft_chat_stats *stats);
/* The device path of a file next to ctx->device_path (same directory) in out. */
void dft_capp_sibling_path(const dft_chat_ctx *ctx, const char *name, char *out, size_t cap);
/* Phone to E.164 in out, or a copy of raw when it is not a phone number (app ids stay as they are). */
const char *dft_capp_party(const char *raw, const char *region, char out[DFT_PHONE_LEN + 64]);

/* A JSON string member's text (len bytes, as jansson loaded it with JSON_ALLOW_NUL) with every NUL
 * ("\u0000" in the JSON) replaced by U+FFFD: malloc'd, or NULL when it holds no NUL (use s as is) or on
 * out-of-memory. Without JSON_ALLOW_NUL jansson refuses the whole document, so one "\u0000" in a
 * message would hide the message (an easy anti-forensic trick); with it, C strings would end there. */
char *dft_capp_nul_free(const char *s, size_t len);

/* The member expression of a json_group_array() over evidence values (x: a column name literal). SQLite's
 * JSON functions raise "JSON cannot hold BLOB values" on a BLOB, and that error ends the statement: one
 * hostile member row would stop the whole message loop. A BLOB member is kept as its bytes cast to text
 * (invalid UTF-8 is replaced when the details are written, dft_chat_json_raw). */
#define DFT_CAPP_JSON_MEMBER(x) "CASE typeof(" x ") WHEN 'blob' THEN CAST(" x " AS TEXT) ELSE " x " END"

#endif
