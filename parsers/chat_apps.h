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

#endif
