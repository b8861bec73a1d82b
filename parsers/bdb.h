/*
 * bdb.h - a read-only Berkeley DB page reader (no libdb): the B-tree access method of BDB 4.x/5.x
 * as Bitcoin Core (and its Litecoin/Dogecoin forks) wrote wallet.dat, plus detection of the hash
 * access method. The whole file is given in memory; nothing is written.
 *
 * On-disk format (db_page.h / dbinc/db_page.h of Berkeley DB 4.8 and 5.3; Bitcoin Core's read-only
 * reader src/wallet/migrate.cpp documents the same layout). Integers are in the byte order of the
 * file, told by the magic at offset 12 (0x00053162 read as little- or big-endian).
 *
 *   meta page (page 0, and the meta page of each subdatabase)
 *     off size  field
 *       0    8  lsn
 *       8    4  pgno              must equal the page's number
 *      12    4  magic             0x00053162 btree, 0x00061561 hash
 *      16    4  version           9 for btree in 4.x/5.x (8 in 4.1-4.5 hash)
 *      20    4  pagesize          512..65536, a power of two
 *      24    1  encrypt_alg       0 = not encrypted (we refuse encrypted files)
 *      25    1  type              9 btree meta, 8 hash meta
 *      26    1  metaflags
 *      32    4  last_pgno
 *      48    4  flags             0x20 = the file holds subdatabases (a "master" tree of names)
 *      88    4  root              root page of the tree
 *
 *   every other page: a 26-byte header
 *       0    8  lsn;  8 4 pgno;  12 4 prev_pgno;  16 4 next_pgno;  20 2 entries;
 *      22    2  hf_offset (overflow pages: bytes of data on the page);  24 1 level (leaf = 1);
 *      25    1  type: 3 internal (P_IBTREE), 5 leaf (P_LBTREE), 7 overflow, 12 off-page dups (P_LDUP)
 *   followed by `entries` u16 offsets (inp[]) to items inside the page.
 *
 *   leaf items alternate key, data. An item is BKEYDATA {u16 len, u8 type, data[len]} with type 1
 *   (B_KEYDATA), or BOVERFLOW {u16 unused, u8 type 3, u8 unused, u32 pgno, u32 tlen}: the value is
 *   tlen bytes in the chain of overflow pages from pgno (next_pgno links them), or type 2
 *   (B_DUPLICATE: an off-page duplicate tree, not used by wallets: counted and skipped). 0x80 in
 *   type marks a deleted item. Internal items: BINTERNAL {u16 len, u8 type, u8 unused, u32 pgno,
 *   u32 nrecs, data[len]}.
 *   The master tree of a file with subdatabases maps a name ("main") to a 4-byte page number of
 *   the subdatabase's meta page, stored big-endian (migrate.cpp: ReadBE32).
 *
 * Invariants:
 *  1. Nothing is read outside the given bytes; a page is visited at most once per walk (a cycle or a
 *     shared child is a warning, not a loop), overflow chains are bounded by the page count and by
 *     tlen, and the item offsets must lie inside their page.
 *  2. Damage below the root (a bad page, a bad item) is counted in the stats with the first
 *     message, and the walk goes on with the next page: records that can be read are delivered.
 *     A bad meta page or root is DFT_ECORRUPT.
 *  3. Records come in tree order (leftmost leaf first), so the same file gives the same sequence.
 */
#ifndef DFT_BDB_H
#define DFT_BDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DFT_BDB_MAGIC_BTREE 0x00053162u
#define DFT_BDB_MAGIC_HASH 0x00061561u

typedef enum dft_bdb_kind { DFT_BDB_BTREE = 1, DFT_BDB_HASH = 2 } dft_bdb_kind;

typedef struct dft_bdb_info {
    int kind;              /* dft_bdb_kind */
    bool big_endian;
    uint32_t version;
    uint32_t pagesize;
    uint32_t last_pgno;
    uint32_t flags;        /* meta flags (0x20: subdatabases) */
    uint8_t encrypt_alg;
} dft_bdb_info;

/* DFT_OK and *out filled when data starts with a Berkeley DB meta page (btree or hash magic at 12,
 * either byte order, sane page size); DFT_ENOTFOUND otherwise. Cheap: reads at most 52 bytes. */
int dft_bdb_sniff(const uint8_t *data, size_t len, dft_bdb_info *out);

typedef struct dft_bdb_stats {
    uint32_t pages;        /* tree pages visited */
    uint32_t records;      /* key/data pairs delivered */
    uint32_t overflow;     /* items read from overflow chains */
    uint32_t deleted;      /* items marked deleted (skipped) */
    uint32_t problems;     /* damaged pages/items skipped (invariant 2) */
    char first_problem[160];
} dft_bdb_stats;

/* One record; key and value are borrowed for the call (overflow items are assembled in a buffer
 * the walk owns). A non-zero return stops the walk and is returned. */
typedef int (*dft_bdb_record_fn)(void *payload, const uint8_t *key, size_t klen, const uint8_t *val,
                                 size_t vlen);

/* Walks the records of a B-tree file: of the subdatabase `subdb` when the file holds
 * subdatabases (DFT_ENOTFOUND when it has no such name), else of its single tree (subdb ignored).
 * stats (may be NULL) is filled. DFT_ECORRUPT for a bad meta page or root, DFT_EUNSUPPORTED for
 * hash databases and BDB-encrypted files, DFT_ENOMEM. */
int dft_bdb_walk(const uint8_t *data, size_t len, const char *subdb, dft_bdb_record_fn cb, void *payload,
                 dft_bdb_stats *stats);

#endif
