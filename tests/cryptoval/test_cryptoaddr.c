/*
 * test_cryptoaddr.c - Keccak-256 (parsers/keccak.c), CashAddr (parsers/cashaddr.c) and
 * dft_crypto_classify / dft_crypto_classify_hexkey (parsers/cryptoaddr.c) against published values:
 * Keccak digests, the ERC-55 examples, BIP173/BIP350 lists, the cashaddr spec's legacy translations,
 * the Bitcoin wiki WIF example, BIP32 test vector 1, BIP49/BIP84 account keys, token contracts.
 * Values without a published source (a Litecoin or Dogecoin address of a known hash) were encoded
 * independently with Python's hashlib and are marked so.
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "cashaddr.h"
#include "cryptoaddr.h"
#include "error.h"
#include "keccak.h"

static int failures;
#define CHECK(c)                                                                                         \
    do {                                                                                                 \
        if (!(c)) {                                                                                      \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c);                        \
            failures++;                                                                                  \
        }                                                                                                \
    } while (0)

static void hex(const uint8_t *b, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", b[i]);
    out[2 * n] = '\0';
}

static void keccak(const char *in, const char *want)
{
    uint8_t d[32];
    char h[65];
    dft_keccak256(in, strlen(in), d);
    hex(d, 32, h);
    if (strcmp(h, want) != 0) fprintf(stderr, "keccak256(%.20s...) = %s, want %s\n", in, h, want);
    CHECK(strcmp(h, want) == 0);
}

/* expects s to classify as chain/kind/variant (testnet, secret), canonical (NULL: s itself), token ("" none) */
static void yes(const char *s, const char *chain, const char *kind, const char *variant, bool testnet, bool secret,
                double conf, const char *canonical, const char *token)
{
    dft_crypto_hit h;
    int rc = dft_crypto_classify(s, strlen(s), &h);
    if (rc != DFT_OK) {
        fprintf(stderr, "%s: refused, want %s/%s/%s\n", s, chain, kind, variant);
        failures++;
        return;
    }
    const char *canon = canonical ? canonical : s;
    bool ok = strcmp(h.chain, chain) == 0 && strcmp(h.kind, kind) == 0 && strcmp(h.variant, variant) == 0 &&
              h.testnet == testnet && h.secret == secret && h.confidence == conf &&
              strcmp(h.canonical, canon) == 0 && strcmp(h.token, token) == 0;
    if (!ok) {
        fprintf(stderr, "%s: got %s/%s/%s testnet=%d secret=%d conf=%.2f canonical=%s token=%s\n", s, h.chain, h.kind,
                h.variant, h.testnet, h.secret, h.confidence, h.canonical, h.token);
        failures++;
    }
}

static void no(const char *s)
{
    dft_crypto_hit h;
    int rc = dft_crypto_classify(s, strlen(s), &h);
    if (rc != DFT_ENOTFOUND) {
        fprintf(stderr, "%s: accepted as %s/%s/%s, must be refused\n", s, h.chain, h.kind, h.variant);
        failures++;
    }
    /* a refused candidate leaves nothing behind in the result */
    CHECK(h.chain[0] == '\0' && h.canonical[0] == '\0');
}

static void eip55_roundtrip(const char *addr)
{
    char lower[41], out[43];
    for (int i = 0; i < 40; i++) lower[i] = (char)(addr[2 + i] | ((addr[2 + i] >= 'A') ? 0x20 : 0));
    lower[40] = '\0';
    dft_crypto_eip55(lower, out);
    if (strcmp(out, addr) != 0) fprintf(stderr, "eip55(%s) = %s\n", lower, out);
    CHECK(strcmp(out, addr) == 0);
}

static void cashaddr_vs_legacy(const char *cash, int want_type, const char *want_hash)
{
    char prefix[24];
    int type = -1;
    uint8_t hash[64];
    size_t n = 0;
    char h[129];
    CHECK(dft_cashaddr_decode(cash, strlen(cash), "bitcoincash", prefix, &type, hash, &n) == DFT_OK);
    hex(hash, n, h);
    CHECK(type == want_type);
    if (strcmp(h, want_hash) != 0) fprintf(stderr, "%s -> %s, want %s\n", cash, h, want_hash);
    CHECK(strcmp(h, want_hash) == 0);
}

/* Base58Check encoding, written independently of parsers/ (test-only): version || payload || checksum */
static void b58check_encode(const uint8_t *p, size_t n, char *out)
{
    static const char a[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    uint8_t buf[128], h[32];
    unsigned hl;
    memcpy(buf, p, n);
    EVP_Digest(buf, n, h, &hl, EVP_sha256(), NULL);
    EVP_Digest(h, 32, h, &hl, EVP_sha256(), NULL);
    memcpy(buf + n, h, 4);
    n += 4;
    uint8_t num[128];
    memcpy(num, buf, n);
    char rev[200];
    size_t nr = 0, zeros = 0;
    while (zeros < n && buf[zeros] == 0) zeros++;
    for (;;) { /* repeated division of the big-endian number by 58 */
        unsigned rem = 0;
        bool nonzero = false;
        for (size_t i = 0; i < n; i++) {
            unsigned cur = rem * 256 + num[i];
            num[i] = (uint8_t)(cur / 58);
            rem = cur % 58;
            if (num[i]) nonzero = true;
        }
        rev[nr++] = a[rem];
        if (!nonzero) break;
    }
    while (nr > 0 && rev[nr - 1] == '1') nr--; /* the division's leading zero digits */
    size_t o = 0;
    for (size_t i = 0; i < zeros; i++) out[o++] = '1';
    while (nr) out[o++] = rev[--nr];
    out[o] = '\0';
}

/* every SLIP-132 version in crypto.md 2.6: a 78-byte key with a valid key-data lead byte classifies with
 * its name; a private version with a public key's lead byte (and the reverse) is refused */
static void slip132_all(void)
{
    static const struct {
        uint32_t v;
        const char *name, *chain;
        bool secret, testnet;
    } t[] = {
        {0x0488b21e, "xpub", "btc", 0, 0}, {0x0488ade4, "xprv", "btc", 1, 0}, {0x049d7cb2, "ypub", "btc", 0, 0},
        {0x049d7878, "yprv", "btc", 1, 0}, {0x04b24746, "zpub", "btc", 0, 0}, {0x04b2430c, "zprv", "btc", 1, 0},
        {0x0295b43f, "Ypub", "btc", 0, 0}, {0x0295b005, "Yprv", "btc", 1, 0}, {0x02aa7ed3, "Zpub", "btc", 0, 0},
        {0x02aa7a99, "Zprv", "btc", 1, 0}, {0x043587cf, "tpub", "btc", 0, 1}, {0x04358394, "tprv", "btc", 1, 1},
        {0x044a5262, "upub", "btc", 0, 1}, {0x044a4e28, "uprv", "btc", 1, 1}, {0x045f1cf6, "vpub", "btc", 0, 1},
        {0x045f18bc, "vprv", "btc", 1, 1}, {0x024289ef, "Upub", "btc", 0, 1}, {0x024285b5, "Uprv", "btc", 1, 1},
        {0x02575483, "Vpub", "btc", 0, 1}, {0x02575048, "Vprv", "btc", 1, 1}, {0x019da462, "Ltub", "ltc", 0, 0},
        {0x019d9cfe, "Ltpv", "ltc", 1, 0}, {0x01b26ef6, "Mtub", "ltc", 0, 0}, {0x01b26792, "Mtpv", "ltc", 1, 0},
        {0x02facafd, "dgub", "doge", 0, 0}, {0x02fac398, "dgpv", "doge", 1, 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        uint8_t k[78];
        for (int j = 0; j < 78; j++) k[j] = (uint8_t)(j * 37 + (int)i);
        k[0] = (uint8_t)(t[i].v >> 24);
        k[1] = (uint8_t)(t[i].v >> 16);
        k[2] = (uint8_t)(t[i].v >> 8);
        k[3] = (uint8_t)t[i].v;
        k[45] = t[i].secret ? 0x00 : 0x03;
        char s[160];
        b58check_encode(k, 78, s);
        CHECK(strlen(s) == 111 && strncmp(s, t[i].name, 4) == 0);
        yes(s, t[i].chain, "xkey", t[i].name, t[i].testnet, t[i].secret, 0.99, NULL, "");
        k[45] = t[i].secret ? 0x02 : 0x00;
        b58check_encode(k, 78, s);
        no(s);
    }
    /* the encoder itself, on a published value */
    uint8_t g[21] = {0x00, 0x62, 0xe9, 0x07, 0xb1, 0x5c, 0xbf, 0x27, 0xd5, 0x42, 0x53,
                     0x99, 0xeb, 0xf6, 0xf0, 0xfb, 0x50, 0xeb, 0xb8, 0x8f, 0x18};
    char s[64];
    b58check_encode(g, 21, s);
    CHECK(strcmp(s, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa") == 0);
}

int main(void)
{
    /* ---- Keccak-256: empty, "abc", an event signature, a 183-byte (two-block) input ---- */
    keccak("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    keccak("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
    keccak("Transfer(address,address,uint256)", "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
    keccak("A perfect hash function for a specific set S that can be evaluated in constant time, and with values in "
           "a small range, can be found by a randomized algorithm in a number of operations",
           "60d820b069bdb4545c690a11e8f8e6e444878010228920dd1598925a8fc2edcf");

    /* ---- EIP-55 (ERC-55 test cases: all caps, all lower, normal) ---- */
    static const char *caps[] = {"0x52908400098527886E0F7030069857D2E4169EE7", "0x8617E340B3D01FA5F11F306F4090FD50E238070D"};
    static const char *lower[] = {"0xde709f2102306220921060314715629080e2fb77", "0x27b1fdb04752bbc536007a920d24acb045561c26"};
    static const char *normal[] = {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                                   "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"};
    for (int i = 0; i < 2; i++) {
        eip55_roundtrip(caps[i]);
        eip55_roundtrip(lower[i]);
    }
    for (int i = 0; i < 4; i++) eip55_roundtrip(normal[i]);
    /* single-case forms carry no checksum: reported with lower confidence */
    yes(caps[0], "eth", "address", "upper", false, false, 0.5, "0x52908400098527886e0f7030069857d2e4169ee7", "");
    yes(lower[1], "eth", "address", "lower", false, false, 0.5, NULL, "");
    yes(normal[0], "eth", "address", "eip55", false, false, 0.99, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "");
    yes(normal[3], "eth", "address", "eip55", false, false, 0.99, "0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb", "");
    /* one letter's case flipped: fails EIP-55 */
    no("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD");
    no("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9adb");
    no("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe");   /* 39 hex */
    no("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedd"); /* 41 hex */
    no("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg");
    /* token contracts: USDT and USDC on Ethereum (EIP-55 valid as written by Etherscan) */
    yes("0xdAC17F958D2ee523a2206206994597C13D831ec7", "eth", "address", "eip55", false, false, 0.99,
        "0xdac17f958d2ee523a2206206994597c13d831ec7", "USDT-ERC20");
    yes("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", "eth", "address", "eip55", false, false, 0.99,
        "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", "USDC-ERC20");
    yes("0xdac17f958d2ee523a2206206994597c13d831ec7", "eth", "address", "lower", false, false, 0.5, NULL, "USDT-ERC20");
    eip55_roundtrip("0xdAC17F958D2ee523a2206206994597C13D831ec7");
    eip55_roundtrip("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48");

    /* ---- Bitcoin Base58Check ---- */
    yes("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "btc", "address", "p2pkh", false, false, 0.99, NULL, ""); /* genesis */
    yes("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", "btc", "address", "p2pkh", false, false, 0.99, NULL, "");
    yes("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "btc", "address", "p2sh", false, false, 0.99, NULL, "");
    yes("mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn", "btc", "address", "p2pkh", true, false, 0.99, NULL, "");
    yes("2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc", "btc", "address", "p2sh", true, false, 0.99, NULL, "");
    no("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"); /* checksum */
    no("1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf0a"); /* '0' is not base58 */
    no("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN");  /* one character short */
    yes("1111111111111111111114oLvT2", "btc", "address", "p2pkh", false, false, 0.99, NULL, ""); /* hash160 of zeros */
    /* WIF: Bitcoin wiki example key 0C28FCA3..., uncompressed and compressed; testnet (computed) */
    yes("5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ", "btc", "private_key", "wif", false, true, 0.99, NULL, "");
    yes("KwdMAjGmerYanjeui5SHS7JkmpZvVipYvB2LJGU1ZxJwYvP98617", "btc", "private_key", "wif_c", false, true, 0.99, NULL,
        "");
    yes("KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn", "btc", "private_key", "wif_c", false, true, 0.99, NULL,
        ""); /* bitcoinjs fixture: key 1 */
    yes("L5oLkpV3aqBjhki6LmvChTCV6odsp4SXM6FfU2Gppt5kFLaHLuZ9", "btc", "private_key", "wif_c", false, true, 0.99, NULL,
        ""); /* bitcoinjs fixture: key n-1 */
    yes("91gGn1HgSap6CbU12F6z3pJri26xzp7Ay1VW6NHCoEayNXwRpu2", "btc", "private_key", "wif", true, true, 0.99, NULL, "");
    yes("cMzLdeGd5vEqxB8B6VFQoRopQ3sLAAvEzDAoQgvX54xwofSWj1fx", "btc", "private_key", "wif_c", true, true, 0.99, NULL,
        "");
    no("5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTK");

    /* ---- Litecoin, Dogecoin (genesis hash160 62e907b1... under their version bytes, computed) ---- */
    yes("LUEweDxDA4WhvWiNXXSxjM9CYzHPJv4QQF", "ltc", "address", "p2pkh", false, false, 0.99, NULL, "");
    yes("MGv9cSYnaRSTZNzYaN7bhbgmozoGkKBvCn", "ltc", "address", "p2sh", false, false, 0.99, NULL, "");
    yes("QVcyVJw6Fs9U6r7Emin9abs4r2rpPhBE1A", "ltc", "address", "p2sh", true, false, 0.99, NULL, "");
    yes("ltc1qx88q7zjd74lxwgkjmmwlqv5pd3vujuehexfttt", "ltc", "address", "p2wpkh", false, false, 0.99, NULL, "");
    yes("ltc1qudhthew8h03vzc7x99m3qg0z8wjq2f759hp4ej", "ltc", "address", "p2wpkh", false, false, 0.99, NULL, "");
    yes("6uDNfQ1fknCphurZuj12xcY51qJj3T21Pk2iivwjAxAYHHxwEEr", "ltc", "private_key", "wif", false, true, 0.99, NULL, "");
    yes("T3TccUZx4EXBZaHnFiP9eTr8igDEZoqSjNvbA56Z8vV74oyAcjTK", "ltc", "private_key", "wif_c", false, true, 0.99, NULL,
        "");
    yes("DEA5vGb2NpAwCiCp5yTE16F3DueQUVivQp", "doge", "address", "p2pkh", false, false, 0.99, NULL, "");
    yes("A1TG3QCihNTvfF67tcng864kBsarnaPyFm", "doge", "address", "p2sh", false, false, 0.99, NULL, "");
    yes("ndD9eHKwJndf5gn17o6gFVqLTn2hXk9FFJ", "doge", "address", "p2pkh", true, false, 0.99, NULL, "");
    yes("6JDyVDw6R82kH9PsbHq3nqk8XnDoLmrFEEknLEZbHA3ZQ8cSuqc", "doge", "private_key", "wif", false, true, 0.99, NULL,
        "");
    yes("QP2GKa5kuU2i2G3xJMH5KL9NErbVYGxMoRiF5trrJJvHzrJ2Ebp7", "doge", "private_key", "wif_c", false, true, 0.99, NULL,
        "");

    /* ---- Bech32 / Bech32m (BIP173 valid v0, BIP350 valid v1+; BIP173's v1+ examples now invalid) ---- */
    yes("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "btc", "address", "p2wpkh", false, false, 0.99,
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "");
    yes("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "btc", "address", "p2wsh", true, false, 0.99,
        NULL, "");
    yes("tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy", "btc", "address", "p2wsh", true, false, 0.99,
        NULL, "");
    yes("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y", "btc", "address", "witness",
        false, false, 0.99, NULL, "");
    yes("BC1SW50QGDZ25J", "btc", "address", "witness", false, false, 0.99, "bc1sw50qgdz25j", "");
    yes("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "btc", "address", "witness", false, false, 0.99, NULL, "");
    yes("tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c", "btc", "address", "p2tr", true, false, 0.99,
        NULL, "");
    yes("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "btc", "address", "p2tr", false, false, 0.99,
        NULL, "");
    /* BIP173 v1+ examples (Bech32 checksums), invalid under BIP350 */
    no("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx");
    no("BC1SW50QA3JX3S");
    no("bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj");
    /* BIP350 invalid list */
    no("tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut"); /* unknown hrp */
    no("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd"); /* v1 with Bech32 */
    no("tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf"); /* v2 with Bech32 */
    no("BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL"); /* v16 with Bech32 */
    no("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh");                     /* v0 with Bech32m */
    no("tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47"); /* v0 with Bech32m */
    no("bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4"); /* 'o' */
    no("BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R"); /* version 17 */
    no("bc1pw5dgrnzv");                                                    /* 1-byte program */
    no("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav"); /* 41 bytes */
    no("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P");                            /* v0 16 bytes */
    no("tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq"); /* mixed case */
    no("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5");                     /* changed character */

    /* ---- Bitcoin Cash CashAddr: the spec's legacy translations decode to the same hash ---- */
    cashaddr_vs_legacy("bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", 0,
                       "76a04053bda0a88bda5177b86a15c3b29f559873"); /* 1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu */
    cashaddr_vs_legacy("bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy", 0,
                       "cb481232299cd5743151ac4b2d63ae198e7bb0a9"); /* 1KXrWXciRDZUpQwQmuM1DbwsKDLYAYsVLR */
    cashaddr_vs_legacy("bitcoincash:ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq", 1,
                       "76a04053bda0a88bda5177b86a15c3b29f559873"); /* 3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC */
    cashaddr_vs_legacy("bitcoincash:qr6m7j9njldwwzlg9v7v53unlr4jkmx6eylep8ekg2", 0,
                       "f5bf48b397dae70be82b3cca4793f8eb2b6cdac9");
    yes("bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "bch", "address", "cashaddr", false, false, 0.99,
        NULL, "");
    yes("qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "bch", "address", "cashaddr", false, false, 0.99,
        "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "");
    yes("BITCOINCASH:QPM2QSZNHKS23Z7629MMS6S4CWEF74VCWVY22GDX6A", "bch", "address", "cashaddr", false, false, 0.99,
        "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "");
    yes("bchtest:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t", "bch", "address", "cashaddr", true, false, 0.99, NULL, "");
    yes("pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t", "bch", "address", "cashaddr", true, false, 0.99,
        "bchtest:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t", "");
    no("bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6b");  /* checksum */
    no("bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvY22gdx6a");  /* mixed case */
    no("bchtest:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a");      /* checksum covers the prefix */
    no("bitcoincash:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t");  /* a bchtest address with a mainnet prefix */

    /* ---- TRON ---- */
    yes("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "trx", "address", "base58", false, false, 0.99, NULL, "USDT-TRC20");
    yes("TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8", "trx", "address", "base58", false, false, 0.99, NULL, "USDC-TRC20");
    yes("41a614f803b6fd780986a42c78ec9c7f77e6ded13c", "trx", "address", "hex41", false, false, 0.5,
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "USDT-TRC20");
    yes("41A614F803B6FD780986A42C78EC9C7F77E6DED13C", "trx", "address", "hex41", false, false, 0.5,
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "USDT-TRC20");
    yes("413487b63d30b5b2c87fb7ffa8bcfade38eaac1abe", "trx", "address", "hex41", false, false, 0.5,
        "TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8", "USDC-TRC20");
    no("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u");
    no("42a614f803b6fd780986a42c78ec9c7f77e6ded13c");  /* not the 0x41 prefix */
    no("41a614f803b6fd780986a42c78ec9c7f77e6ded13");   /* 41 hex */
    no("41a614f803b6fd780986a42c78ec9c7f77e6ded13g");

    /* ---- XRP (its own alphabet) ---- */
    yes("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", "xrp", "address", "base58", false, false, 0.99, NULL, "");
    no("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTj");

    /* ---- BIP32 test vector 1 (m), BIP49 / BIP84 account keys (SLIP-132 versions) ---- */
    yes("xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8",
        "btc", "xkey", "xpub", false, false, 0.99, NULL, "");
    yes("xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi",
        "btc", "xkey", "xprv", false, true, 0.99, NULL, "");
    yes("ypub6Ww3ibxVfGzLrAH1PNcjyAWenMTbbAosGNB6VvmSEgytSER9azLDWCxoJwW7Ke7icmizBMXrzBx9979FfaHxHcrArf3zbeJJJUZPf663zsP",
        "btc", "xkey", "ypub", false, false, 0.99, NULL, "");
    yes("zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs",
        "btc", "xkey", "zpub", false, false, 0.99, NULL, "");
    yes("zprvAdG4iTXWBoARxkkzNpNh8r6Qag3irQB8PzEMkAFeTRXxHpbF9z4QgEvBRmfvqWvGp42t42nvgGpNgYSJA9iefm1yYNZKEm7z6qUWCroSQnE",
        "btc", "xkey", "zprv", false, true, 0.99, NULL, "");
    no("xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet9");
    no("xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet");

    slip132_all();

    /* ---- junk that must be refused cheaply ---- */
    no("");
    no("hello world this is not an address at all");
    no("0x");
    no("bitcoincash:");
    no("1111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111");

    /* ---- raw hex keys (wallet context only) ---- */
    {
        dft_crypto_hit h;
        const char *k = "0C28FCA386C7A227600B2FE50B7CAE11EC86D3BF1FBE471BE89827E19D72AA1D";
        CHECK(dft_crypto_classify_hexkey(k, 64, &h) == DFT_OK);
        CHECK(strcmp(h.kind, "private_key") == 0 && strcmp(h.variant, "hex") == 0 && h.secret && h.confidence == 0.5);
        CHECK(strcmp(h.canonical, "0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d") == 0);
        CHECK(dft_crypto_classify_hexkey("0x0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d", 66, &h) ==
              DFT_OK);
        /* 0, n, and n+1 are not keys; n-1 is */
        CHECK(dft_crypto_classify_hexkey("0000000000000000000000000000000000000000000000000000000000000000", 64, &h) ==
              DFT_ENOTFOUND);
        CHECK(dft_crypto_classify_hexkey("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 64, &h) ==
              DFT_ENOTFOUND);
        CHECK(dft_crypto_classify_hexkey("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364142", 64, &h) ==
              DFT_ENOTFOUND);
        CHECK(dft_crypto_classify_hexkey("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140", 64, &h) ==
              DFT_OK);
        CHECK(dft_crypto_classify_hexkey(k, 63, &h) == DFT_ENOTFOUND);
        CHECK(dft_crypto_classify_hexkey("0C28FCA386C7A227600B2FE50B7CAE11EC86D3BF1FBE471BE89827E19D72AA1G", 64, &h) ==
              DFT_ENOTFOUND);
    }

    /* ---- Solana keys (wallet context only): 32 bytes in Base58, no checksum ---- */
    {
        dft_crypto_hit h;
        /* the wrapped-SOL mint and the SPL Token program id: published 32-byte keys */
        const char *wsol = "So11111111111111111111111111111111111111112";
        CHECK(dft_crypto_classify_solana(wsol, strlen(wsol), &h) == DFT_OK);
        CHECK(strcmp(h.chain, "sol") == 0 && strcmp(h.kind, "address") == 0 && strcmp(h.variant, "base58") == 0);
        CHECK(h.confidence == 0.5 && !h.secret && strcmp(h.canonical, wsol) == 0);
        const char *token = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
        CHECK(dft_crypto_classify_solana(token, strlen(token), &h) == DFT_OK);
        /* the System Program (all-zero key), a TRON address (25 bytes), a non-Base58 character, short */
        CHECK(dft_crypto_classify_solana("11111111111111111111111111111111", 32, &h) == DFT_ENOTFOUND);
        CHECK(dft_crypto_classify_solana("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", 34, &h) == DFT_ENOTFOUND);
        CHECK(dft_crypto_classify_solana("So1111111111111111111111111111111111111111l", 43, &h) == DFT_ENOTFOUND);
        CHECK(dft_crypto_classify_solana(wsol, 31, &h) == DFT_ENOTFOUND);
        /* generic classification never takes them */
        CHECK(dft_crypto_classify(wsol, strlen(wsol), &h) == DFT_ENOTFOUND);
    }

    printf(failures ? "FAILED\n" : "ok test_cryptoaddr\n");
    return failures ? 1 : 0;
}
