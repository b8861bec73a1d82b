/*
 * test_btcwallet.c - parsers/bdb.c and parsers/btcwallet.c on the generated Bitcoin Core wallets
 * (tests/wallets/gen_wallets.py): exact decoded values, the bitcoin2john line, and damaged copies
 * (truncated, a page cycle, bogus overflow length) that must give warnings, not crashes.
 * Usage: test_btcwallet FIXTURE_DIR
 */
#include <stdint.h>

#include "bdb.h"
#include "btcwallet.h"
#include "check.h"

static void test_btcwallet__plain(const char *dir)
{
    size_t n;
    unsigned char *b = slurp(dir, "btc_plain.dat", &n);
    CHECK(b != NULL);
    if (!b) return;
    dft_bdb_info info;
    CHECK(dft_bdb_sniff(b, n, &info) == DFT_OK);
    CHECK(info.kind == DFT_BDB_BTREE && !info.big_endian && info.version == 9 && info.pagesize == 4096);
    dft_bdb_stats st;
    dft_btcwallet *w = NULL;
    CHECK(dft_btcwallet_read_bdb(&w, b, n, &st) == DFT_OK);
    if (w) {
        CHECK(st.records == 16 && st.overflow == 1 && st.problems == 0);
        CHECK(st.pages >= 3);   /* internal root + at least two leaves */
        CHECK(w->version == 139900 && w->minversion == 60000);
        CHECK(w->n_key == 2 && w->n_ckey == 0 && w->n_mkey == 0 && w->n_keymeta == 2);
        CHECK(w->n_key_times == 2 && w->key_first == 1500000000 && w->key_last == 1600000000);
        CHECK(w->n_tx == 2 && w->n_tx_times == 2 && w->tx_first == 1600000100 && w->tx_last == 1600000200);
        CHECK(w->hdchain_version == 2 && w->n_bestblock == 1 && w->n_bad == 0 && w->n_records == 16);
        CHECK(w->n_names == 3);
        if (w->n_names == 3) {
            CHECK_STR(w->names[0].address, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
            CHECK_STR(w->names[0].label, "Genesis");
            CHECK_STR(w->names[0].purpose, "receive");
            CHECK_STR(w->names[1].address, "3Jf4gsoQpw6vhnR213xzm5JcxuA86faKa2");
            CHECK_STR(w->names[1].label, "");
            CHECK_STR(w->names[1].purpose, "send");
            CHECK_STR(w->names[2].address, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
            CHECK_STR(w->names[2].label, "Savings");
        }
        char line[300];
        CHECK(dft_btcwallet_crack_hash(w, line, sizeof line) == DFT_ENOTFOUND);
    }
    dft_btcwallet_free(w);

    /* a page cycle: the internal root's first child pointed back at the root */
    unsigned char *c = malloc(n);
    memcpy(c, b, n);
    uint32_t root = c[2 * 4096 + 88] | (uint32_t)c[2 * 4096 + 89] << 8;
    unsigned char *rp = c + (size_t)root * 4096;
    CHECK(rp[25] == 3);
    uint16_t off = (uint16_t)(rp[26] | rp[27] << 8);
    rp[off + 4] = (unsigned char)root;
    rp[off + 5] = rp[off + 6] = rp[off + 7] = 0;
    w = NULL;
    CHECK(dft_btcwallet_read_bdb(&w, c, n, &st) == DFT_OK);
    CHECK(st.problems >= 1 && strstr(st.first_problem, "reached twice") != NULL);
    CHECK(w && w->n_records > 0 && w->n_records < 16);   /* the other leaves still read */
    dft_btcwallet_free(w);

    /* truncated after the subdatabase meta page: root past the end */
    w = NULL;
    CHECK(dft_btcwallet_read_bdb(&w, b, 3 * 4096, &st) == DFT_ECORRUPT && w == NULL);
    /* every prefix length and a few byte flips: never a crash, only the documented codes */
    for (size_t cut = 0; cut < n; cut += 997) {
        w = NULL;
        int rc = dft_btcwallet_read_bdb(&w, b, cut, &st);
        CHECK(rc == DFT_OK || rc == DFT_ECORRUPT || rc == DFT_ENOTFOUND);
        dft_btcwallet_free(w);
    }
    for (size_t i = 0; i < n; i += 61) {
        memcpy(c, b, n);
        c[i] ^= 0xA5;
        w = NULL;
        int rc = dft_btcwallet_read_bdb(&w, c, n, &st);
        CHECK(rc == DFT_OK || rc == DFT_ECORRUPT || rc == DFT_ENOTFOUND || rc == DFT_EUNSUPPORTED);
        dft_btcwallet_free(w);
    }
    free(c);
    free(b);
}

static void test_btcwallet__encrypted(const char *dir)
{
    size_t n;
    unsigned char *b = slurp(dir, "btc_enc.dat", &n);
    CHECK(b != NULL);
    if (!b) return;
    dft_btcwallet *w = NULL;
    CHECK(dft_btcwallet_read_bdb(&w, b, n, NULL) == DFT_OK);
    if (w) {
        CHECK(w->version == 169900 && w->n_mkey == 1 && w->n_ckey == 3 && w->n_key == 0);
        CHECK(w->mkey.method == 0 && w->mkey.iterations == 25000 && w->mkey.salt_len == 8 && w->mkey.crypted_len == 48);
        CHECK(w->has_flags && w->flags == 0);
        char line[300];
        CHECK(dft_btcwallet_crack_hash(w, line, sizeof line) == DFT_OK);
        CHECK_STR(line, "$bitcoin$64$202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f$16$0102030405060708$25000$2$00$2$00");
        CHECK(w->n_names == 1);
    }
    dft_btcwallet_free(w);
    free(b);
}

static void test_btcwallet__litecoin(const char *dir)
{
    size_t n;
    unsigned char *b = slurp(dir, "ltc_wallet.dat", &n);
    dft_btcwallet *w = NULL;
    CHECK(b && dft_btcwallet_read_bdb(&w, b, n, NULL) == DFT_OK);
    if (w) {
        CHECK(w->n_names == 2 && w->n_key == 1 && w->n_tx == 1 && w->tx_first == 1550000000);
        if (w->n_names == 2) {
            CHECK_STR(w->names[0].address, "LZrDLAgMKQwTZ8dLxZQmbYsWpK6bKmLB7U");
            CHECK_STR(w->names[1].address, "MVjTBMZivfMkDrbgx2uY9W8kJvmbCsvPaQ");
        }
    }
    dft_btcwallet_free(w);
    free(b);
}

/* the same Litecoin records in a big-endian file (PowerPC-era Bitcoin Core) with an internal root */
static void test_btcwallet__big_endian(const char *dir)
{
    size_t n;
    unsigned char *b = slurp(dir, "ltc_wallet_be.dat", &n);
    dft_bdb_info info;
    CHECK(b && dft_bdb_sniff(b, n, &info) == DFT_OK && info.big_endian && info.pagesize == 4096);
    dft_btcwallet *w = NULL;
    dft_bdb_stats st;
    CHECK(b && dft_btcwallet_read_bdb(&w, b, n, &st) == DFT_OK);
    if (w) {
        CHECK(st.problems == 0 && st.pages >= 3 && st.records == 6);
        CHECK(w->version == 130200 && w->n_names == 2 && w->n_key == 1 && w->tx_first == 1550000000);
        if (w->n_names == 2) CHECK_STR(w->names[1].label, "ltc p2sh");
    }
    dft_btcwallet_free(w);
    free(b);
}

static void test_btcwallet__descriptor(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/btc_desc.sqlite", dir);
    dft_btcwallet *w = NULL;
    CHECK(dft_btcwallet_read_sqlite(&w, path, NULL) == DFT_OK);
    if (!w) return;
    CHECK_STR(w->storage, "sqlite");
    CHECK(w->application_id == 0xF9BEB4D9u);
    CHECK_STR(dft_btcwallet_network(w->application_id), "main");
    CHECK(w->has_flags && (w->flags & DFT_BTC_FLAG_DESCRIPTORS) && w->flags == ((1ull << 34) | 2));
    CHECK(w->n_desc == 1 && w->n_desc_key == 1 && w->n_desc_ckey == 0 && w->n_mkey == 0);
    CHECK(w->n_descriptors == 1 && strncmp(w->descriptors[0], "wpkh([d34db33f/84'/0'/0']xpub6ERApfZw", 36) == 0);
    CHECK(w->n_tx == 1 && w->tx_first == 1700000500);
    CHECK(w->n_names == 1);
    if (w->n_names == 1) CHECK_STR(w->names[0].label, "exchange deposit");
    CHECK(w->n_other == 1);   /* activeexternalspk */
    dft_btcwallet_free(w);
    /* a BDB file is not SQLite */
    snprintf(path, sizeof path, "%s/btc_enc.dat", dir);
    w = NULL;
    CHECK(dft_btcwallet_read_sqlite(&w, path, NULL) == DFT_ECORRUPT && !w);
}

static void test_btcwallet__networks(void)
{
    CHECK_STR(dft_btcwallet_network(0xF9BEB4D9u), "main");
    CHECK_STR(dft_btcwallet_network(0x0B110907u), "testnet3");
    CHECK_STR(dft_btcwallet_network(0x1C163F28u), "testnet4");
    CHECK_STR(dft_btcwallet_network(0xFABFB5DAu), "regtest");
    CHECK(dft_btcwallet_network(0) == NULL);
}

static void test_bdb__hash_and_junk(void)
{
    unsigned char page[512] = { 0 };
    dft_bdb_info info;
    CHECK(dft_bdb_sniff(page, sizeof page, &info) == DFT_ENOTFOUND);
    page[12] = 0x00; page[13] = 0x06; page[14] = 0x15; page[15] = 0x61;   /* hash magic, big-endian */
    page[20] = 0; page[21] = 0; page[22] = 0x02; page[23] = 0;             /* pagesize 512 BE */
    CHECK(dft_bdb_sniff(page, sizeof page, &info) == DFT_OK && info.kind == DFT_BDB_HASH && info.big_endian);
    CHECK(dft_bdb_walk(page, sizeof page, "main", NULL, NULL, NULL) == DFT_EUNSUPPORTED);
}

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    test_btcwallet__plain(argv[1]);
    test_btcwallet__encrypted(argv[1]);
    test_btcwallet__litecoin(argv[1]);
    test_btcwallet__big_endian(argv[1]);
    test_btcwallet__descriptor(argv[1]);
    test_btcwallet__networks();
    test_bdb__hash_and_junk();
    if (failures) fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
