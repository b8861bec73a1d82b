/*
 * cryptoaddr.c - one candidate token -> chain / kind / variant, checksum validated (cryptoaddr.h).
 *
 * Dispatch is on the token's shape, cheapest test first, so the common case (a random word that the
 * scanner's patterns matched) is refused after a length check and one pass over the characters:
 *   "0x"+40 hex          Ethereum/EVM, EIP-55 when mixed case
 *   42 hex "41..."       TRON hex form (no checksum: confidence 0.5), canonical = its T... form
 *   hrp "1" data         Bech32/Bech32m segwit (bc, tb, bcrt, ltc, tltc) via bech32.h (BIP173 + BIP350)
 *   [prefix:]q/p...      Bitcoin Cash CashAddr via cashaddr.h
 *   r... XRP alphabet    XRP classic address (Base58Check, XRP alphabet, version 0x00)
 *   Base58 (Bitcoin)     Base58Check; the payload length and version byte say what it is:
 *                        21 B address, 33/34 B WIF key, 78 B BIP32/SLIP-132 extended key
 * Version bytes: Bitcoin Core chainparams, Litecoin/Dogecoin chainparams, SLIP-0132 (research/crypto.md
 * §2.6); the table below is the single place they live.
 */
#include "cryptoaddr.h"

/* The one-shot EVP_Digest costs ~2 us (context allocation and algorithm fetch per call) against ~0.2 us
 * for the low-level SHA256_* calls, which OpenSSL 3 deprecates but still ships; the scanner calls
 * dft_crypto_classify on every candidate, and the header promises no allocation, so the low-level
 * calls are used, with the deprecation warning silenced for this file only. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base58.h"
#include "bech32.h"
#include "cashaddr.h"
#include "error.h"
#include "keccak.h"

#define CONF_CHECKED 0.99
#define CONF_UNCHECKED 0.5

/* ---- small helpers ---------------------------------------------------------------------------- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void copy(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void fill(dft_crypto_hit *hit, const char *chain, const char *kind, const char *variant, bool testnet,
                 bool secret, double confidence)
{
    copy(hit->chain, sizeof hit->chain, chain);
    copy(hit->kind, sizeof hit->kind, kind);
    copy(hit->variant, sizeof hit->variant, variant);
    hit->testnet = testnet;
    hit->secret = secret;
    hit->confidence = confidence;
}

/* canonical = the token as given (len < sizeof canonical is checked by the caller's length bounds) */
static void canon_copy(dft_crypto_hit *hit, const char *s, size_t len, bool lower)
{
    if (len >= sizeof hit->canonical) len = sizeof hit->canonical - 1;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (lower && c >= 'A' && c <= 'Z') c = (char)(c + 32);
        hit->canonical[i] = c;
    }
    hit->canonical[len] = '\0';
}

/* SHA-256(SHA-256(p)), without allocation */
static void dsha256(const uint8_t *p, size_t n, uint8_t out[32])
{
    SHA256_CTX c;
    uint8_t h1[32];
    SHA256_Init(&c);
    SHA256_Update(&c, p, n);
    SHA256_Final(h1, &c);
    SHA256_Init(&c);
    SHA256_Update(&c, h1, 32);
    SHA256_Final(out, &c);
}

/* Base58Check: decodes with base58.c (no hashing there) and checks the 4-byte checksum here. The
 * caller has checked the alphabet, so a refusal sets no error message (no formatting per candidate). */
static bool b58check(const char *s, size_t len, const char *alphabet, uint8_t *out, size_t cap, size_t *out_len)
{
    uint8_t raw[128], h[32];
    size_t n;
    if (dft_base58_decode(s, len, alphabet, raw, sizeof raw, &n) != DFT_OK || n < 5 || n - 4 > cap) return false;
    dsha256(raw, n - 4, h);
    if (memcmp(h, raw + n - 4, 4) != 0) return false;
    memcpy(out, raw, n - 4);
    *out_len = n - 4;
    return true;
}

/* Base58Check encoding of n (<= 40) bytes: only needed to give a TRON hex41 address its T... form */
static void b58check_encode(const uint8_t *p, size_t n, char *out, size_t cap)
{
    uint8_t buf[44], h2[32];
    memcpy(buf, p, n);
    dsha256(buf, n, h2);
    memcpy(buf + n, h2, 4);
    n += 4;
    size_t zeros = 0;
    while (zeros < n && buf[zeros] == 0) zeros++;
    uint8_t digits[64]; /* little-endian base-58 digits: 44 bytes need at most 61 */
    size_t nd = 0;
    for (size_t i = zeros; i < n; i++) {
        unsigned carry = buf[i];
        for (size_t k = 0; k < nd; k++) {
            carry += (unsigned)digits[k] << 8;
            digits[k] = (uint8_t)(carry % 58);
            carry /= 58;
        }
        while (carry && nd < sizeof digits) {
            digits[nd++] = (uint8_t)(carry % 58);
            carry /= 58;
        }
    }
    size_t o = 0;
    for (size_t i = 0; i < zeros && o + 1 < cap; i++) out[o++] = dft_base58_bitcoin[0];
    for (size_t i = nd; i > 0 && o + 1 < cap; i--) out[o++] = dft_base58_bitcoin[digits[i - 1]];
    out[o] = '\0';
}

/* ---- known token contracts (canonical forms; each checksum is verified by tests/cryptoval) ------- */

static const struct {
    const char *chain, *canonical, *token;
} tokens[] = {
    {"eth", "0xdac17f958d2ee523a2206206994597c13d831ec7", "USDT-ERC20"},
    {"eth", "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", "USDC-ERC20"},
    {"trx", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "USDT-TRC20"},
    {"trx", "TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8", "USDC-TRC20"},
};

size_t dft_crypto_token_list(char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++) {
        int w = snprintf(out ? out + n : NULL, out && n < cap ? cap - n : 0, "%s %s %s\n", tokens[i].chain,
                         tokens[i].canonical, tokens[i].token);
        if (w > 0) n += (size_t)w;
    }
    return n;
}

static void name_token(dft_crypto_hit *hit)
{
    for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++)
        if (strcmp(hit->chain, tokens[i].chain) == 0 && strcmp(hit->canonical, tokens[i].canonical) == 0)
            copy(hit->token, sizeof hit->token, tokens[i].token);
}

/* ---- Ethereum / EVM ------------------------------------------------------------------------------ */

void dft_crypto_eip55(const char hex40[40], char out[43])
{
    char lower[40];
    uint8_t h[32];
    for (int i = 0; i < 40; i++) {
        char c = hex40[i];
        lower[i] = (c >= 'A' && c <= 'F') ? (char)(c + 32) : c;
    }
    dft_keccak256(lower, 40, h);
    out[0] = '0';
    out[1] = 'x';
    for (int i = 0; i < 40; i++) {
        int nib = (i & 1) ? (h[i / 2] & 0x0f) : (h[i / 2] >> 4);
        char c = lower[i];
        out[2 + i] = (c >= 'a' && nib >= 8) ? (char)(c - 32) : c;
    }
    out[42] = '\0';
}

static int classify_eth(const char *s, size_t len, dft_crypto_hit *hit)
{
    if (len != 42 || s[0] != '0' || s[1] != 'x') return DFT_ENOTFOUND;
    int lower = 0, upper = 0;
    for (size_t i = 2; i < 42; i++) {
        char c = s[i];
        if (hexval(c) < 0) return DFT_ENOTFOUND;
        if (c >= 'a' && c <= 'f') lower = 1;
        else if (c >= 'A' && c <= 'F') upper = 1;
    }
    if (lower && upper) {
        char want[43];
        dft_crypto_eip55(s + 2, want);
        if (memcmp(want, s, 42) != 0) return DFT_ENOTFOUND; /* mixed case that fails EIP-55: a typo */
        fill(hit, "eth", "address", "eip55", false, false, CONF_CHECKED);
    } else {
        /* no letters at all (all digits) is both; call it lower, the canonical form anyway */
        fill(hit, "eth", "address", upper ? "upper" : "lower", false, false, CONF_UNCHECKED);
    }
    canon_copy(hit, s, 42, true);
    name_token(hit);
    return DFT_OK;
}

/* TRON's hex form: 0x41 || 20-byte account id = 42 hex digits (no checksum) */
static int classify_hex41(const char *s, size_t len, dft_crypto_hit *hit)
{
    if (len != 42 || s[0] != '4' || s[1] != '1') return DFT_ENOTFOUND;
    uint8_t b[21];
    for (size_t i = 0; i < 21; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return DFT_ENOTFOUND;
        b[i] = (uint8_t)(hi << 4 | lo);
    }
    fill(hit, "trx", "address", "hex41", false, false, CONF_UNCHECKED);
    b58check_encode(b, 21, hit->canonical, sizeof hit->canonical);
    name_token(hit);
    return DFT_OK;
}

/* ---- Bech32 / Bech32m segwit ------------------------------------------------------------------- */

static const struct {
    const char *hrp, *chain;
    bool testnet;
} segwit_hrps[] = {
    {"bc", "btc", false}, {"tb", "btc", true}, {"bcrt", "btc", true}, {"ltc", "ltc", false}, {"tltc", "ltc", true},
};

static int classify_bech32(const char *s, size_t len, dft_crypto_hit *hit)
{
    /* the separator is the last '1'; the hrp must be one we know (case-insensitive) */
    size_t sep = len;
    for (size_t i = len; i > 0; i--)
        if (s[i - 1] == '1') {
            sep = i - 1;
            break;
        }
    if (sep == len || sep == 0 || sep > 4 || len > 90) return DFT_ENOTFOUND;
    char hrp[5];
    for (size_t i = 0; i < sep; i++) hrp[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    hrp[sep] = '\0';
    for (size_t k = 0; k < sizeof segwit_hrps / sizeof segwit_hrps[0]; k++) {
        if (strcmp(hrp, segwit_hrps[k].hrp) != 0) continue;
        int version;
        uint8_t prog[40];
        size_t plen;
        if (dft_segwit_decode(s, len, hrp, &version, prog, &plen) != DFT_OK) return DFT_ENOTFOUND;
        const char *variant = "witness";
        if (version == 0 && plen == 20) variant = "p2wpkh";
        else if (version == 0 && plen == 32) variant = "p2wsh";
        else if (version == 1 && plen == 32) variant = "p2tr";
        fill(hit, segwit_hrps[k].chain, "address", variant, segwit_hrps[k].testnet, false, CONF_CHECKED);
        canon_copy(hit, s, len, true);
        return DFT_OK;
    }
    return DFT_ENOTFOUND;
}

/* ---- Bitcoin Cash CashAddr --------------------------------------------------------------------- */

static int classify_cashaddr(const char *s, size_t len, dft_crypto_hit *hit)
{
    const char *colon = memchr(s, ':', len);
    const char *body = colon ? colon + 1 : s;
    size_t blen = len - (size_t)(body - s);
    if (blen < 42 || ((body[0] | 0x20) != 'q' && (body[0] | 0x20) != 'p')) return DFT_ENOTFOUND;
    static const char *prefixes[] = {"bitcoincash", "bchtest", "bchreg"};
    char prefix[24];
    int type;
    uint8_t hash[64];
    size_t hlen;
    for (size_t k = 0; k < 3; k++) {
        if (colon) {
            size_t pl = (size_t)(colon - s);
            if (pl != strlen(prefixes[k])) continue;
            size_t i = 0;
            while (i < pl && (s[i] | 0x20) == prefixes[k][i]) i++;
            if (i != pl) continue;
        }
        if (dft_cashaddr_decode(s, len, prefixes[k], prefix, &type, hash, &hlen) != DFT_OK) continue;
        if (type != 0 && type != 1) return DFT_ENOTFOUND; /* only P2PKH and P2SH are addresses people hold */
        fill(hit, "bch", "address", "cashaddr", k != 0, false, CONF_CHECKED);
        /* canonical: lower case with its prefix, so both written forms dedupe together */
        size_t pl = strlen(prefix);
        if (pl + 1 + blen >= sizeof hit->canonical) return DFT_ENOTFOUND;
        memcpy(hit->canonical, prefix, pl);
        hit->canonical[pl] = ':';
        for (size_t i = 0; i < blen; i++) hit->canonical[pl + 1 + i] = (char)(body[i] | 0x20);
        hit->canonical[pl + 1 + blen] = '\0';
        return DFT_OK;
    }
    return DFT_ENOTFOUND;
}

/* ---- Base58Check families -------------------------------------------------------------------- */

static const struct {
    uint8_t version;
    const char *chain, *variant;
    bool testnet;
} b58_addresses[] = {
    /* 0x05 is also Litecoin's legacy P2SH; it is reported as Bitcoin, the chain that defined it */
    {0x00, "btc", "p2pkh", false}, {0x05, "btc", "p2sh", false},  {0x6f, "btc", "p2pkh", true},
    {0xc4, "btc", "p2sh", true},   {0x30, "ltc", "p2pkh", false}, {0x32, "ltc", "p2sh", false},
    {0x3a, "ltc", "p2sh", true},   {0x1e, "doge", "p2pkh", false}, {0x16, "doge", "p2sh", false},
    {0x71, "doge", "p2pkh", true}, {0x41, "trx", "base58", false},
};

static const struct {
    uint8_t version;
    const char *chain;
    bool testnet;
} wif_versions[] = {
    {0x80, "btc", false}, {0xef, "btc", true}, {0xb0, "ltc", false}, {0x9e, "doge", false}, {0xf1, "doge", true},
};

static const struct {
    uint32_t version;
    const char *name, *chain;
    bool secret, testnet;
} xkey_versions[] = {
    {0x0488b21e, "xpub", "btc", false, false}, {0x0488ade4, "xprv", "btc", true, false},
    {0x049d7cb2, "ypub", "btc", false, false}, {0x049d7878, "yprv", "btc", true, false},
    {0x04b24746, "zpub", "btc", false, false}, {0x04b2430c, "zprv", "btc", true, false},
    {0x0295b43f, "Ypub", "btc", false, false}, {0x0295b005, "Yprv", "btc", true, false},
    {0x02aa7ed3, "Zpub", "btc", false, false}, {0x02aa7a99, "Zprv", "btc", true, false},
    {0x043587cf, "tpub", "btc", false, true},  {0x04358394, "tprv", "btc", true, true},
    {0x044a5262, "upub", "btc", false, true},  {0x044a4e28, "uprv", "btc", true, true},
    {0x045f1cf6, "vpub", "btc", false, true},  {0x045f18bc, "vprv", "btc", true, true},
    {0x024289ef, "Upub", "btc", false, true},  {0x024285b5, "Uprv", "btc", true, true},
    {0x02575483, "Vpub", "btc", false, true},  {0x02575048, "Vprv", "btc", true, true},
    {0x019da462, "Ltub", "ltc", false, false}, {0x019d9cfe, "Ltpv", "ltc", true, false},
    {0x01b26ef6, "Mtub", "ltc", false, false}, {0x01b26792, "Mtpv", "ltc", true, false},
    {0x02facafd, "dgub", "doge", false, false}, {0x02fac398, "dgpv", "doge", true, false},
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static int classify_base58(const char *s, size_t len, dft_crypto_hit *hit)
{
    /* addresses 26-35 chars, WIF 51-52, extended keys 111: anything else is refused before decoding */
    if (!((len >= 26 && len <= 35) || len == 51 || len == 52 || len == 111)) return DFT_ENOTFOUND;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        bool ok = (c >= '1' && c <= '9') || (c >= 'A' && c <= 'Z' && c != 'I' && c != 'O') ||
                  (c >= 'a' && c <= 'z' && c != 'l');
        if (!ok) return DFT_ENOTFOUND;
    }
    uint8_t p[96];
    size_t n;
    if (!b58check(s, len, dft_base58_bitcoin, p, sizeof p, &n)) return DFT_ENOTFOUND;
    if (n == 21) {
        for (size_t k = 0; k < ARRAY_LEN(b58_addresses); k++)
            if (p[0] == b58_addresses[k].version) {
                fill(hit, b58_addresses[k].chain, "address", b58_addresses[k].variant, b58_addresses[k].testnet,
                     false, CONF_CHECKED);
                canon_copy(hit, s, len, false);
                name_token(hit);
                return DFT_OK;
            }
        return DFT_ENOTFOUND;
    }
    if (n == 33 || (n == 34 && p[33] == 0x01)) {
        for (size_t k = 0; k < ARRAY_LEN(wif_versions); k++)
            if (p[0] == wif_versions[k].version) {
                fill(hit, wif_versions[k].chain, "private_key", n == 34 ? "wif_c" : "wif", wif_versions[k].testnet,
                     true, CONF_CHECKED);
                canon_copy(hit, s, len, false);
                return DFT_OK;
            }
        return DFT_ENOTFOUND;
    }
    if (n == 78) {
        uint32_t v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        for (size_t k = 0; k < ARRAY_LEN(xkey_versions); k++) {
            if (v != xkey_versions[k].version) continue;
            /* BIP32 serialisation: key data at 45..77 is 0x00 || k for private keys, 0x02/0x03 || x for
             * public ones; anything else is not a key even with a valid checksum */
            uint8_t lead = p[45];
            if (xkey_versions[k].secret ? lead != 0x00 : (lead != 0x02 && lead != 0x03)) return DFT_ENOTFOUND;
            fill(hit, xkey_versions[k].chain, "xkey", xkey_versions[k].name, xkey_versions[k].testnet,
                 xkey_versions[k].secret, CONF_CHECKED);
            canon_copy(hit, s, len, false);
            return DFT_OK;
        }
    }
    return DFT_ENOTFOUND;
}

static int classify_xrp(const char *s, size_t len, dft_crypto_hit *hit)
{
    if (len < 25 || len > 35 || s[0] != 'r') return DFT_ENOTFOUND;
    for (size_t i = 0; i < len; i++)
        if (!memchr(dft_base58_xrp, s[i], 58)) return DFT_ENOTFOUND;
    uint8_t p[40];
    size_t n;
    if (!b58check(s, len, dft_base58_xrp, p, sizeof p, &n)) return DFT_ENOTFOUND;
    if (n != 21 || p[0] != 0x00) return DFT_ENOTFOUND;
    fill(hit, "xrp", "address", "base58", false, false, CONF_CHECKED);
    canon_copy(hit, s, len, false);
    return DFT_OK;
}

/* ---- entry points ------------------------------------------------------------------------------- */

int dft_crypto_classify(const char *s, size_t len, dft_crypto_hit *hit)
{
    /* shortest: a 14-char Bech32m address (BIP350's "BC1SW50QGDZ25J"; every other form is >= 25);
     * longest: a 111-char extended key (a CashAddr with a prefix and a 512-bit hash is longer, but such
     * addresses do not occur in practice and are not reported) */
    memset(hit, 0, sizeof *hit);
    if (!s || len < 14 || len > 111) return DFT_ENOTFOUND;
    int rc = DFT_ENOTFOUND;
    if (s[0] == '0' && s[1] == 'x') rc = classify_eth(s, len, hit);
    else if (len == 42 && s[0] == '4' && s[1] == '1' && hexval(s[2]) >= 0 && hexval(s[41]) >= 0)
        rc = classify_hex41(s, len, hit);
    if (rc == DFT_ENOTFOUND && memchr(s, '1', len) && len <= 90) rc = classify_bech32(s, len, hit);
    if (rc == DFT_ENOTFOUND && len >= 42) rc = classify_cashaddr(s, len, hit);
    if (rc == DFT_ENOTFOUND && s[0] == 'r') rc = classify_xrp(s, len, hit);
    if (rc == DFT_ENOTFOUND) rc = classify_base58(s, len, hit);
    if (rc != DFT_OK) memset(hit, 0, sizeof *hit);
    return rc;
}

int dft_crypto_classify_solana(const char *s, size_t len, dft_crypto_hit *hit)
{
    if (!s || len < 32 || len > 44) return DFT_ENOTFOUND;
    uint8_t key[33];
    size_t n = 0;
    if (dft_base58_decode(s, len, dft_base58_bitcoin, key, sizeof key, &n) != DFT_OK || n != 32)
        return DFT_ENOTFOUND;
    uint8_t any = 0;
    for (size_t i = 0; i < 32; i++) any |= key[i];
    if (!any) return DFT_ENOTFOUND;
    memset(hit, 0, sizeof *hit);
    fill(hit, "sol", "address", "base58", false, false, CONF_UNCHECKED);
    canon_copy(hit, s, len, false);
    return DFT_OK;
}

int dft_crypto_classify_hexkey(const char *s, size_t len, dft_crypto_hit *hit)
{
    /* secp256k1 group order n: a private key is 1 .. n-1 */
    static const uint8_t order[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                      0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
                                      0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};
    if (!s) return DFT_ENOTFOUND;
    if (len == 66 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
        len -= 2;
    }
    if (len != 64) return DFT_ENOTFOUND;
    uint8_t k[32];
    for (size_t i = 0; i < 32; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return DFT_ENOTFOUND;
        k[i] = (uint8_t)(hi << 4 | lo);
    }
    uint8_t any = 0;
    for (size_t i = 0; i < 32; i++) any |= k[i];
    if (!any || memcmp(k, order, 32) >= 0) return DFT_ENOTFOUND;
    memset(hit, 0, sizeof *hit);
    fill(hit, "", "private_key", "hex", false, true, CONF_UNCHECKED);
    canon_copy(hit, s, 64, true);
    return DFT_OK;
}
