/*
 * test_bip39.c - parsers/bip39.c against published vectors: Trezor's English BIP39 vectors
 * (python-mnemonic vectors.json; the mnemonic is derived here from the entropy, and two seeds are checked
 * with PBKDF2 and passphrase "TREZOR"), bip32JP's Japanese vectors (U+3000 separators, NFKD passphrase),
 * Electrum's seed tests (electrum/tests/test_mnemonic.py), then the scanner over note-like text.
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "bip39.h"
#include "error.h"

#ifndef DFT_BIP39_DIR
#error "DFT_BIP39_DIR must name plugins/crypto_scan/data/bip39"
#endif

static int failures;
#define CHECK(c)                                                                                         \
    do {                                                                                                 \
        if (!(c)) {                                                                                      \
            fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n", __FILE__, __LINE__, #c,       \
                    dft_error_last());                                                                   \
            failures++;                                                                                  \
        }                                                                                                \
    } while (0)

/* ---- an independent reference: entropy -> mnemonic straight from the list file ---- */

typedef struct list {
    char *buf;
    char *w[2048];
} list;

static void list_load(list *l, const char *lang)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.txt", DFT_BIP39_DIR, lang);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(1);
    }
    l->buf = calloc(1, 256 * 1024);
    size_t n = fread(l->buf, 1, 256 * 1024 - 1, f);
    fclose(f);
    l->buf[n] = '\0';
    char *p = l->buf;
    for (int i = 0; i < 2048; i++) {
        l->w[i] = p;
        p = strchr(p, '\n');
        if (!p) {
            fprintf(stderr, "%s: short list\n", path);
            exit(1);
        }
        *p++ = '\0';
    }
}

static int unhex(const char *h, uint8_t *out)
{
    int n = 0;
    for (; h[0] && h[1]; h += 2) {
        unsigned v;
        sscanf(h, "%2x", &v);
        out[n++] = (uint8_t)v;
    }
    return n;
}

/* BIP39: entropy || first ENT/32 bits of SHA-256(entropy), cut into 11-bit indices, joined by sep */
static char *derive(const list *l, const char *entropy_hex, const char *sep)
{
    uint8_t e[33] = {0}, h[32];
    int n = unhex(entropy_hex, e);
    unsigned hl;
    EVP_Digest(e, (size_t)n, h, &hl, EVP_sha256(), NULL);
    e[n] = h[0];
    int words = (n * 8 + n / 4) / 11;
    char *out = calloc(1, 2048);
    for (int i = 0; i < words; i++) {
        int idx = 0;
        for (int b = 0; b < 11; b++) {
            int pos = i * 11 + b;
            idx = idx << 1 | (e[pos / 8] >> (7 - pos % 8) & 1);
        }
        if (i) strcat(out, sep);
        strcat(out, l->w[idx]);
    }
    return out;
}

static void seed_hex(const char *phrase_nfkd, const char *passphrase, char out[129])
{
    char *salt_raw = malloc(strlen(passphrase) + 9);
    sprintf(salt_raw, "mnemonic%s", passphrase);
    char *salt = (char *)utf8proc_NFKD((const utf8proc_uint8_t *)salt_raw);
    uint8_t seed[64];
    PKCS5_PBKDF2_HMAC(phrase_nfkd, (int)strlen(phrase_nfkd), (const unsigned char *)salt, (int)strlen(salt), 2048,
                      EVP_sha512(), 64, seed);
    for (int i = 0; i < 64; i++) sprintf(out + 2 * i, "%02x", seed[i]);
    free(salt);
    free(salt_raw);
}

/* ---- scanning helpers ---- */

#define MAXHITS 64
typedef struct hits {
    int n;
    dft_mnemonic m[MAXHITS];
    int stop_after; /* 0 = never */
} hits;

static int collect(void *payload, const dft_mnemonic *m)
{
    hits *h = payload;
    if (h->n < MAXHITS) h->m[h->n] = *m;
    h->n++;
    if (h->stop_after && h->n >= h->stop_after) return 7;
    return 0;
}

static void scan(const dft_bip39 *b, const char *text, hits *h)
{
    memset(h, 0, sizeof *h);
    CHECK(dft_bip39_scan(b, text, strlen(text), collect, h) == DFT_OK);
}

static void check_ok(const dft_bip39 *b, const char *phrase, const char *lang, int words, const char *type,
                     const char *want_phrase)
{
    dft_mnemonic m;
    int rc = dft_bip39_check(b, phrase, strlen(phrase), &m);
    if (rc != DFT_OK) {
        fprintf(stderr, "refused: %s\n", phrase);
        failures++;
        return;
    }
    bool ok = strcmp(m.language, lang) == 0 && m.words == words && strcmp(m.type, type) == 0 &&
              strcmp(m.phrase, want_phrase ? want_phrase : phrase) == 0 && m.offset == 0 &&
              m.length == strlen(phrase) && !m.phrase_nfc;
    if (!ok) {
        fprintf(stderr, "%s: got %s %d %s [%s] off=%zu len=%zu\n", phrase, m.language, m.words, m.type, m.phrase,
                m.offset, m.length);
        failures++;
    }
}

static void check_no(const dft_bip39 *b, const char *phrase)
{
    dft_mnemonic m;
    int rc = dft_bip39_check(b, phrase, strlen(phrase), &m);
    if (rc != DFT_ENOTFOUND) {
        fprintf(stderr, "accepted, must be refused: %s\n", phrase);
        failures++;
    }
}

static void write_file(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, n, f);
    fclose(f);
}

int main(void)
{
    dft_bip39 *b = NULL;
    CHECK(dft_bip39_load(&b, DFT_BIP39_DIR) == DFT_OK);
    if (!b) return 1;
    /* the SHA-256 of the 10 lists in load order (english, japanese, korean, spanish, chinese_simplified,
     * chinese_traditional, french, italian, czech, portuguese): docs/crypto-validation.md lists each file's */
    CHECK(strcmp(dft_bip39_version(b),
                 "bips@bip-0039 sha256:e014b2e907ede249771dbdf049ed4d633219a6d7f02a672f3aaf38c4e0396833") == 0);

    list en, ja, ko, fr;
    list_load(&en, "english");
    list_load(&ja, "japanese");
    list_load(&ko, "korean");
    list_load(&fr, "french");

    /* ---- Trezor English vectors: entropy -> mnemonic (derived here), then dft_bip39_check ---- */
    static const char *trezor[][2] = {
        {"00000000000000000000000000000000", "abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                                             "abandon abandon about"},
        {"7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f", "legal winner thank year wave sausage worth useful legal winner thank yellow"},
        {"80808080808080808080808080808080", "letter advice cage absurd amount doctor acoustic avoid letter advice cage "
                                             "above"},
        {"ffffffffffffffffffffffffffffffff", "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong"},
        {"000000000000000000000000000000000000000000000000",
         "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
         "abandon abandon abandon abandon agent"},
        {"808080808080808080808080808080808080808080808080",
         "letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount doctor acoustic avoid "
         "letter always"},
        {"0000000000000000000000000000000000000000000000000000000000000000",
         "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
         "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art"},
        {"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
         "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote"},
        {"9e885d952ad362caeb4efe34a8e91bd2", "ozone drill grab fiber curtain grace pudding thank cruise elder eight picnic"},
        {"6610b25967cdcca9d59875f5cb50b0ea75433311869e930b",
         "gravity machine north sort system female filter attitude volume fold club stay feature office ecology stable "
         "narrow fog"},
        {"68a79eaca2324873eacc50cb9c6eca8cc68ea5d936f98787c60c7ebc74e6ce7c",
         "hamster diagram private dutch cause delay private meat slide toddler razor book happy fancy gospel tennis "
         "maple dilemma loan word shrug inflict delay length"},
        {"f585c11aec520db57dd353c69554b21a89b20fb0650966fa0a9d6f74fd989d8f",
         "void come effort suffer camp survey warrior heavy shoot primary clutch crush open amazing screen patrol group "
         "space point ten exist slush involve unfold"},
    };
    for (size_t i = 0; i < sizeof trezor / sizeof trezor[0]; i++) {
        char *d = derive(&en, trezor[i][0], " ");
        if (strcmp(d, trezor[i][1]) != 0) fprintf(stderr, "derived [%s]\n   want [%s]\n", d, trezor[i][1]);
        CHECK(strcmp(d, trezor[i][1]) == 0);
        int words = (int)strlen(trezor[i][0]) * 4 * 33 / 32 / 11;
        check_ok(b, trezor[i][1], "english", words, "bip39", NULL);
        free(d);
    }
    {
        char s[129];
        seed_hex(trezor[0][1], "TREZOR", s);
        CHECK(strcmp(s, "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf"
                        "141630c7a3c4ab7c81b2f001698e7463b04") == 0);
        seed_hex(trezor[1][1], "TREZOR", s);
        CHECK(strcmp(s, "2e8905819b8723fe2c1d161860e5ee1830318dbf49a83bd451cfb8440c28bd6fa457fe1296106559a3c80937a1c10"
                        "69be3a3a5bd381ee6260e8d9739fce1f607") == 0);
    }

    /* ---- Japanese (bip32JP test_JP_BIP39.json): U+3000 separators; seed over the NFKD phrase ---- */
    static const char *jp[][3] = {
        {"00000000000000000000000000000000",
         "あいこくしん　あいこくしん　あいこくしん　あいこくしん　あいこくしん　あいこくしん　あいこくしん　あいこく"
         "しん　あいこくしん　あいこくしん　あいこくしん　あおぞら",
         "a262d6fb6122ecf45be09c50492b31f92e9beb7d9a845987a02cefda57a15f9c467a17872029a9e92299b5cbdf306e3a0ee620245cbd"
         "508959b6cb7ca637bd55"},
        {"77c2b00716cec7213839159e404db50d",
         "せまい　うちがわ　あずき　かろう　めずらしい　だんち　ますく　おさめる　ていぼう　あたる　すあな　えしゃく",
         "344cef9efc37d0cb36d89def03d09144dd51167923487eec42c487f7428908546fa31a3c26b7391a2b3afe7db81b9f8c5007336b58e2"
         "69ea0bd10749a87e0193"},
    };
    for (int i = 0; i < 2; i++) {
        char *d = derive(&ja, jp[i][0], "\xe3\x80\x80");
        char *want = (char *)utf8proc_NFKD((const utf8proc_uint8_t *)jp[i][1]); /* U+3000 -> ' ' under NFKD */
        /* the list is NFKD, the vector text NFC: compare normalised */
        char *dn = (char *)utf8proc_NFKD((const utf8proc_uint8_t *)d);
        CHECK(strcmp(dn, want) == 0);
        dft_mnemonic m;
        CHECK(dft_bip39_check(b, jp[i][1], strlen(jp[i][1]), &m) == DFT_OK);
        CHECK(strcmp(m.language, "japanese") == 0 && m.words == 12 && strcmp(m.type, "bip39") == 0);
        CHECK(strcmp(m.phrase, want) == 0 && !m.phrase_nfc);
        char s[129];
        seed_hex(m.phrase, "㍍ガバヴァぱばぐゞちぢ十人十色", s);
        if (strcmp(s, jp[i][2]) != 0) fprintf(stderr, "JP seed %s\n", s);
        CHECK(strcmp(s, jp[i][2]) == 0);
        free(d);
        free(dn);
        free(want);
    }

    /* ---- negatives ---- */
    check_no(b, "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about abandon");
    check_no(b, "legal winner thank year wave sausage worth useful legal thank winner yellow");  /* swapped */
    check_no(b, "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"); /* 11 */
    check_no(b, "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about about");
    /* mixed languages: "sonnette" is French only; every other word English */
    check_no(b, "legal winner thank year wave sausage worth useful legal winner sonnette yellow");
    check_no(b, "legal winner thank year wave sausage worth useful legal winner thank yellowish");
    check_no(b, "");

    /* ---- Electrum seeds (electrum/tests/test_mnemonic.py) ---- */
    check_ok(b, "wild father tree among universe such mobile favorite target dynamic credit identify", "electrum", 12,
             "segwit", NULL);
    check_ok(b, "cram swing cover prefer miss modify ritual silly deliver chunk behind inform able", "electrum", 13,
             "standard", NULL);
    check_ok(b, "ostrich security deer aunt climb inner alpha arm mutual marble solid task", "electrum", 12, "standard",
             NULL);
    check_ok(b, "OSTRICH SECURITY DEER AUNT CLIMB INNER ALPHA ARM MUTUAL MARBLE SOLID TASK", "electrum", 12, "standard",
             "ostrich security deer aunt climb inner alpha arm mutual marble solid task");
    check_ok(b, "science dawn member doll dutch real can brick knife deny drive list", "electrum", 12, "2fa", NULL);
    check_ok(b, "frost pig brisk excite novel report camera enlist axis nation novel desert", "electrum", 12, "segwit",
             NULL);
    check_no(b, "cram swing cover prefer miss modify ritual silly deliver chunk behind inform"); /* 12: not a seed */
    /* valid BIP39 whose HMAC also starts with 01 (found by search over sha256("dft<i>")[:16], i = 319): BIP39 wins */
    check_ok(b, "dinosaur collect fish armor else duck layer security moral capable enlist april", "english", 12, "bip39",
             NULL);

    /* ---- the scanner over note-like text ---- */
    hits h;
    {
        /* numbering, commas, newlines, capitals, a trailing period; exact byte range */
        const char *t = "my wallet backup!!\n1. Legal 2. winner 3. thank 4. year\n5.wave, 6.sausage, 7.worth, "
                        "8.useful\n9) legal 10) winner 11) thank 12) yellow.\nthanks";
        scan(b, t, &h);
        CHECK(h.n == 1);
        if (h.n == 1) {
            CHECK(strcmp(h.m[0].phrase, trezor[1][1]) == 0 && strcmp(h.m[0].language, "english") == 0);
            CHECK(h.m[0].offset == (size_t)(strstr(t, "Legal") - t));
            CHECK(h.m[0].offset + h.m[0].length == (size_t)(strstr(t, "yellow") - t) + 6);
        }
    }
    {
        /* two 12-word mnemonics back to back, then a 24-word one preceded by a stray list word */
        char t[2048];
        snprintf(t, sizeof t, "%s %s\nnotes: %s %s end", trezor[0][1], trezor[3][1], "zoo", trezor[6][1]);
        scan(b, t, &h);
        CHECK(h.n == 3);
        if (h.n == 3) {
            CHECK(strcmp(h.m[0].phrase, trezor[0][1]) == 0 && h.m[0].words == 12 && h.m[0].offset == 0);
            CHECK(strcmp(h.m[1].phrase, trezor[3][1]) == 0 && h.m[1].offset == strlen(trezor[0][1]) + 1);
            CHECK(strcmp(h.m[2].phrase, trezor[6][1]) == 0 && h.m[2].words == 24);
        }
    }
    {
        /* a 24-word phrase whose two halves are valid 12-word phrases too (entropy sha256("dft24-146"),
         * found by search): the longest valid window wins, and nothing overlapping is reported */
        char *d = derive(&en, "6ad410973ff75b2fe1d533220b5e423bfc601b062559e3ee0e4444d46f33a536", " ");
        CHECK(strcmp(d, "hello party chair lend interest obey mansion please capital foot mountain jewel ship assault "
                        "blush private token idea much meadow eight oil network sentence") == 0);
        check_ok(b, "hello party chair lend interest obey mansion please capital foot mountain jewel", "english", 12,
                 "bip39", NULL);
        check_ok(b, "ship assault blush private token idea much meadow eight oil network sentence", "english", 12,
                 "bip39", NULL);
        scan(b, d, &h);
        CHECK(h.n == 1 && h.m[0].words == 24 && strcmp(h.m[0].phrase, d) == 0);
        free(d);
    }
    {
        /* Japanese with U+3000 inside other text; French typed in NFC (accents composed) */
        char t[4096];
        char *fr_nfkd = derive(&fr, "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f", " ");
        char *fr_nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)fr_nfkd);
        CHECK(strcmp(fr_nfc, fr_nfkd) != 0); /* "véloce" differs: the test means something */
        snprintf(t, sizeof t, "メモ：%s。\n\tphrase: %s\n", jp[1][1], fr_nfc);
        scan(b, t, &h);
        CHECK(h.n == 2);
        if (h.n == 2) {
            CHECK(strcmp(h.m[0].language, "japanese") == 0 && h.m[0].offset == strlen("メモ："));
            CHECK(h.m[0].length == strlen(jp[1][1]));
            CHECK(strcmp(h.m[1].language, "french") == 0 && strcmp(h.m[1].phrase, fr_nfkd) == 0);
            CHECK(h.m[1].length == strlen(fr_nfc));
        }
        free(fr_nfkd);
        free(fr_nfc);
    }
    {
        /* a Korean 24-word phrase whose NFKD form (800 bytes) does not fit: phrase holds NFC */
        char *d = derive(&ko, "0e41c8390720e41c8390720e41c8390720e41c8390720e41c8390720e41c8390", " ");
        CHECK(strlen(d) == 800);
        scan(b, d, &h);
        CHECK(h.n == 1);
        if (h.n == 1) {
            CHECK(strcmp(h.m[0].language, "korean") == 0 && h.m[0].words == 24 && h.m[0].phrase_nfc);
            char *back = (char *)utf8proc_NFKD((const utf8proc_uint8_t *)h.m[0].phrase);
            CHECK(strcmp(back, d) == 0);
            CHECK(strlen(h.m[0].phrase) == 305);
            free(back);
        }
        free(d);
    }
    {
        /* the callback's non-zero return stops the scan and is returned */
        char t[1024];
        snprintf(t, sizeof t, "%s, %s", trezor[0][1], trezor[3][1]);
        hits s2;
        memset(&s2, 0, sizeof s2);
        s2.stop_after = 1;
        CHECK(dft_bip39_scan(b, t, strlen(t), collect, &s2) == 7 && s2.n == 1);
    }
    {
        /* a whole word list as text (2048 consecutive list words): bounded and deterministic */
        char path[512];
        snprintf(path, sizeof path, "%s/english.txt", DFT_BIP39_DIR);
        FILE *f = fopen(path, "rb");
        char *t = calloc(1, 64 * 1024);
        size_t n = fread(t, 1, 64 * 1024 - 1, f);
        fclose(f);
        hits a, c;
        memset(&a, 0, sizeof a);
        memset(&c, 0, sizeof c);
        CHECK(dft_bip39_scan(b, t, n, collect, &a) == DFT_OK);
        CHECK(dft_bip39_scan(b, t, n, collect, &c) == DFT_OK);
        CHECK(a.n == c.n);
        for (int i = 0; i < a.n && i < MAXHITS; i++) CHECK(a.m[i].offset == c.m[i].offset);
        /* hits never overlap and come in text order */
        for (int i = 1; i < a.n && i < MAXHITS; i++) CHECK(a.m[i].offset >= a.m[i - 1].offset + a.m[i - 1].length);
        free(t);
    }
    /* plain prose: nothing */
    scan(b, "The quick brown fox jumps over the lazy dog, and then it goes to sleep in the warm sun all day long.", &h);
    CHECK(h.n == 0);

    /* ---- load errors: missing directory, a list one word short ---- */
    CHECK(dft_bip39_load(&(dft_bip39 *){NULL}, "/nonexistent/dft") == DFT_EIO);
    {
        char dir[] = "/tmp/dft_bip39_XXXXXX";
        CHECK(mkdtemp(dir) != NULL);
        static const char *langs[] = {"english", "japanese", "korean", "spanish", "chinese_simplified",
                                      "chinese_traditional", "french", "italian", "czech", "portuguese"};
        for (int i = 0; i < 10; i++) {
            char src[512], dst[512];
            snprintf(src, sizeof src, "%s/%s.txt", DFT_BIP39_DIR, langs[i]);
            snprintf(dst, sizeof dst, "%s/%s.txt", dir, langs[i]);
            FILE *f = fopen(src, "rb");
            char *buf = calloc(1, 256 * 1024);
            size_t n = fread(buf, 1, 256 * 1024, f);
            fclose(f);
            if (i == 8) { /* czech: drop the last line */
                n--;
                while (n > 0 && buf[n - 1] != '\n') n--;
            }
            write_file(dst, buf, n);
            free(buf);
        }
        dft_bip39 *bad = NULL;
        CHECK(dft_bip39_load(&bad, dir) == DFT_ECORRUPT && bad == NULL);
        CHECK(strstr(dft_error_last(), "czech") != NULL);
        for (int i = 0; i < 10; i++) {
            char dst[512];
            snprintf(dst, sizeof dst, "%s/%s.txt", dir, langs[i]);
            unlink(dst);
        }
        rmdir(dir);
    }

    free(en.buf);
    free(ja.buf);
    free(ko.buf);
    free(fr.buf);
    dft_bip39_free(b);
    dft_bip39_free(NULL);
    printf(failures ? "FAILED\n" : "ok test_bip39\n");
    return failures ? 1 : 0;
}
