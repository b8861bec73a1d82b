/*
 * test_electrum.c - parsers/electrum.c on the generated Electrum wallets (gen_wallets.py): JSON,
 * keystore-encrypted, 2of3 multisig, 4.5 with appended JSON-patch lines, a 1.x Python literal and a
 * BIE1 storage-encrypted file; exact values, and junk/truncations that must not crash.
 * Usage: test_electrum FIXTURE_DIR
 */
#include "check.h"
#include "electrum.h"

static dft_electrum load(const char *dir, const char *name, int want_rc)
{
    size_t n = 0;
    unsigned char *b = slurp(dir, name, &n);
    dft_electrum e;
    memset(&e, 0, sizeof e);
    CHECK(b != NULL);
    if (b) {
        int rc = dft_electrum_parse((const char *)b, n, &e);
        if (rc != want_rc) fprintf(stderr, "%s: rc %d\n", name, rc);
        CHECK(rc == want_rc);
        /* every prefix of the file: a result or "not found", never a crash */
        for (size_t cut = 0; cut < n; cut += 7) {
            dft_electrum t;
            int r = dft_electrum_parse((const char *)b, cut, &t);
            CHECK(r == DFT_OK || r == DFT_ENOTFOUND);
            if (r == DFT_OK) dft_electrum_clear(&t);
        }
    }
    free(b);
    return e;
}

static const char *dstr(json_t *d, const char *k) { return json_string_value(json_object_get(d, k)); }

static void test_electrum__standard(const char *dir)
{
    dft_electrum e = load(dir, "electrum_std", DFT_OK);
    CHECK_STR(e.format, "json");
    CHECK(e.seed_version == 59 && e.use_encryption == 0 && !e.storage_encrypted);
    CHECK_STR(e.wallet_type, "standard");
    CHECK(e.n_addrs == 3 && e.n_tx == 2 && e.n_labels == 2);
    CHECK(e.first_tx_time == 1690000000 && e.last_tx_time == 1690060000);
    CHECK(json_integer_value(json_object_get(e.details, "first_tx_height")) == 800000);
    CHECK(json_integer_value(json_object_get(e.details, "last_tx_height")) == 800100);
    if (e.n_addrs == 3) {
        CHECK_STR(e.addrs[0].address, "1Dht4NTgTCfn3kVcG8F9p8At6s6BM9PD8z");
        CHECK_STR(e.addrs[0].role, "receiving");
        CHECK_STR(e.addrs[0].label, "rent");
        CHECK_STR(e.addrs[1].address, "1GgmEruMc8if69tYjAg535GL86uFrMH17k");
        CHECK(e.addrs[1].label == NULL);
        CHECK_STR(e.addrs[2].address, "1KsMGo588e7zktvhGWk2gvJtcwXXk6rudf");
        CHECK_STR(e.addrs[2].role, "change");
    }
    CHECK(json_is_true(json_object_get(e.details, "secrets_in_clear")));
    CHECK(json_array_size(json_object_get(e.details, "keystores")) == 1);
    json_t *ks = json_array_get(json_object_get(e.details, "keystores"), 0);
    CHECK_STR(dstr(ks, "type"), "bip32");
    CHECK_STR(dstr(ks, "xpub"), "zpub-test");
    CHECK(json_object_get(ks, "xprv") == NULL);   /* never the secret itself */
    CHECK(e.crack_hash == NULL);
    dft_electrum_clear(&e);
}

static void test_electrum__encrypted_keystore(const char *dir)
{
    dft_electrum e = load(dir, "electrum_enc", DFT_OK);
    CHECK(e.use_encryption == 1);
    CHECK(json_is_false(json_object_get(e.details, "secrets_in_clear")));
    CHECK_STR(e.crack_hash, "$electrum$2*000102030405060708090a0b0c0d0e0f*101112131415161718191a1b1c1d1e1f");
    CHECK(e.hashcat_mode == 16600);
    dft_electrum_clear(&e);
}

static void test_electrum__multisig(const char *dir)
{
    dft_electrum e = load(dir, "electrum_2of3", DFT_OK);
    CHECK_STR(e.wallet_type, "2of3");
    json_t *ks = json_object_get(e.details, "keystores");
    CHECK(json_array_size(ks) == 3);
    CHECK_STR(dstr(json_array_get(ks, 0), "slot"), "x1/");
    CHECK_STR(dstr(json_array_get(ks, 2), "hw_type"), "trezor");
    CHECK(e.n_addrs == 2);
    if (e.n_addrs == 2) {
        CHECK_STR(e.addrs[0].address, "35Vofjwqj6zWQ4X7LMf5FsJAzHJPBCRAJQ");
        CHECK_STR(e.addrs[0].role, "change");
        CHECK_STR(e.addrs[1].address, "3L7P8SinfYEUMrXvyrd6kFfPiBybPjPVvT");
    }
    dft_electrum_clear(&e);
}

static void test_electrum__patches(const char *dir)
{
    dft_electrum e = load(dir, "electrum_45", DFT_OK);
    CHECK(e.n_patches == 5 && e.n_patches_applied == 4);   /* "move" is counted, not applied */
    CHECK(e.n_tx == 1 && e.n_labels == 1 && e.n_addrs == 4);
    if (e.n_addrs == 4) {
        CHECK_STR(e.addrs[0].address, "17FgQ2VUD4SXNpDzWYVra8rrt8rx5iY5Mp");   /* added by a patch */
        CHECK_STR(e.addrs[2].address, "1GgmEruMc8if69tYjAg535GL86uFrMH17k");
        CHECK_STR(e.addrs[2].label, "from patch");
    }
    dft_electrum_clear(&e);
}

static void test_electrum__python_literal(const char *dir)
{
    dft_electrum e = load(dir, "electrum_old", DFT_OK);
    CHECK_STR(e.format, "python_literal");
    CHECK(e.seed_version == 4 && e.use_encryption == 1);
    CHECK_STR(e.wallet_type, "old");
    CHECK(e.n_addrs == 2);
    if (e.n_addrs == 2) {
        CHECK_STR(e.addrs[0].address, "14DmuTrM19bYGLAihLUdTrpZt1qRNEkobN");
        CHECK_STR(e.addrs[0].label, "old label");
    }
    CHECK_STR(e.crack_hash, "$electrum$1*6465666768696a6b6c6d6e6f70717273*7475767778797a7b7c7d7e7f80818283");
    dft_electrum_clear(&e);
}

static void test_electrum__bie1(const char *dir)
{
    dft_electrum e = load(dir, "electrum_bie1", DFT_OK);
    CHECK_STR(e.format, "bie1");
    CHECK(e.storage_encrypted && e.n_addrs == 0 && e.hashcat_mode == 21700);
    CHECK(e.crack_hash && strncmp(e.crack_hash, "$electrum$4*029ed2bc355f7520eb18a7dc84d23f01eca1a0c0a2613e28cb4cb788570063a7fa*000102", 85) == 0);
    CHECK(e.crack_hash && strstr(e.crack_hash, "3e3f*348a629f5ceed032c3e8706ec47d9bfafb00fb4250b018dd965435ca50cb836e") != NULL);
    dft_electrum_clear(&e);
}

/* imported-address wallets keep a dict of address -> info; BIE2 is storage encryption by a
 * hardware-wallet key: encrypted, no cracking line */
static void test_electrum__imported_and_bie2(void)
{
    const char *imp = "{\"seed_version\": 17, \"wallet_type\": \"imported\", \"use_encryption\": false,"
                      " \"addresses\": {\"1KsMGo588e7zktvhGWk2gvJtcwXXk6rudf\": {\"type\": \"address\"},"
                      " \"1Dht4NTgTCfn3kVcG8F9p8At6s6BM9PD8z\": {}}}";
    dft_electrum e;
    CHECK(dft_electrum_parse(imp, strlen(imp), &e) == DFT_OK);
    CHECK(e.n_addrs == 2);
    if (e.n_addrs == 2) {
        CHECK_STR(e.addrs[0].address, "1Dht4NTgTCfn3kVcG8F9p8At6s6BM9PD8z");
        CHECK_STR(e.addrs[0].role, "imported");
    }
    CHECK_STR(e.wallet_type, "imported");
    CHECK(json_is_false(json_object_get(e.details, "secrets_present")));
    dft_electrum_clear(&e);
    /* "BIE2" + 33 + 16 + 32 bytes of zeros, base64 */
    unsigned char raw[85] = { 'B', 'I', 'E', '2' };
    char b64[200];
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < sizeof raw; i += 3) {
        unsigned v = (unsigned)raw[i] << 16 | (i + 1 < sizeof raw ? raw[i + 1] : 0) << 8 | (i + 2 < sizeof raw ? raw[i + 2] : 0);
        b64[o++] = tab[v >> 18 & 63];
        b64[o++] = tab[v >> 12 & 63];
        b64[o++] = i + 1 < sizeof raw ? tab[v >> 6 & 63] : '=';
        b64[o++] = i + 2 < sizeof raw ? tab[v & 63] : '=';
    }
    b64[o] = '\0';
    CHECK(dft_electrum_parse(b64, o, &e) == DFT_OK);
    CHECK_STR(e.format, "bie2");
    CHECK(e.storage_encrypted && e.crack_hash == NULL && e.hashcat_mode == 0);
    CHECK(json_integer_value(json_object_get(e.details, "ciphertext_bytes")) == 16);
    dft_electrum_clear(&e);
}

static void test_electrum__not_wallets(void)
{
    const char *junk[] = { "", "{}", "{\"a\":1}", "[1,2]", "QklFMQ==", "{'x': (1, 2)}", "{\"seed_version\": 18", "\x00\x01" };
    for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
        dft_electrum e;
        CHECK(dft_electrum_parse(junk[i], strlen(junk[i]), &e) == DFT_ENOTFOUND);
    }
    dft_electrum e;
    const char *bad_patch = "{\"seed_version\": 18, \"labels\": {}},\n{\"op\":\"add\",\"path\":\"/no/such/x\",\"value\":1},\n"
                            "{\"op\":\"remove\",\"path\":\"/labels/zz\"},\n{\"op\":\"add\",\"path\":\"/labels/a~1b\",\"value\":\"v\"}";
    CHECK(dft_electrum_parse(bad_patch, strlen(bad_patch), &e) == DFT_OK);
    CHECK(e.n_patches == 3 && e.n_patches_applied == 1 && e.n_labels == 1);
    dft_electrum_clear(&e);
}

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    test_electrum__standard(argv[1]);
    test_electrum__encrypted_keystore(argv[1]);
    test_electrum__multisig(argv[1]);
    test_electrum__patches(argv[1]);
    test_electrum__python_literal(argv[1]);
    test_electrum__bie1(argv[1]);
    test_electrum__imported_and_bie2();
    test_electrum__not_wallets();
    if (failures) fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
