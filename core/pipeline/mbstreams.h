/*
 * mbstreams.h - MD5 + SHA-1 + SHA-256 of several long messages that arrive in chunks, at the same
 * time: each stream has one lane in each of three dft_mbctx (one per algorithm), fed in rounds
 * (issue 15: large files sharing lanes). A round gives every open stream its next chunk (borrowed
 * until the round is run); dft_mbstreams_run hashes all of them and returns when every chunk is
 * used up, so the caller may then reuse the chunk buffers and read the next ones.
 *
 * Scalar hand-back: when the caller says no other stream will be opened before these end
 * (may_hand_back), an algorithm whose busy lanes are below its break-even (dft_mb_break_even)
 * moves each of its streams to OpenSSL with the state hashed so far (mbhash_scalar.c): the
 * tail of a batch, where streams end one by one, runs on the scalar path instead of in
 * near-empty lanes. The digests are the same whichever path hashed which part.
 *
 * Ownership: one thread at a time; new/free pair, free accepts NULL.
 */
#ifndef DFT_MBSTREAMS_H
#define DFT_MBSTREAMS_H

#include <stdbool.h>
#include <stddef.h>

#include "hash.h"
#include "mbhash.h"

typedef struct dft_mbstreams dft_mbstreams;

/* engine: a lane engine this CPU runs (resolved), else DFT_EUNSUPPORTED. */
int dft_mbstreams_new(dft_mbstreams **out, dft_hash_engine engine);
void dft_mbstreams_free(dft_mbstreams *s);
/* Streams that can be open at once (the engine's lanes). */
unsigned dft_mbstreams_capacity(const dft_mbstreams *s);
/* Opens a stream: its id, or -1 when capacity streams are open. */
int dft_mbstreams_open(dft_mbstreams *s);
/* The stream's chunk of this round (len may be 0; last: the message ends with it). One per open,
 * not yet ended stream and round; a stream given no chunk in a round just waits. */
void dft_mbstreams_chunk(dft_mbstreams *s, int id, const void *data, size_t len, bool last);
/* Hashes the chunks of the round. DFT_OK, or DFT_ENOMEM / DFT_ERROR with a message (the streams
 * are then unusable: the caller hashes their content another way or marks it). */
int dft_mbstreams_run(dft_mbstreams *s, bool may_hand_back);
/* After a run: whether stream id has ended (its last chunk hashed); then its digests are read once
 * with dft_mbstreams_take, which closes it. */
bool dft_mbstreams_ended(const dft_mbstreams *s, int id);
void dft_mbstreams_take(dft_mbstreams *s, int id, dft_hashes *out);
/* Closes a stream without its digests (an abandoned read). */
void dft_mbstreams_drop(dft_mbstreams *s, int id);
/* Algorithm-streams finished in lanes / on OpenSSL (handed back, or scalar from the start) so far. */
void dft_mbstreams_stats(const dft_mbstreams *s, size_t *in_lanes, size_t *handed_back);

#endif
