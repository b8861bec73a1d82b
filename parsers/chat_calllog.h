/*
 * chat_calllog.h - the Android `calls` table reader shared by the call-log parser (calllog.db) and
 * the contacts parser (contacts2.db holds `calls` before Android 7).
 */
#ifndef DFT_CHAT_CALLLOG_H
#define DFT_CHAT_CALLLOG_H

#include "chatdb.h"

/* True when db has a `calls` table with the columns the reader needs. */
bool dft_calllog_android_has_calls(dft_chatdb *db);
/* Emits every row of `calls` as a dft_chat_call (counts in stats). account: the owner's number or "". */
int dft_calllog_android_calls(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink,
                              dft_chat_stats *stats, const char *account);

#endif
