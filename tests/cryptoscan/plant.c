/*
 * plant.c - random valid crypto indicators for tests and the bench (see plant.h). Encoders follow the
 * specs: Base58Check (Bitcoin Core base58.cpp; XRP alphabet), BIP173/BIP350 Bech32/Bech32m, the Bitcoin
 * Cash cashaddr spec (40-bit BCH polymod), ERC-55 (through dft_crypto_eip55), BIP39 (entropy + the first
 * ENT/32 bits of its SHA-256, 11-bit word indexes).
 */
#include "plant.h"

#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/cryptoaddr.h"

static const char *B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
static const char *XRP58 = "rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz";
static const char *B32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

static char *words[2048];
static int nwords;

uint64_t plant_rand(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void rand_bytes(uint64_t *rng, uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) b[i] = (uint8_t)plant_rand(rng);
}

int plant_load_words(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char line[64];
    nwords = 0;
    while (nwords < 2048 && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        words[nwords++] = strdup(line);
    }
    fclose(f);
    return nwords == 2048 ? 0 : -1;
}

static size_t b58check(const uint8_t *payload, size_t n, const char *alpha, char *out)
{
    uint8_t buf[128], h[32];
    memcpy(buf, payload, n);
    SHA256(payload, n, h);
    SHA256(h, 32, h);
    memcpy(buf + n, h, 4);
    n += 4;
    /* big-number base conversion */
    uint8_t digits[200];
    size_t nd = 0, zeros = 0;
    while (zeros < n && buf[zeros] == 0) zeros++;
    for (size_t i = zeros; i < n; i++) {
        unsigned carry = buf[i];
        for (size_t j = 0; j < nd; j++) {
            carry += (unsigned)digits[j] << 8;
            digits[j] = (uint8_t)(carry % 58);
            carry /= 58;
        }
        while (carry) { digits[nd++] = (uint8_t)(carry % 58); carry /= 58; }
    }
    size_t o = 0;
    for (size_t i = 0; i < zeros; i++) out[o++] = alpha[0];
    for (size_t i = nd; i-- > 0;) out[o++] = alpha[digits[i]];
    out[o] = '\0';
    return o;
}

static uint32_t bech32_polymod(const uint8_t *v, size_t n)
{
    static const uint32_t gen[5] = { 0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3 };
    uint32_t chk = 1;
    for (size_t i = 0; i < n; i++) {
        uint32_t b = chk >> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ v[i];
        for (int k = 0; k < 5; k++) if ((b >> k) & 1) chk ^= gen[k];
    }
    return chk;
}

/* 8-bit bytes to 5-bit groups, padded */
static size_t to5(const uint8_t *in, size_t n, uint8_t *out)
{
    size_t o = 0;
    unsigned acc = 0, bits = 0;
    for (size_t i = 0; i < n; i++) {
        acc = (acc << 8) | in[i];
        bits += 8;
        while (bits >= 5) { out[o++] = (uint8_t)((acc >> (bits - 5)) & 31); bits -= 5; }
    }
    if (bits) out[o++] = (uint8_t)((acc << (5 - bits)) & 31);
    return o;
}

static size_t segwit(const char *hrp, int ver, const uint8_t *prog, size_t plen, char *out)
{
    uint8_t v[128], data[80];
    size_t hl = strlen(hrp), n = 0;
    for (size_t i = 0; i < hl; i++) v[n++] = (uint8_t)(hrp[i] >> 5);
    v[n++] = 0;
    for (size_t i = 0; i < hl; i++) v[n++] = (uint8_t)(hrp[i] & 31);
    size_t dn = 0;
    data[dn++] = (uint8_t)ver;
    dn += to5(prog, plen, data + dn);
    memcpy(v + n, data, dn);
    n += dn;
    memset(v + n, 0, 6);
    uint32_t c = bech32_polymod(v, n + 6) ^ (ver ? 0x2bc830a3u : 1u);
    size_t o = (size_t)sprintf(out, "%s1", hrp);
    for (size_t i = 0; i < dn; i++) out[o++] = B32[data[i]];
    for (int i = 0; i < 6; i++) out[o++] = B32[(c >> (5 * (5 - i))) & 31];
    out[o] = '\0';
    return o;
}

static uint64_t cash_polymod(const uint8_t *v, size_t n)
{
    uint64_t c = 1;
    for (size_t i = 0; i < n; i++) {
        uint8_t c0 = (uint8_t)(c >> 35);
        c = ((c & 0x07ffffffffull) << 5) ^ v[i];
        if (c0 & 0x01) c ^= 0x98f2bc8e61ull;
        if (c0 & 0x02) c ^= 0x79b76d99e2ull;
        if (c0 & 0x04) c ^= 0xf33e5fb3c4ull;
        if (c0 & 0x08) c ^= 0xae2eabe2a8ull;
        if (c0 & 0x10) c ^= 0x1e4f43e470ull;
    }
    return c ^ 1;
}

static size_t cashaddr(const uint8_t hash[20], int p2sh, char *out)
{
    const char *prefix = "bitcoincash";
    uint8_t payload[21], data[40], v[80];
    payload[0] = p2sh ? 8 : 0;   /* type bits, size code 0 = 160 bits */
    memcpy(payload + 1, hash, 20);
    size_t dn = to5(payload, 21, data), n = 0;
    for (const char *p = prefix; *p; p++) v[n++] = (uint8_t)(*p & 31);
    v[n++] = 0;
    memcpy(v + n, data, dn);
    n += dn;
    memset(v + n, 0, 8);
    uint64_t c = cash_polymod(v, n + 8);
    size_t o = (size_t)sprintf(out, "%s:", prefix);
    for (size_t i = 0; i < dn; i++) out[o++] = B32[data[i]];
    for (int i = 0; i < 8; i++) out[o++] = B32[(c >> (5 * (7 - i))) & 31];
    out[o] = '\0';
    return o;
}

static size_t versioned(uint8_t version, uint64_t *rng, size_t body, const char *alpha, char *out)
{
    uint8_t p[40];
    p[0] = version;
    rand_bytes(rng, p + 1, body);
    return b58check(p, body + 1, alpha, out);
}

static size_t xkey(uint32_t version, int priv, uint64_t *rng, char *out)
{
    uint8_t p[78];
    p[0] = (uint8_t)(version >> 24); p[1] = (uint8_t)(version >> 16);
    p[2] = (uint8_t)(version >> 8); p[3] = (uint8_t)version;
    rand_bytes(rng, p + 4, 74);
    p[4] = 0;                        /* depth 0 */
    memset(p + 5, 0, 8);             /* master: no parent fingerprint, child 0 */
    p[45] = priv ? 0 : (uint8_t)(2 + (p[45] & 1));
    if (priv) p[46] = (uint8_t)(p[46] & 0x7f);   /* below the group order */
    return b58check(p, 78, B58, out);
}

static size_t mnemonic(int nw, uint64_t *rng, char *out, size_t cap)
{
    if (nwords != 2048) return 0;
    size_t ent = (size_t)nw * 11 * 32 / 33 / 8;   /* 12 -> 16 bytes, 24 -> 32 */
    uint8_t e[33], h[32];
    rand_bytes(rng, e, ent);
    SHA256(e, ent, h);
    e[ent] = h[0];
    size_t o = 0;
    for (int w = 0; w < nw; w++) {
        unsigned idx = 0;
        for (int b = 0; b < 11; b++) {
            size_t bit = (size_t)w * 11 + (size_t)b;
            idx = (idx << 1) | ((e[bit / 8] >> (7 - bit % 8)) & 1u);
        }
        size_t l = strlen(words[idx]);
        if (o + l + 2 > cap) return 0;
        if (w) out[o++] = ' ';
        memcpy(out + o, words[idx], l);
        o += l;
    }
    out[o] = '\0';
    return o;
}

size_t plant_make(int kind, uint64_t *rng, char *out, size_t cap, const char **fk)
{
    uint8_t b[32];
    *fk = "crypto.address";
    if (cap < 160) return 0;
    switch (kind) {
    case PLANT_P2PKH: return versioned(0x00, rng, 20, B58, out);
    case PLANT_P2SH: return versioned(0x05, rng, 20, B58, out);
    case PLANT_BTC_TESTNET: return versioned(0x6f, rng, 20, B58, out);
    case PLANT_LTC: return versioned(0x30, rng, 20, B58, out);
    case PLANT_DOGE: return versioned(0x1e, rng, 20, B58, out);
    case PLANT_TRX: return versioned(0x41, rng, 20, B58, out);
    case PLANT_XRP: return versioned(0x00, rng, 20, XRP58, out);
    case PLANT_P2WPKH: rand_bytes(rng, b, 20); return segwit("bc", 0, b, 20, out);
    case PLANT_P2TR: rand_bytes(rng, b, 32); return segwit("bc", 1, b, 32, out);
    case PLANT_LTC_BECH32: rand_bytes(rng, b, 20); return segwit("ltc", 0, b, 20, out);
    case PLANT_CASHADDR: rand_bytes(rng, b, 20); return cashaddr(b, (int)(plant_rand(rng) & 1), out);
    case PLANT_ETH: {
        char hex[41];
        rand_bytes(rng, b, 20);
        for (int i = 0; i < 20; i++) sprintf(hex + 2 * i, "%02x", b[i]);
        dft_crypto_eip55(hex, out);
        return 42;
    }
    case PLANT_TRX_HEX:
        rand_bytes(rng, b, 20);
        strcpy(out, "41");
        for (int i = 0; i < 20; i++) sprintf(out + 2 + 2 * i, "%02x", b[i]);
        return 42;
    case PLANT_WIF:
    case PLANT_WIF_C: {
        uint8_t p[34];
        p[0] = 0x80;
        rand_bytes(rng, p + 1, 32);
        p[1] &= 0x7f;   /* below the group order */
        p[33] = 0x01;
        *fk = "crypto.private_key";
        return b58check(p, kind == PLANT_WIF ? 33 : 34, B58, out);
    }
    case PLANT_XPUB: *fk = "crypto.xkey"; return xkey(0x0488B21Eu, 0, rng, out);
    case PLANT_XPRV: *fk = "crypto.xkey"; return xkey(0x0488ADE4u, 1, rng, out);
    case PLANT_SEED12: *fk = "crypto.seed"; return mnemonic(12, rng, out, cap);
    case PLANT_SEED24: *fk = "crypto.seed"; return mnemonic(24, rng, out, cap);
    default: return 0;
    }
}

const char *plant_name(int kind)
{
    static const char *names[PLANT_COUNT] = {
        "p2pkh", "p2sh", "btc-testnet", "ltc", "doge", "trx", "xrp", "p2wpkh", "p2tr", "ltc-bech32",
        "cashaddr", "eth", "trx-hex", "wif", "wif_c", "xpub", "xprv", "seed12", "seed24",
    };
    return kind >= 0 && kind < PLANT_COUNT ? names[kind] : "?";
}
