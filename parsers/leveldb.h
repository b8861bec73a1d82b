/*
 * leveldb.h - a read-only LevelDB reader for evidence: the write-ahead logs (*.log) and the sorted
 * tables (*.ldb, *.sst) of one database directory, merged into one list of records with their
 * history (Chrome's "Local Extension Settings", Electron "Local Storage/leveldb").
 *
 * Format (google/leveldb doc/log_format.md and doc/table_format.md):
 *
 *  .log  = 32768-byte blocks of physical records; a block's last < 7 bytes are zero padding.
 *     off size  meaning
 *       0    4  masked CRC32C of (type byte ‖ data)       mask(c) = ((c >> 15 | c << 17) + 0xa282ead8)
 *       4    2  data length (LE)
 *       6    1  type: 1 FULL, 2 FIRST, 3 MIDDLE, 4 LAST (0 = zero/preallocated area)
 *       7    n  data
 *     A logical record (FULL, or FIRST MIDDLE* LAST) is a WriteBatch:
 *       0    8  sequence number of its first operation (LE)
 *       8    4  count of operations (LE)
 *      12    .  count x { tag (1 = put, 0 = delete), varint32 key length, key,
 *                        [put: varint32 value length, value] }   sequence = first + index
 *
 *  .ldb/.sst = data blocks, meta blocks, metaindex block, index block, 48-byte footer:
 *     footer: metaindex handle, index handle (each varint64 offset, varint64 size), zero padding
 *             to 40 bytes, magic 0xdb4775248b80fb57 (LE fixed64)
 *     block:  entries { varint32 shared, varint32 non_shared, varint32 value_len,
 *                       key bytes after the shared prefix, value }, restart offsets (u32 each),
 *             restart count (u32); then a 5-byte trailer: compression type (0 none, 1 Snappy)
 *             and masked CRC32C of (block ‖ type)
 *     index block entries: value = handle of a data block. Data block keys are internal keys:
 *             user key ‖ fixed64 (sequence << 8 | type), type 1 = value, 0 = deletion.
 *
 * Invariants:
 *  1. Every read is bounded by the input (core/util/buf.h); a Snappy block is inflated only when its
 *     stated size is under DFT_LEVELDB_MAX_BLOCK, and all owned bytes under the limit given to
 *     dft_leveldb_new (then DFT_ELIMIT is recorded as a warning and the rest skipped).
 *  2. Damage is never fatal to what was read: a record or block with a bad CRC, a torn fragment
 *     chain or a truncated batch is skipped with a warning (dft_leveldb_warning), the rest is kept.
 *  3. After dft_leveldb_finish, entries are ordered by user key (bytes), then sequence descending,
 *     then the order files were added: deterministic. The first entry of a key is the newest; it
 *     is `live` unless it is a deletion. Older values and deletions stay as history.
 *  4. The same (key, sequence, kind) seen twice (a log already compacted into a table) is kept once.
 */
#ifndef DFT_LEVELDB_H
#define DFT_LEVELDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DFT_LEVELDB_LOG_BLOCK 32768u
#define DFT_LEVELDB_TABLE_MAGIC 0xdb4775248b80fb57ull
#define DFT_LEVELDB_MAX_BLOCK (64u << 20) /* largest inflated table block accepted */
#define DFT_LEVELDB_MAX_WARNINGS 64       /* messages kept; the count goes on */

typedef struct dft_leveldb dft_leveldb;

typedef struct dft_leveldb_entry {
    const uint8_t *key;     /* user key (owned by the dft_leveldb) */
    size_t key_len;
    const uint8_t *value;   /* NULL for a deletion */
    size_t value_len;
    uint64_t seq;           /* sequence number */
    bool deleted;           /* a deletion record */
    bool live;              /* the newest record of its key and not a deletion (set by finish) */
    const char *file;       /* name given to dft_leveldb_add_* (owned by the dft_leveldb) */
    uint64_t offset;        /* log: offset of the first physical record of its batch; table: offset
                               of its data block */
} dft_leveldb_entry;

/* A new empty reader; max_bytes caps the bytes it keeps (keys, values, inflated blocks; 0 = 256 MiB).
 * Freed with dft_leveldb_free. */
int dft_leveldb_new(dft_leveldb **out, size_t max_bytes);
void dft_leveldb_free(dft_leveldb *db);

/* Adds the records of one write-ahead log / one table file (bytes borrowed for the call, copied).
 * DFT_OK even when parts were damaged (see the warnings); DFT_ECORRUPT when nothing of the file
 * could be read as that format (a table without footer magic); DFT_ENOMEM. */
int dft_leveldb_add_log(dft_leveldb *db, const char *name, const uint8_t *data, size_t len);
int dft_leveldb_add_table(dft_leveldb *db, const char *name, const uint8_t *data, size_t len);

/* Sorts and resolves (invariant 3). Call once after the adds; adds after it are refused. */
int dft_leveldb_finish(dft_leveldb *db);

size_t dft_leveldb_count(const dft_leveldb *db);
const dft_leveldb_entry *dft_leveldb_at(const dft_leveldb *db, size_t i); /* NULL past the end */
/* The live entry of a key, or NULL (deleted or absent). After finish only. */
const dft_leveldb_entry *dft_leveldb_get(const dft_leveldb *db, const void *key, size_t key_len);

/* Damage seen so far: the total count, and the first DFT_LEVELDB_MAX_WARNINGS messages
 * ("000003.log offset 32768: bad record checksum"). Borrowed. */
size_t dft_leveldb_warning_count(const dft_leveldb *db);
const char *dft_leveldb_warning(const dft_leveldb *db, size_t i);

/* CRC32C (Castagnoli), and LevelDB's masking of it (exposed for tests and fixture writers). */
uint32_t dft_crc32c(uint32_t crc, const void *data, size_t len);
static inline uint32_t dft_leveldb_crc_mask(uint32_t crc)
{
    return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

#endif
