/*
 * tl_user.c - decodes Telegram TL User and Chat/Channel objects (tl_telegram.h) across layers.
 *
 * The prefix of every user constructor since layer ~40 is: flags [flags2, layer 150+] id (int before
 * layer 133, long after) access_hash:f.0?long first_name:f.1?string last_name:f.2?string
 * username:f.3?string phone:f.4?string ... self is f.10. Rather than a table of every layer's
 * constructor, the id is anchored: with the users.uid known, the layout whose id field equals it
 * is the one; without (userconfing.xml), the layouts are tried and the first whose flagged strings
 * all read as UTF-8 (and whose phone is digits) wins. Chats: chat = flags id title; channel = flags
 * [flags2] id access_hash:f.13?long title; the chats.name column (lower-cased title) picks between.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "error.h"
#include "tl_telegram.h"

typedef struct layout {
    size_t id_off;
    bool id_long;
} layout;

static const layout LAYOUTS[] = {
    { 12, true },   /* flags flags2 id:long */
    { 8, true },    /* flags id:long */
    { 8, false },   /* flags id:int */
};

static bool digits(dft_tl_str s)
{
    for (size_t i = 0; i < s.len; i++)
        if (!isdigit(s.p[i])) return false;
    return true;
}

/* Reads the user fields after the id at layout l. False when a string is malformed. */
static bool user_at(const uint8_t *b, size_t len, const layout *l, dft_tg_user *u)
{
    dft_tl r;
    dft_tl_init(&r, b, len);
    u->ctor = dft_tl_u32(&r);
    uint32_t flags = dft_tl_u32(&r);
    dft_tl_skip(&r, l->id_off - 8);
    u->id = l->id_long ? dft_tl_i64(&r) : dft_tl_i32(&r);
    if (dft_tl_flag(flags, 0)) dft_tl_i64(&r);
    dft_tl_str none = { NULL, 0 };
    u->first = dft_tl_flag(flags, 1) ? dft_tl_bytes(&r) : none;
    u->last = dft_tl_flag(flags, 2) ? dft_tl_bytes(&r) : none;
    u->username = dft_tl_flag(flags, 3) ? dft_tl_bytes(&r) : none;
    u->phone = dft_tl_flag(flags, 4) ? dft_tl_bytes(&r) : none;
    u->self = dft_tl_flag(flags, 10);
    if (r.bad) return false;
    return dft_tl_utf8(u->first) && dft_tl_utf8(u->last) && dft_tl_utf8(u->username) && dft_tl_utf8(u->phone) &&
           digits(u->phone) && u->id > 0;
}

int dft_tg_user_decode(const uint8_t *blob, size_t len, int64_t uid_hint, dft_tg_user *u)
{
    memset(u, 0, sizeof *u);
    if (!blob || len < 8) return dft_error_set(DFT_ECORRUPT, "TL user: %zu bytes", len);
    dft_tl r;
    dft_tl_init(&r, blob, len);
    u->ctor = dft_tl_u32(&r);
    if (u->ctor == 0xd3bc4b7a || u->ctor == 0x200250ba) {   /* userEmpty (long / int id) */
        u->empty = true;
        u->id = u->ctor == 0xd3bc4b7a ? dft_tl_i64(&r) : dft_tl_i32(&r);
        return dft_tl_check(&r, "userEmpty");
    }
    for (size_t i = 0; i < sizeof LAYOUTS / sizeof LAYOUTS[0]; i++) {
        const layout *l = &LAYOUTS[i];
        if (l->id_off + (l->id_long ? 8 : 4) > len) continue;
        dft_tg_user t;
        memset(&t, 0, sizeof t);
        bool ok = user_at(blob, len, l, &t);
        if (uid_hint ? (t.id == uid_hint && ok) : ok) {
            *u = t;
            return DFT_OK;
        }
    }
    return dft_error_set(DFT_ECORRUPT, "TL user 0x%08x: no known layout fits%s", u->ctor,
                         uid_hint ? " the row's uid" : "");
}

/* Case-folded UTF-8 (malloc'd) for comparing with the client's lower-cased name column. */
static char *fold(const uint8_t *s, size_t n)
{
    utf8proc_uint8_t *out = NULL;
    if (utf8proc_map(s, (utf8proc_ssize_t)n, &out, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD) < 0)
        return NULL;
    return (char *)out;
}

static bool same_folded(dft_tl_str a, const char *b)
{
    if (!b) return false;
    char *fa = fold(a.p, a.len), *fb = fold((const uint8_t *)b, strlen(b));
    bool eq = fa && fb && strcmp(fa, fb) == 0;
    free(fa);
    free(fb);
    return eq;
}

int dft_tg_chat_decode(const uint8_t *blob, size_t len, int64_t uid_hint, const char *name_hint, dft_tg_chat *c)
{
    memset(c, 0, sizeof *c);
    if (!blob || len < 8) return dft_error_set(DFT_ECORRUPT, "TL chat: %zu bytes", len);
    dft_tl r;
    dft_tl_init(&r, blob, len);
    c->ctor = dft_tl_u32(&r);
    uint32_t flags = dft_tl_u32(&r);
    /* candidates: (id layout) x (access_hash skipped or not); the name column decides, else the
     * first candidate whose id matches and whose title is non-empty UTF-8 */
    dft_tl_str best = { NULL, 0 };
    bool have = false;
    for (size_t i = 0; i < sizeof LAYOUTS / sizeof LAYOUTS[0]; i++) {
        const layout *l = &LAYOUTS[i];
        for (int k = 0; k < 2; k++) {
            /* channels set f.13 (access_hash); basic groups never use that bit: try the likely first */
            int skip_hash = dft_tl_flag(flags, 13) ? 1 - k : k;
            if (skip_hash && !dft_tl_flag(flags, 13)) continue;
            dft_tl t;
            dft_tl_init(&t, blob, len);
            dft_tl_skip(&t, l->id_off);
            int64_t id = l->id_long ? dft_tl_i64(&t) : dft_tl_i32(&t);
            if (skip_hash) dft_tl_i64(&t);
            dft_tl_str s = dft_tl_bytes(&t);
            if (t.bad || id <= 0 || (uid_hint && id != uid_hint) || !s.len || !dft_tl_utf8(s)) continue;
            if (same_folded(s, name_hint)) {
                c->id = id;
                c->title = s;
                c->has_title = true;
                return DFT_OK;
            }
            if (!have) {
                have = true;
                best = s;
                c->id = id;
            }
        }
    }
    if (!have) return dft_error_set(DFT_ECORRUPT, "TL chat 0x%08x: no known layout fits", c->ctor);
    c->title = best;
    c->has_title = true;
    return DFT_OK;
}
