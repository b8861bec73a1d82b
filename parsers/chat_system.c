/*
 * chat_system.c - helpers of the system-database chat parsers (see chat_system.h).
 */
#include "chat_system.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "strmap.h"

const char *dft_chatsys_addr(const char *raw, const char *region, char buf[DFT_PHONE_LEN])
{
    if (!raw || !*raw) return NULL;
    /* a '+' or "00" prefix is international anyway; national numbers need the region */
    if (dft_chatdb_phone(raw, region, false, buf) == DFT_OK) return buf;
    return raw;
}

/* The memo maps "region|raw" to the E.164 digits as an integer (E.164 has at most 15 digits and no
 * leading zero, so it fits) or -1 for "not a phone number". */
const char *dft_chatsys_addr_memo(dft_strmap *cache, const char *raw, const char *region, char buf[DFT_PHONE_LEN])
{
    if (!cache || !raw || !*raw || strlen(raw) > 200) return dft_chatsys_addr(raw, region, buf);
    char key[256];
    snprintf(key, sizeof key, "%s|%s", region ? region : "", raw);
    int64_t v;
    if (dft_strmap_get(cache, key, &v) == DFT_OK) {
        if (v < 0) return raw;
        snprintf(buf, DFT_PHONE_LEN, "+%lld", (long long)v);
        return buf;
    }
    const char *out = dft_chatsys_addr(raw, region, buf);
    if (dft_strmap_count(cache) < DFT_CHATSYS_ADDR_MEMO) {
        v = -1;
        if (out == buf && buf[0] == '+' && strlen(buf) <= 16 && strspn(buf + 1, "0123456789") == strlen(buf + 1))
            v = strtoll(buf + 1, NULL, 10);
        dft_strmap_put(cache, key, v);
    }
    return out;
}

void dft_chatsys_account(const dft_chat_ctx *ctx, char out[128], dft_chat_stats *stats)
{
    out[0] = '\0';
    if (ctx && ctx->account_hint && *ctx->account_hint) {
        char e164[DFT_PHONE_LEN];
        const char *a = dft_chatsys_addr(ctx->account_hint, ctx->region, e164);
        snprintf(out, 128, "%s", a);
    }
    if (stats && out[0] && !stats->account[0]) snprintf(stats->account, sizeof stats->account, "%s", out);
}

void dft_chatsys_str_add(dft_chatsys_str *s, const char *text)
{
    if (!text || s->failed) return;
    size_t n = strlen(text);
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 64;
        while (cap < s->len + n + 1) cap *= 2;
        char *t = realloc(s->text, cap);
        if (!t) {
            s->failed = true;
            return;
        }
        s->text = t;
        s->cap = cap;
    }
    memcpy(s->text + s->len, text, n + 1);
    s->len += n;
}

void dft_chatsys_str_join(dft_chatsys_str *s, const char *sep, const char *text)
{
    if (!text) return;
    if (s->len) dft_chatsys_str_add(s, sep);
    dft_chatsys_str_add(s, text);
}

const char *dft_chatsys_str_get(const dft_chatsys_str *s) { return s->text && !s->failed ? s->text : NULL; }

void dft_chatsys_str_free(dft_chatsys_str *s)
{
    free(s->text);
    memset(s, 0, sizeof *s);
}

/* A JSON array of distinct strings. Membership is a hash lookup (seen): a linear scan per add made
 * a hostile MMS or chat with 100,000 parties quadratic (billions of comparisons, outside SQLite's
 * time budget). */
struct dft_chatsys_list {
    json_t *a;
    dft_strmap *seen;
};

dft_chatsys_list *dft_chatsys_list_new(void)
{
    dft_chatsys_list *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    l->a = json_array();
    if (!l->a || dft_strmap_new(&l->seen) != DFT_OK) {
        json_decref(l->a);
        free(l);
        return NULL;
    }
    return l;
}

void dft_chatsys_list_add(dft_chatsys_list *l, const char *s)
{
    if (!l || !s || !*s) return;
    int64_t dummy;
    if (dft_strmap_get(l->seen, s, &dummy) == DFT_OK) return;
    /* json_string refuses invalid UTF-8 (the value is then left out: details must stay JSON) */
    json_t *js = json_string(s);
    if (!js) return;
    if (dft_strmap_put(l->seen, s, 1) != DFT_OK) {
        json_decref(js);
        return;
    }
    json_array_append_new(l->a, js);
}

size_t dft_chatsys_list_len(const dft_chatsys_list *l) { return l ? json_array_size(l->a) : 0; }

char *dft_chatsys_list_dump(const dft_chatsys_list *l)
{
    if (!l) return NULL;
    return json_dumps(l->a, JSON_COMPACT);
}

void dft_chatsys_list_free(dft_chatsys_list *l)
{
    if (!l) return;
    json_decref(l->a);
    dft_strmap_free(l->seen);
    free(l);
}

const char *dft_chatsys_source(char buf[96], const char *table, long long rowid)
{
    snprintf(buf, 96, "%s:%lld", table, rowid);
    return buf;
}

/* ---- merge-join cursor over a child table ------------------------------------------------- */

int dft_chatsys_child_next(dft_chatsys_child *c)
{
    c->has_row = false;
    if (!c->st) return DFT_OK;
    int rc = dft_chatdb_step(c->db, c->st);
    if (rc == DFT_SQLITE_ROW) {
        c->has_row = true;
        c->key = dft_chatdb_int(c->st, 0, INT64_MIN);
        return DFT_OK;
    }
    return rc;
}

int dft_chatsys_child_open(dft_chatsys_child *c, dft_chatdb *db, sqlite3_stmt *st)
{
    memset(c, 0, sizeof *c);
    c->db = db;
    c->st = st;
    return dft_chatsys_child_next(c);
}

int dft_chatsys_child_seek(dft_chatsys_child *c, int64_t parent_id)
{
    int rc = DFT_OK;
    while (!rc && c->has_row && c->key < parent_id) rc = dft_chatsys_child_next(c);
    return rc;
}

bool dft_chatsys_child_match(const dft_chatsys_child *c, int64_t parent_id)
{
    return c->has_row && c->key == parent_id;
}

void dft_chatsys_child_close(dft_chatsys_child *c)
{
    if (c->st) sqlite3_finalize(c->st);
    memset(c, 0, sizeof *c);
}
