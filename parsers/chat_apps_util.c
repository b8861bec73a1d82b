/*
 * chat_apps_util.c - helpers of parsers/chat_apps.h: emit a row with its source and WAL flag, count
 * it, and end a row loop with a warning instead of losing the rows already read.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_apps.h"
#include "error.h"

int dft_capp_msg(dft_chatdb *db, const dft_chat_sink *sink, dft_chat_stats *stats, dft_chat_msg *m, const char *table,
                 int64_t rowid)
{
    char src[96];
    snprintf(src, sizeof src, "%s:%" PRId64, table, rowid);
    m->source = src;
    m->only_in_wal = dft_chatdb_only_in_wal(db, table, rowid);
    int rc = sink->message ? sink->message(sink->payload, m) : DFT_OK;
    m->source = NULL;
    if (rc) return rc;
    stats->messages++;
    if (m->only_in_wal) stats->messages_only_in_wal++;
    return DFT_OK;
}

int dft_capp_contact(dft_chatdb *db, const dft_chat_sink *sink, dft_chat_stats *stats, dft_chat_contact *c,
                     const char *table, int64_t rowid)
{
    char src[96];
    snprintf(src, sizeof src, "%s:%" PRId64, table, rowid);
    c->source = src;
    c->only_in_wal = dft_chatdb_only_in_wal(db, table, rowid);
    int rc = sink->contact ? sink->contact(sink->payload, c) : DFT_OK;
    c->source = NULL;
    if (rc) return rc;
    stats->contacts++;
    if (c->only_in_wal) stats->contacts_only_in_wal++;
    return DFT_OK;
}

int dft_capp_call(dft_chatdb *db, const dft_chat_sink *sink, dft_chat_stats *stats, dft_chat_call *c, const char *table,
                  int64_t rowid)
{
    char src[96];
    snprintf(src, sizeof src, "%s:%" PRId64, table, rowid);
    c->source = src;
    c->only_in_wal = dft_chatdb_only_in_wal(db, table, rowid);
    int rc = sink->call ? sink->call(sink->payload, c) : DFT_OK;
    c->source = NULL;
    if (rc) return rc;
    stats->calls++;
    if (c->only_in_wal) stats->calls_only_in_wal++;
    return DFT_OK;
}

int dft_capp_loop_end(int rc, const char *table, int64_t last_rowid, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    if (rc >= 0) return DFT_OK;
    if (rc == DFT_ECANCELLED || rc == DFT_ENOMEM) return rc;
    char w[600];
    snprintf(w, sizeof w, "%s: reading stopped after rowid %" PRId64 ": %s", table, last_rowid, dft_error_last());
    if (sink->warning) sink->warning(sink->payload, w);
    stats->skipped++;
    return DFT_OK;
}

void dft_capp_sibling_path(const dft_chat_ctx *ctx, const char *name, char *out, size_t cap)
{
    const char *dp = ctx->device_path ? ctx->device_path : "";
    const char *slash = strrchr(dp, '/');
    if (!slash) snprintf(out, cap, "%s", name);
    else snprintf(out, cap, "%.*s/%s", (int)(slash - dp), dp, name);
}

const char *dft_capp_party(const char *raw, const char *region, char out[DFT_PHONE_LEN + 64])
{
    if (!raw || !*raw) return NULL;
    char e164[DFT_PHONE_LEN];
    /* only digit strings (with an optional '+') are phone numbers; app ids (LINE mids) are kept */
    bool digits = true;
    for (const char *p = raw + (raw[0] == '+'); *p; p++)
        if (!((*p >= '0' && *p <= '9') || *p == ' ' || *p == '-')) digits = false;
    if (digits && dft_chatdb_phone(raw, region, raw[0] == '+', e164) == DFT_OK) snprintf(out, DFT_PHONE_LEN + 64, "%s", e164);
    else snprintf(out, DFT_PHONE_LEN + 64, "%s", raw);
    return out;
}

char *dft_capp_nul_free(const char *s, size_t len)
{
    if (!s || memchr(s, '\0', len) == NULL) return NULL;
    if (len > (SIZE_MAX - 1) / 3) return NULL;
    char *out = malloc(len * 3 + 1), *o = out;
    if (!out) return NULL;
    for (size_t i = 0; i < len; i++) {
        if (s[i]) *o++ = s[i];
        else { memcpy(o, "\xef\xbf\xbd", 3); o += 3; }
    }
    *o = '\0';
    return out;
}
