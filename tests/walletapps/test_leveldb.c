/*
 * test_leveldb.c - parsers/leveldb against fixtures written in the real format by gen_leveldb.py
 * (argv[1] = their directory): fragments across 32 KiB blocks and a block trailer, deletes, newest
 * wins, a table with an uncompressed and a Snappy block, a bad record CRC and a bad block CRC (warning,
 * the rest kept), the CRC32C published check value, and truncated inputs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "parsers/leveldb.h"

static int fails;
#define CHECK(c)                                                                  \
    do {                                                                          \
        if (!(c)) {                                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); \
            fails++;                                                              \
        }                                                                         \
    } while (0)

static const char *dir;

static uint8_t *slurp(const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) exit(2);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static dft_leveldb *load(const char *const *names)
{
    dft_leveldb *db = NULL;
    CHECK(dft_leveldb_new(&db, 0) == DFT_OK);
    for (int i = 0; names[i]; i++) {
        size_t len;
        uint8_t *d = slurp(names[i], &len);
        bool table = strstr(names[i], ".ldb") != NULL;
        int rc = table ? dft_leveldb_add_table(db, names[i], d, len) : dft_leveldb_add_log(db, names[i], d, len);
        CHECK(rc == DFT_OK);
        free(d);
    }
    CHECK(dft_leveldb_finish(db) == DFT_OK);
    return db;
}

static bool val_is(const dft_leveldb_entry *e, const char *s)
{
    return e && e->value && e->value_len == strlen(s) && memcmp(e->value, s, e->value_len) == 0;
}
static bool key_is(const dft_leveldb_entry *e, const char *s)
{
    return e && e->key_len == strlen(s) && memcmp(e->key, s, e->key_len) == 0;
}

static void test_crc(void)
{
    CHECK(dft_crc32c(0, "123456789", 9) == 0xE3069283u); /* RFC 3720 B.4 / iSCSI check value */
    uint8_t zeros[32] = { 0 };
    CHECK(dft_crc32c(0, zeros, 32) == 0x8A9136AAu);      /* RFC 3720 B.4: 32 bytes of zeros */
    CHECK(dft_crc32c(dft_crc32c(0, "1234", 4), "56789", 5) == 0xE3069283u);
}

static void test_frag(void)
{
    const char *names[] = { "frag.log", NULL };
    dft_leveldb *db = load(names);
    CHECK(dft_leveldb_warning_count(db) == 0);
    CHECK(dft_leveldb_count(db) == 6);
    const dft_leveldb_entry *e = dft_leveldb_at(db, 0);
    CHECK(key_is(e, "alpha") && e->seq == 6 && e->live && val_is(e, "three"));
    e = dft_leveldb_at(db, 1);
    CHECK(key_is(e, "alpha") && e->seq == 1 && !e->live && val_is(e, "one"));
    e = dft_leveldb_at(db, 2);
    CHECK(key_is(e, "beta") && e->seq == 5 && e->deleted && !e->live && !e->value);
    e = dft_leveldb_at(db, 3);
    CHECK(key_is(e, "beta") && e->seq == 2 && !e->live && val_is(e, "two"));
    e = dft_leveldb_at(db, 4);
    CHECK(key_is(e, "big") && e->seq == 3 && e->live && e->value_len == 70000);
    bool pattern = e && e->value_len == 70000;
    for (size_t i = 0; pattern && i < 70000; i++) pattern = e->value[i] == (uint8_t)(i % 251);
    CHECK(pattern);
    CHECK(e && e->offset > 0 && e->offset < 32768); /* the FIRST fragment's offset, in block 0 */
    e = dft_leveldb_at(db, 5);
    CHECK(key_is(e, "filler") && e->seq == 4 && e->live && e->value_len > 0 && e->value[0] == 'f');
    CHECK(dft_leveldb_at(db, 6) == NULL);
    CHECK(val_is(dft_leveldb_get(db, "alpha", 5), "three"));
    CHECK(dft_leveldb_get(db, "beta", 4) == NULL);
    CHECK(dft_leveldb_get(db, "gamma", 5) == NULL);
    CHECK(dft_leveldb_get(db, "big", 3) != NULL);
    dft_leveldb_free(db);
}

static void test_badcrc(void)
{
    const char *names[] = { "badcrc.log", NULL };
    dft_leveldb *db = load(names);
    CHECK(dft_leveldb_warning_count(db) == 1);
    CHECK(dft_leveldb_warning(db, 0) && strstr(dft_leveldb_warning(db, 0), "bad record checksum"));
    CHECK(dft_leveldb_count(db) == 2);
    CHECK(val_is(dft_leveldb_get(db, "k1", 2), "v1"));
    CHECK(dft_leveldb_get(db, "k2", 2) == NULL);
    CHECK(val_is(dft_leveldb_get(db, "k3", 2), "v3"));
    CHECK(dft_leveldb_get(db, "k3", 2)->seq == 12);
    dft_leveldb_free(db);
}

static void test_table(void)
{
    size_t rawlen;
    uint8_t *raw = slurp("table.ldb", &rawlen);
    /* the second block really is Snappy: its repeated value is not in the file as plain bytes */
    bool plain = false;
    for (size_t i = 0; i + 16 <= rawlen; i++) plain = plain || memcmp(raw + i, "milkmilkmilkmilk", 16) == 0;
    CHECK(!plain);
    free(raw);

    const char *names[] = { "table.ldb", NULL };
    dft_leveldb *db = load(names);
    CHECK(dft_leveldb_warning_count(db) == 0);
    CHECK(dft_leveldb_count(db) == 8);
    CHECK(val_is(dft_leveldb_get(db, "apple", 5), "red"));
    CHECK(val_is(dft_leveldb_get(db, "apricot", 7), "orange"));
    CHECK(dft_leveldb_get(db, "avocado", 7) == NULL);
    CHECK(key_is(dft_leveldb_at(db, 2), "avocado") && dft_leveldb_at(db, 2)->deleted);
    CHECK(val_is(dft_leveldb_get(db, "bandana", 7), "cloth"));
    CHECK(val_is(dft_leveldb_get(db, "cherry", 6), "dark red dark red dark red dark red dark red dark red dark red dark red "));
    const dft_leveldb_entry *e = dft_leveldb_get(db, "coconut", 7);
    CHECK(e && e->value_len == 160 && e->seq == 13 && memcmp(e->value, "milkmilk", 8) == 0 &&
          memcmp(e->value + 152, "milkmilk", 8) == 0);
    CHECK(val_is(dft_leveldb_get(db, "date", 4), "brown"));
    dft_leveldb_free(db);

    /* the log's newer records win; the table's older values stay as history */
    const char *both[] = { "table.ldb", "newer.log", NULL };
    db = load(both);
    CHECK(dft_leveldb_count(db) == 10);
    e = dft_leveldb_at(db, 0);
    CHECK(key_is(e, "apple") && e->seq == 20 && e->live && val_is(e, "green") && strcmp(e->file, "newer.log") == 0);
    e = dft_leveldb_at(db, 1);
    CHECK(key_is(e, "apple") && e->seq == 7 && !e->live && val_is(e, "red") && strcmp(e->file, "table.ldb") == 0);
    CHECK(dft_leveldb_get(db, "banana", 6) == NULL);
    e = dft_leveldb_at(db, 4);
    CHECK(key_is(e, "banana") && e->seq == 21 && e->deleted);
    dft_leveldb_free(db);

    /* the same records added twice (a log already compacted) are kept once */
    const char *twice[] = { "table.ldb", "table.ldb", NULL };
    db = load(twice);
    CHECK(dft_leveldb_count(db) == 8);
    dft_leveldb_free(db);
}

static void test_badblock(void)
{
    const char *names[] = { "badblock.ldb", NULL };
    dft_leveldb *db = load(names);
    CHECK(dft_leveldb_warning_count(db) == 1);
    CHECK(dft_leveldb_warning(db, 0) && strstr(dft_leveldb_warning(db, 0), "bad checksum"));
    CHECK(dft_leveldb_count(db) == 5);
    CHECK(val_is(dft_leveldb_get(db, "apple", 5), "red"));
    CHECK(dft_leveldb_get(db, "cherry", 6) == NULL);
    dft_leveldb_free(db);
}

/* Every prefix of every fixture: never a crash, DFT_OK or DFT_ECORRUPT, entries bounded. */
static void test_truncated(void)
{
    const char *names[] = { "frag.log", "badcrc.log", "table.ldb", "newer.log", NULL };
    for (int n = 0; names[n]; n++) {
        size_t len;
        uint8_t *d = slurp(names[n], &len);
        bool table = strstr(names[n], ".ldb") != NULL;
        size_t step = len > 4096 ? 997 : 1;
        for (size_t cut = 0; cut < len; cut += step) {
            dft_leveldb *db = NULL;
            CHECK(dft_leveldb_new(&db, 0) == DFT_OK);
            uint8_t *copy = malloc(cut + 1);
            memcpy(copy, d, cut);
            int rc = table ? dft_leveldb_add_table(db, names[n], copy, cut) : dft_leveldb_add_log(db, names[n], copy, cut);
            CHECK(rc == DFT_OK || rc == DFT_ECORRUPT);
            CHECK(dft_leveldb_finish(db) == DFT_OK);
            CHECK(dft_leveldb_count(db) <= 8);
            free(copy);
            dft_leveldb_free(db);
        }
        free(d);
    }
    /* a table cut short has no footer: clear error */
    dft_leveldb *db = NULL;
    dft_leveldb_new(&db, 0);
    CHECK(dft_leveldb_add_table(db, "x.ldb", (const uint8_t *)"short", 5) == DFT_ECORRUPT);
    CHECK(strstr(dft_error_last(), "too short") != NULL);
    dft_leveldb_free(db);
}

/* The memory cap stops reading with one warning and keeps what fits. */
static void test_cap(void)
{
    size_t len;
    uint8_t *d = slurp("frag.log", &len);
    dft_leveldb *db = NULL;
    dft_leveldb_new(&db, 4096);
    CHECK(dft_leveldb_add_log(db, "frag.log", d, len) == DFT_OK);
    dft_leveldb_finish(db);
    CHECK(dft_leveldb_get(db, "big", 3) == NULL);
    CHECK(dft_leveldb_count(db) >= 2);
    CHECK(dft_leveldb_warning(db, 0) && strstr(dft_leveldb_warning(db, 0), "memory cap"));
    dft_leveldb_free(db);
    free(d);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_leveldb FIXTURE_DIR\n");
        return 2;
    }
    dir = argv[1];
    test_crc();
    test_frag();
    test_badcrc();
    test_table();
    test_badblock();
    test_truncated();
    test_cap();
    if (fails) {
        fprintf(stderr, "%d check(s) failed\n", fails);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
