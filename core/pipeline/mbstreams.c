/*
 * mbstreams.c - rounds of chunks of several streams through three lane contexts (MD5, SHA-1,
 * SHA-256), with the scalar hand-back of the streams that would keep too few lanes busy.
 *
 * Per stream and algorithm the message is either in a lane (lane[a] >= 0) or on the scalar path
 * (sc[a]); it moves from the first to the second at most once, between rounds, when its lane has
 * used up its chunk (the lane is parked), so the hand-back never splits a chunk.
 */
#include "mbstreams.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

enum { ST_FREE = 0, ST_OPEN, ST_ENDED };

typedef struct stream {
    int state;
    int lane[3];                /* lane in ctx[a], or -1 */
    dft_mb_scalar *sc[3];       /* or the scalar path */
    bool done[3];               /* digest of algorithm a is in md */
    bool has_chunk, last;
    const uint8_t *data;
    size_t len;
    uint8_t md[3][DFT_MB_MAX_DIGEST];
} stream;

struct dft_mbstreams {
    dft_hash_engine engine;
    unsigned cap;
    dft_mbctx *ctx[3];
    int owner[3][DFT_MB_MAX_LANES];   /* stream of each lane */
    stream st[DFT_MB_MAX_LANES];
    size_t n_lanes, n_back;
};

int dft_mbstreams_new(dft_mbstreams **out, dft_hash_engine engine)
{
    *out = NULL;
    dft_mbstreams *s = calloc(1, sizeof *s);
    if (!s) return dft_error_set(DFT_ENOMEM, "out of memory for hash streams");
    s->engine = engine;
    s->cap = dft_hash_engine_lanes(engine);
    for (int a = 0; a < 3; a++) {
        int rc = dft_mbctx_new(&s->ctx[a], (dft_mb_algo)a, engine);
        if (rc) {
            dft_mbstreams_free(s);
            return rc;
        }
    }
    *out = s;
    return DFT_OK;
}

static void stream_clear(stream *t)
{
    for (int a = 0; a < 3; a++) dft_mb_scalar_free(t->sc[a]);
    memset(t, 0, sizeof *t);
}

void dft_mbstreams_free(dft_mbstreams *s)
{
    if (!s) return;
    for (unsigned i = 0; i < DFT_MB_MAX_LANES; i++) stream_clear(&s->st[i]);
    for (int a = 0; a < 3; a++) dft_mbctx_free(s->ctx[a]);
    free(s);
}

unsigned dft_mbstreams_capacity(const dft_mbstreams *s)
{
    return s->cap;
}

int dft_mbstreams_open(dft_mbstreams *s)
{
    for (unsigned i = 0; i < s->cap; i++) {
        stream *t = &s->st[i];
        if (t->state != ST_FREE) continue;
        memset(t, 0, sizeof *t);
        t->state = ST_OPEN;
        for (int a = 0; a < 3; a++) {
            t->lane[a] = -1;
            /* an algorithm that never beats OpenSSL with this engine (AVX2 SHA-256) starts scalar */
            if (dft_mb_break_even(s->engine, (dft_mb_algo)a) > s->cap) continue;
            int l = dft_mbctx_start(s->ctx[a]);   /* cannot fail: one lane per stream, cap streams */
            t->lane[a] = l;
            s->owner[a][l] = (int)i;
            dft_mbctx_park(s->ctx[a], l);
        }
        return (int)i;
    }
    return -1;
}

void dft_mbstreams_chunk(dft_mbstreams *s, int id, const void *data, size_t len, bool last)
{
    stream *t = &s->st[id];
    t->has_chunk = true;
    t->data = data;
    t->len = len;
    t->last = last;
}

/* Moves every stream's lane of algorithm a to the scalar path. */
static int hand_back(dft_mbstreams *s, int a)
{
    for (unsigned i = 0; i < s->cap; i++) {
        stream *t = &s->st[i];
        if (t->state != ST_OPEN || t->lane[a] < 0) continue;
        dft_mb_midstate ms;
        dft_mbctx_export(s->ctx[a], t->lane[a], &ms);
        t->lane[a] = -1;
        int rc = dft_mb_scalar_new(&t->sc[a], (dft_mb_algo)a, &ms);
        if (rc) return rc;
        s->n_back++;
    }
    return DFT_OK;
}

int dft_mbstreams_run(dft_mbstreams *s, bool may_hand_back)
{
    int rc = DFT_OK;
    for (int a = 0; a < 3 && may_hand_back; a++) {
        unsigned busy = 0;
        for (unsigned i = 0; i < s->cap; i++) busy += s->st[i].state == ST_OPEN && s->st[i].lane[a] >= 0;
        if (busy && busy < dft_mb_break_even(s->engine, (dft_mb_algo)a) && (rc = hand_back(s, a))) return rc;
    }
    /* feed the round: lanes get the chunk (hashed below), the scalar path hashes it now */
    for (unsigned i = 0; i < s->cap; i++) {
        stream *t = &s->st[i];
        if (t->state != ST_OPEN || !t->has_chunk) continue;
        for (int a = 0; a < 3; a++) {
            if (t->lane[a] >= 0) {
                dft_mbctx_feed(s->ctx[a], t->lane[a], t->data, t->len, t->last);
                continue;
            }
            if (!t->sc[a]) {   /* scalar from the start (an algorithm the engine never runs in lanes) */
                if ((rc = dft_mb_scalar_new(&t->sc[a], (dft_mb_algo)a, NULL))) return rc;
                s->n_back++;
            }
            if ((rc = dft_mb_scalar_update(t->sc[a], t->data, t->len))) return rc;
            if (t->last) {
                rc = dft_mb_scalar_final(t->sc[a], t->md[a]);
                t->sc[a] = NULL;
                if (rc) return rc;
                t->done[a] = true;
            }
        }
    }
    /* each lane context until every fed chunk is used up: a lane that wants the next chunk waits */
    for (int a = 0; a < 3; a++) {
        dft_mb_event ev;
        int l;
        while ((l = dft_mbctx_run(s->ctx[a], &ev)) >= 0) {
            stream *t = &s->st[s->owner[a][l]];
            if (ev == DFT_MB_HUNGRY) {
                dft_mbctx_park(s->ctx[a], l);
                continue;
            }
            dft_mbctx_digest(s->ctx[a], l, t->md[a]);
            t->lane[a] = -1;
            t->done[a] = true;
            s->n_lanes++;
        }
    }
    for (unsigned i = 0; i < s->cap; i++) {
        stream *t = &s->st[i];
        if (t->state != ST_OPEN || !t->has_chunk) continue;
        t->has_chunk = false;
        if (t->last) t->state = ST_ENDED;
    }
    return DFT_OK;
}

bool dft_mbstreams_ended(const dft_mbstreams *s, int id)
{
    return s->st[id].state == ST_ENDED;
}

void dft_mbstreams_take(dft_mbstreams *s, int id, dft_hashes *out)
{
    stream *t = &s->st[id];
    dft_hex(out->md5, t->md[0], 16);
    dft_hex(out->sha1, t->md[1], 20);
    dft_hex(out->sha256, t->md[2], 32);
    stream_clear(t);
}

void dft_mbstreams_drop(dft_mbstreams *s, int id)
{
    stream *t = &s->st[id];
    for (int a = 0; a < 3; a++)
        if (t->lane[a] >= 0 && t->state == ST_OPEN) {
            /* a parked lane: free it through the export path (its state is discarded) */
            dft_mb_midstate ms;
            dft_mbctx_export(s->ctx[a], t->lane[a], &ms);
        }
    stream_clear(t);
}

void dft_mbstreams_stats(const dft_mbstreams *s, size_t *in_lanes, size_t *handed_back)
{
    *in_lanes = s->n_lanes;
    *handed_back = s->n_back;
}
