/*
 * leveldb_fuzz.c - fuzz harness for the LevelDB reader (parsers/leveldb.c). The first input byte
 * chooses how the rest is read: bit 0 as a table (.ldb) else as a write-ahead log (.log); bit 1 also
 * the other way into the same reader (so log and table records merge); bit 2 with a 4 KiB memory cap.
 * Checks: only the documented codes (DFT_OK, DFT_ECORRUPT); after finish the entries are ordered by
 * key then sequence descending, at most the first entry of a key is live and only when it is not a
 * deletion, lookups agree with the list, sizes stay within what the input can hold, and warnings are
 * counted and their kept messages exist.
 */
#include <stdint.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "parsers/leveldb.h"

static int cmp(const dft_leveldb_entry *a, const dft_leveldb_entry *b)
{
    size_t n = a->key_len < b->key_len ? a->key_len : b->key_len;
    int c = n ? memcmp(a->key, b->key, n) : 0;
    if (c) return c;
    return a->key_len < b->key_len ? -1 : a->key_len > b->key_len ? 1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    uint8_t mode = data[0];
    const uint8_t *d = data + 1;
    size_t n = size - 1;
    dft_leveldb *db = NULL;
    FUZZ_CHECK(dft_leveldb_new(&db, (mode & 4) ? 4096 : 0) == DFT_OK);
    int rc = (mode & 1) ? dft_leveldb_add_table(db, "t.ldb", d, n) : dft_leveldb_add_log(db, "l.log", d, n);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT);
    if (mode & 2) {
        rc = (mode & 1) ? dft_leveldb_add_log(db, "l.log", d, n) : dft_leveldb_add_table(db, "t.ldb", d, n);
        FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT);
    }
    FUZZ_CHECK(dft_leveldb_finish(db) == DFT_OK);
    FUZZ_CHECK(dft_leveldb_add_log(db, "late.log", d, n) == DFT_ERROR); /* adds after finish refused */
    size_t count = dft_leveldb_count(db);
    const dft_leveldb_entry *prev = NULL;
    for (size_t i = 0; i < count; i++) {
        const dft_leveldb_entry *e = dft_leveldb_at(db, i);
        FUZZ_CHECK(e && e->key && e->file);
        FUZZ_CHECK(e->deleted ? e->value == NULL && e->value_len == 0 : e->value != NULL);
        FUZZ_CHECK(e->value_len <= DFT_LEVELDB_MAX_BLOCK && e->key_len <= DFT_LEVELDB_MAX_BLOCK);
        bool first_of_key = !prev || cmp(prev, e) != 0;
        if (prev) {
            FUZZ_CHECK(cmp(prev, e) <= 0);
            if (!first_of_key) FUZZ_CHECK(prev->seq >= e->seq);
        }
        FUZZ_CHECK(e->live == (first_of_key && !e->deleted));
        const dft_leveldb_entry *g = dft_leveldb_get(db, e->key, e->key_len);
        if (first_of_key) FUZZ_CHECK(e->live ? g == e : g == NULL);
        prev = e;
    }
    FUZZ_CHECK(dft_leveldb_at(db, count) == NULL);
    /* every entry holds at least 2 bytes of its batch or block; a Snappy block inflates at most
     * ~22x of its bytes, so this bounds the count by the input */
    FUZZ_CHECK(count <= (n + 1) * 24);
    size_t nw = dft_leveldb_warning_count(db);
    for (size_t i = 0; i < nw && i < DFT_LEVELDB_MAX_WARNINGS; i++) FUZZ_CHECK(dft_leveldb_warning(db, i) != NULL);
    FUZZ_CHECK(dft_leveldb_warning(db, nw) == NULL);
    dft_leveldb_free(db);
    return 0;
}
