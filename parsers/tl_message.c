/*
 * tl_message.c - decodes a Telegram Android TL Message blob across layers (tl_telegram.h has the
 * constructor table and the fallback rules). Every read goes through the sticky bounded cursor of
 * tl.h; a walk that fails or disagrees with the row's date never yields text by itself.
 */
#include <string.h>

#include "error.h"
#include "tl_telegram.h"

enum { FAM_NONE, FAM_FLAGS2, FAM_PEER, FAM_INT, FAM_SERVICE, FAM_EMPTY };

typedef struct ctor_info {
    uint32_t id;
    int family;
    unsigned char via_int;   /* via_bot_id is an int (layers before 64-bit ids) */
    unsigned char rank;      /* flags2.12 from_rank string */
    unsigned char guest;     /* flags2.19 guestchat peer */
    unsigned char svc;       /* service layout: 0 peer+reply, 1 peer+saved+reply, 2 int+reply, 3 int,
                                4 int no flags bits, 5 layer 16 (no flags) */
} ctor_info;

static const ctor_info CTORS[] = {
    { 0x7600b9d3, FAM_FLAGS2, 0, 1, 1, 0 }, { 0x95ef6f2b, FAM_FLAGS2, 0, 1, 1, 0 },
    { 0x3ae56482, FAM_FLAGS2, 0, 1, 0, 0 }, { 0x9cb490e9, FAM_FLAGS2, 0, 0, 0, 0 },
    { 0xb92f76cf, FAM_FLAGS2, 0, 0, 0, 0 }, { 0x9815cec8, FAM_FLAGS2, 0, 0, 0, 0 },
    { 0xeabcdd4d, FAM_FLAGS2, 0, 0, 0, 0 }, { 0x96fdbbe9, FAM_FLAGS2, 0, 0, 0, 0 },
    { 0x94345242, FAM_FLAGS2, 0, 0, 0, 0 }, { 0xbde09c2e, FAM_FLAGS2, 0, 0, 0, 0 },
    { 0x2357bf25, FAM_FLAGS2, 0, 0, 0, 0 },
    { 0xa66c7efc, FAM_PEER, 0, 0, 0, 0 }, { 0x1e4c8a69, FAM_PEER, 0, 0, 0, 0 },
    { 0x76bec211, FAM_PEER, 0, 0, 0, 0 }, { 0x38116ee0, FAM_PEER, 0, 0, 0, 0 },
    { 0x85d6cbe2, FAM_PEER, 0, 0, 0, 0 }, { 0xf52e6b7f, FAM_PEER, 0, 0, 0, 0 },
    { 0xbce383d2, FAM_PEER, 1, 0, 0, 0 }, { 0x58ae39c9, FAM_PEER, 1, 0, 0, 0 },
    { 0x452c0e65, FAM_INT, 1, 0, 0, 0 }, { 0x44f9b43d, FAM_INT, 1, 0, 0, 0 },
    { 0x90dddc11, FAM_INT, 1, 0, 0, 0 }, { 0xc09be45f, FAM_INT, 1, 0, 0, 0 },
    { 0x7a800e0a, FAM_SERVICE, 0, 0, 0, 1 }, { 0xd3d28540, FAM_SERVICE, 0, 0, 0, 0 },
    { 0x2b085862, FAM_SERVICE, 0, 0, 0, 0 }, { 0x286fa604, FAM_SERVICE, 0, 0, 0, 0 },
    { 0x9e19a1f6, FAM_SERVICE, 0, 0, 0, 2 }, { 0xc06b9607, FAM_SERVICE, 0, 0, 0, 3 },
    { 0x1d86f70e, FAM_SERVICE, 0, 0, 0, 4 }, { 0x9f8d60bb, FAM_SERVICE, 0, 0, 0, 5 },
    { 0x90a6ca84, FAM_EMPTY, 0, 0, 0, 0 }, { 0x83e5de54, FAM_EMPTY, 0, 0, 0, 1 },
};

static const ctor_info *ctor_find(uint32_t id)
{
    for (size_t i = 0; i < sizeof CTORS / sizeof CTORS[0]; i++)
        if (CTORS[i].id == id) return &CTORS[i];
    return NULL;
}

static const char *const FAMILY[] = { "unknown", "flags2", "peer", "int", "service", "empty" };

/* Peer: peerUser/peerChat/peerChannel with a long id (layer 133+) or an int id (before). */
static dft_tg_peer read_peer(dft_tl *r)
{
    dft_tg_peer p = { 0, 0 };
    uint32_t c = dft_tl_u32(r);
    switch (c) {
    case 0x59511722: p.type = 'u'; p.id = dft_tl_i64(r); break;
    case 0x36c6019a: p.type = 'c'; p.id = dft_tl_i64(r); break;
    case 0xa2a5371e: p.type = 'h'; p.id = dft_tl_i64(r); break;
    case 0x9db1bc6d: p.type = 'u'; p.id = dft_tl_i32(r); break;
    case 0xbad0e5bb: p.type = 'c'; p.id = dft_tl_i32(r); break;
    case 0xbddde532: p.type = 'h'; p.id = dft_tl_i32(r); break;
    default: r->bad = true; break;
    }
    return p;
}

/* MessageFwdHeader: false when the constructor is not one we can step over. */
static bool read_fwd(dft_tl *r, dft_tg_message *m)
{
    uint32_t c = dft_tl_u32(r);
    uint32_t f = dft_tl_u32(r);
    switch (c) {
    case 0x4e4df4bb:   /* current: + saved_from_id f.8, saved_from_name f.9, saved_date f.10 */
    case 0x5f777dce:   /* layer 119+ */
        if (dft_tl_flag(f, 0)) m->fwd_from = read_peer(r);
        if (dft_tl_flag(f, 5)) m->fwd_name = dft_tl_bytes(r);
        m->fwd_date = dft_tl_i32(r);
        if (dft_tl_flag(f, 2)) dft_tl_i32(r);
        if (dft_tl_flag(f, 3)) dft_tl_bytes(r);
        if (dft_tl_flag(f, 4)) { read_peer(r); dft_tl_i32(r); }
        if (c == 0x4e4df4bb) {
            if (dft_tl_flag(f, 8)) read_peer(r);
            if (dft_tl_flag(f, 9)) dft_tl_bytes(r);
            if (dft_tl_flag(f, 10)) dft_tl_i32(r);
        }
        if (dft_tl_flag(f, 6)) dft_tl_bytes(r);
        return !r->bad;
    case 0xec338270:   /* layers ~ 84-118: from_id int, from_name f.5, channel_id f.1 */
    case 0xfadff4ac:   /* layers ~ 68-83: no from_name, no psa_type */
        if (dft_tl_flag(f, 0)) { m->fwd_from.type = 'u'; m->fwd_from.id = dft_tl_i32(r); }
        if (c == 0xec338270 && dft_tl_flag(f, 5)) m->fwd_name = dft_tl_bytes(r);
        m->fwd_date = dft_tl_i32(r);
        if (dft_tl_flag(f, 1)) {
            int32_t ch = dft_tl_i32(r);
            if (!m->fwd_from.type) { m->fwd_from.type = 'h'; m->fwd_from.id = ch; }
        }
        if (dft_tl_flag(f, 2)) dft_tl_i32(r);
        if (dft_tl_flag(f, 3)) dft_tl_bytes(r);
        if (dft_tl_flag(f, 4)) { read_peer(r); dft_tl_i32(r); }
        if (c == 0xec338270 && dft_tl_flag(f, 6)) dft_tl_bytes(r);
        return !r->bad;
    default:
        return false;
    }
}

/* MessageEntity: false at an entity we do not know (the vector cannot be stepped further). */
static bool skip_entity(dft_tl *r)
{
    uint32_t c = dft_tl_u32(r);
    switch (c) {
    case 0x76a6d327:               /* textUrl: offset length url */
    case 0x73924be0:               /* pre: offset length language */
        dft_tl_i32(r); dft_tl_i32(r); dft_tl_bytes(r); return !r->bad;
    case 0xdc7b1140:               /* mentionName: offset length user_id:long */
    case 0xc8cf05f8:               /* customEmoji: offset length document_id:long */
        dft_tl_i32(r); dft_tl_i32(r); dft_tl_i64(r); return !r->bad;
    case 0x352dca58:               /* mentionName (int user id) */
        dft_tl_i32(r); dft_tl_i32(r); dft_tl_i32(r); return !r->bad;
    case 0xf1ccaaac:               /* blockquote: flags offset length */
        dft_tl_u32(r); dft_tl_i32(r); dft_tl_i32(r); return !r->bad;
    case 0xbb92ba95: case 0xfa04579d: case 0x6f635b0d: case 0x6ed02538: case 0x64e475c2:
    case 0xbd610bc9: case 0x826f8b60: case 0x28a20571: case 0x9b69e34b: case 0x4c4e743f:
    case 0x9c4e7e8b: case 0xbf0693d4: case 0x761e6af4: case 0x020df5d0: case 0x32ca960f:
        /* unknown, mention, hashtag, botCommand, url, bold, italic, code, phone, cashtag,
           underline, strike, bankCard, blockquote (old), spoiler: offset length */
        dft_tl_i32(r); dft_tl_i32(r); return !r->bad;
    default:
        return false;
    }
}

/* MessageReplyHeader: reads reply_to_msg_id; false when it cannot be stepped over entirely. */
static bool read_reply(dft_tl *r, dft_tg_message *m)
{
    uint32_t c = dft_tl_u32(r);
    if (c == 0x0e5af939) { read_peer(r); dft_tl_i32(r); return !r->bad; }        /* story reply */
    if (c == 0x9c98bfc1) { dft_tl_i64(r); dft_tl_i32(r); return !r->bad; }       /* story reply, 173 */
    uint32_t f = dft_tl_u32(r);
    if (c == 0xa6d57763) {                                                        /* layer 119-165 */
        m->reply_to = dft_tl_i32(r);
        if (dft_tl_flag(f, 0)) read_peer(r);
        if (dft_tl_flag(f, 1)) dft_tl_i32(r);
        return !r->bad;
    }
    if (c != 0x1b97dd66 && c != 0x6917560b && c != 0xafbc09db && c != 0x6eebcabd) return false;
    if (dft_tl_flag(f, 4)) m->reply_to = dft_tl_i32(r);
    if (dft_tl_flag(f, 0)) read_peer(r);
    if (dft_tl_flag(f, 5)) {       /* reply_from: a forward header */
        dft_tg_message scratch = { 0 };
        if (!read_fwd(r, &scratch)) return false;
    }
    if (dft_tl_flag(f, 8)) return false;   /* reply_media: a MessageMedia tree */
    if (dft_tl_flag(f, 1)) dft_tl_i32(r);
    if (dft_tl_flag(f, 6)) dft_tl_bytes(r);
    if (dft_tl_flag(f, 7)) {
        uint32_t n = dft_tl_vector(r, 12);
        for (uint32_t i = 0; i < n && !r->bad; i++)
            if (!skip_entity(r)) return false;
    }
    if (c != 0x6eebcabd && dft_tl_flag(f, 10)) dft_tl_i32(r);
    if ((c == 0x1b97dd66 || c == 0x6917560b) && dft_tl_flag(f, 11)) dft_tl_i32(r);
    if (c == 0x1b97dd66 && dft_tl_flag(f, 12)) dft_tl_bytes(r);
    return !r->bad;
}

/* The text after the first occurrence of the date (fields are 4-byte aligned, so is the date). */
static bool text_after_date(const uint8_t *b, size_t len, size_t from, int32_t date, dft_tl_str *out)
{
    if (!date) return false;
    uint8_t needle[4] = { (uint8_t)date, (uint8_t)(date >> 8), (uint8_t)(date >> 16), (uint8_t)(date >> 24) };
    for (size_t off = from & ~(size_t)3; off + 4 <= len; off += 4) {
        if (memcmp(b + off, needle, 4) != 0) continue;
        dft_tl_str s;
        if (dft_tl_string_at(b, len, off + 4, &s) && dft_tl_utf8(s)) {
            *out = s;
            return true;
        }
    }
    return false;
}

/* Plausible text: printable (not only control bytes), at least 2 bytes. */
static bool plausible(dft_tl_str s)
{
    if (s.len < 2 || !dft_tl_utf8(s)) return false;
    size_t letters = 0;
    for (size_t i = 0; i < s.len; i++)
        if (s.p[i] >= 0x20 && s.p[i] != 0x7f) letters++;
    return letters * 4 >= s.len * 3;   /* mostly printable */
}

#define SCAN_BYTES 16384

/* The longest plausible aligned TL string in the first SCAN_BYTES (bounded: each candidate costs at
 * most its own length, and candidates start only at aligned offsets). */
static bool text_scan(const uint8_t *b, size_t len, dft_tl_str *out)
{
    size_t lim = len < SCAN_BYTES ? len : SCAN_BYTES;
    bool found = false;
    for (size_t off = 4; off < lim; off += 4) {
        dft_tl_str s;
        if (!dft_tl_string_at(b, len, off, &s) || s.len > 4096) continue;
        if (plausible(s) && (!found || s.len > out->len)) {
            *out = s;
            found = true;
        }
    }
    return found;
}

/* The path Telegram appends after the object (attachPath): a TL string ending exactly at the end. */
static void trailing_path(const uint8_t *b, size_t len, dft_tg_message *m)
{
    if (len < 8 || len % 4) return;
    for (size_t n = 2; n < 254 && n + 1 < len; n++) {
        size_t pad = (4 - (n + 1) % 4) % 4;
        if (n + 1 + pad > len) break;
        size_t at = len - pad - n - 1;
        if (b[at] != n || b[at + 1] != '/') continue;
        int zero = 1;
        for (size_t k = len - pad; k < len; k++) zero &= b[k] == 0;
        dft_tl_str s = { b + at + 1, n };
        if (zero && dft_tl_utf8(s)) {
            m->attach_path = s;
            return;
        }
    }
}

static void fallback_text(const uint8_t *b, size_t len, size_t from, int32_t date_hint, dft_tg_message *m)
{
    if (text_after_date(b, len, from, date_hint, &m->text)) {
        m->has_text = true;
        m->text_src = DFT_TG_TEXT_DATE;
        if (!m->date) m->date = date_hint;
    } else if (text_scan(b, len, &m->text)) {
        m->has_text = true;
        m->text_src = DFT_TG_TEXT_SCAN;
    }
}

static void walk_service(dft_tl *r, const ctor_info *ci, dft_tg_message *m)
{
    if (ci->svc == 5) {                       /* layer 16: id from_id to_id out unread date action */
        m->id = dft_tl_i32(r);
        m->from.type = 'u';
        m->from.id = dft_tl_i32(r);
        m->peer = read_peer(r);
        dft_tl_u32(r);
        dft_tl_u32(r);
    } else {
        m->flags = dft_tl_u32(r);
        m->id = dft_tl_i32(r);
        if (ci->svc <= 1) {
            if (dft_tl_flag(m->flags, 8)) m->from = read_peer(r);
            m->peer = read_peer(r);
            if (ci->svc == 1 && dft_tl_flag(m->flags, 28)) read_peer(r);
            if (dft_tl_flag(m->flags, 3)) {
                m->reply = true;
                if (!read_reply(r, m)) return;
            }
        } else {
            if (ci->svc == 4 || dft_tl_flag(m->flags, 8)) {
                m->from.type = 'u';
                m->from.id = dft_tl_i32(r);
            }
            m->peer = read_peer(r);
            if (ci->svc == 2 && dft_tl_flag(m->flags, 3)) {
                m->reply = true;
                m->reply_to = dft_tl_i32(r);
            }
        }
    }
    m->date = dft_tl_i32(r);
    m->action_ctor = dft_tl_u32(r);
    if (!r->bad) {
        m->walked = true;
        m->action = dft_tg_action_name(m->action_ctor);
        /* customAction and chatEditTitle/chatCreate carry text: show it as the body */
        if (m->action_ctor == 0xfae69f56 || m->action_ctor == 0xb5a1ce5a || m->action_ctor == 0xbd47cbad ||
            m->action_ctor == 0xa6638b9a || m->action_ctor == 0x95d2ac92) {
            dft_tl_str s = dft_tl_bytes(r);
            if (!r->bad && dft_tl_utf8(s) && s.len) {
                m->text = s;
                m->has_text = true;
                m->text_src = DFT_TG_TEXT_STRUCT;
            }
        }
    }
}

/* Walks an ordinary message up to the text; true when the walk reached the text. */
static bool walk_message(dft_tl *r, const ctor_info *ci, dft_tg_message *m, size_t *hdr_end)
{
    m->flags = dft_tl_u32(r);
    if (ci->family == FAM_FLAGS2) m->flags2 = dft_tl_u32(r);
    m->id = dft_tl_i32(r);
    if (dft_tl_flag(m->flags, 8)) {
        if (ci->family == FAM_INT) {
            m->from.type = 'u';
            m->from.id = dft_tl_i32(r);
        } else {
            m->from = read_peer(r);
        }
    }
    if (ci->family == FAM_FLAGS2 && dft_tl_flag(m->flags, 29)) dft_tl_i32(r);
    if (ci->rank && dft_tl_flag(m->flags2, 12)) dft_tl_bytes(r);
    m->peer = read_peer(r);
    if (ci->family != FAM_INT && dft_tl_flag(m->flags, 28)) read_peer(r);
    *hdr_end = r->pos;
    if (r->bad) return false;
    if (dft_tl_flag(m->flags, 2)) {
        m->forwarded = true;
        if (!read_fwd(r, m)) return false;
    }
    if (dft_tl_flag(m->flags, 11)) {
        if (ci->via_int) dft_tl_i32(r);
        else dft_tl_i64(r);
    }
    if (ci->family == FAM_FLAGS2 && dft_tl_flag(m->flags2, 0)) dft_tl_i64(r);
    if (ci->guest && dft_tl_flag(m->flags2, 19)) read_peer(r);
    if (dft_tl_flag(m->flags, 3)) {
        m->reply = true;
        if (ci->family == FAM_INT) m->reply_to = dft_tl_i32(r);
        else if (!read_reply(r, m)) return false;
    }
    m->date = dft_tl_i32(r);
    m->text = dft_tl_bytes(r);
    return !r->bad && dft_tl_utf8(m->text);
}

int dft_tg_message_decode(const uint8_t *blob, size_t len, int32_t date_hint, dft_tg_message *m)
{
    memset(m, 0, sizeof *m);
    m->entities = -1;
    m->family = FAMILY[0];
    if (!blob || len < 4) return dft_error_set(DFT_ECORRUPT, "TL message: %zu bytes, no constructor", len);
    dft_tl r;
    dft_tl_init(&r, blob, len);
    m->ctor = dft_tl_u32(&r);
    trailing_path(blob, len, m);
    const ctor_info *ci = ctor_find(m->ctor);
    if (!ci) {
        fallback_text(blob, len, 4, date_hint, m);
        return DFT_OK;
    }
    m->known = true;
    m->family = FAMILY[ci->family];
    if (ci->family == FAM_EMPTY) {
        if (ci->svc == 0) {
            m->flags = dft_tl_u32(&r);
            m->id = dft_tl_i32(&r);
            if (dft_tl_flag(m->flags, 0)) m->peer = read_peer(&r);
        } else {
            m->id = dft_tl_i32(&r);
        }
        m->walked = !r.bad;
        return DFT_OK;
    }
    if (ci->family == FAM_SERVICE) {
        walk_service(&r, ci, m);
        m->out = dft_tl_flag(m->flags, 1);
        if (m->walked && date_hint && m->date != date_hint) m->walked = false;
        return DFT_OK;
    }
    size_t hdr_end = 4;
    bool ok = walk_message(&r, ci, m, &hdr_end);
    m->out = dft_tl_flag(m->flags, 1);
    if (ok && (!date_hint || m->date == date_hint)) {
        m->walked = true;
        m->has_text = true;
        m->text_src = DFT_TG_TEXT_STRUCT;
        if (dft_tl_flag(m->flags, 9)) {
            m->media_ctor = dft_tl_u32(&r);
            m->media = r.bad ? NULL : dft_tg_media_name(m->media_ctor);
            if (r.bad) m->media_ctor = 0;
        } else if (!dft_tl_flag(m->flags, 6) && dft_tl_flag(m->flags, 7)) {
            uint32_t n = dft_tl_vector(&r, 12);
            int32_t done = 0;
            for (uint32_t i = 0; i < n && skip_entity(&r); i++) done++;
            m->entities = done;
        } else {
            m->entities = 0;
        }
        if (m->has_text && m->text.len == 0) m->has_text = false;   /* an empty string is "no text" */
        return DFT_OK;
    }
    /* The walk could not reach the text: keep what it read of the header, find the text by the date. */
    m->has_text = false;
    m->text = (dft_tl_str){ NULL, 0 };
    m->date = 0;
    fallback_text(blob, len, hdr_end, date_hint, m);
    return DFT_OK;
}

const char *dft_tg_media_name(uint32_t c)
{
    switch (c) {
    case 0x3ded6320: return "empty";
    case 0x695150d7: case 0xb5223b0f: case 0x3d8ce53d: case 0xc8c45a2a: return "photo";
    case 0x4cf4d72d: case 0x9cb070d7: case 0x7c4414d3: case 0xf3e02ea8: case 0x2fda2204:
    case 0xdd570bd5: case 0x52d8ccd9: return "document";
    case 0x56e0d474: return "geo";
    case 0xb940c666: case 0x7c3c2609: return "geo_live";
    case 0x70322949: case 0xcbf24940: case 0x5e7d2f39: return "contact";
    case 0xa32dd600: case 0xddf10c3b: return "webpage";
    case 0x2ec0533f: case 0x7912b71f: return "venue";
    case 0xfdb19008: return "game";
    case 0xf6a548d3: case 0x84551347: return "invoice";
    case 0x4bd6e798: return "poll";
    case 0x3f7ee58b: case 0x638fe46b: return "dice";
    case 0x68cb6283: return "story";
    case 0x9f84f49e: return "unsupported";
    default: return NULL;
    }
}

const char *dft_tg_action_name(uint32_t c)
{
    switch (c) {
    case 0xb6aef7b0: return "empty";
    case 0xbd47cbad: case 0xa6638b9a: return "chat_create";
    case 0xb5a1ce5a: return "chat_edit_title";
    case 0x7fcb13a8: return "chat_edit_photo";
    case 0x95e3fbef: return "chat_delete_photo";
    case 0x15cefd00: case 0x488a7337: return "chat_add_user";
    case 0xa43f30cc: case 0xb2ae9b0c: return "chat_delete_user";
    case 0x031224c3: case 0xf89cf5e8: return "chat_joined_by_link";
    case 0xebbca3cb: return "chat_joined_by_request";
    case 0x95d2ac92: return "channel_create";
    case 0xe1037f92: case 0x51bdb021: return "chat_migrate_to";
    case 0xea3948e9: case 0xb055eaee: return "channel_migrate_from";
    case 0x94bd38ed: return "pin_message";
    case 0x9fbab604: return "history_clear";
    case 0x80e11a7f: return "phone_call";
    case 0x4792929b: return "screenshot_taken";
    case 0xfae69f56: return "custom_action";
    case 0xf3f25f76: return "contact_sign_up";
    case 0x98e0d697: return "geo_proximity_reached";
    case 0x7a0d7f42: return "group_call";
    case 0x502f92f7: case 0x76b9f11a: return "invite_to_group_call";
    case 0x3c134d7b: case 0xaa1afbfd: return "set_messages_ttl";
    case 0x40699cd0: case 0x96163f56: case 0xc624b16e: return "payment_sent";
    case 0x92a72876: return "game_score";
    default: return NULL;
    }
}
