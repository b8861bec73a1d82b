/*
 * keccak.c - Keccak-256 (rate 1088 bits = 136 bytes, capacity 512, output 32 bytes) with the original
 * Keccak padding (0x01 first, 0x80 last) that Ethereum adopted before NIST changed the domain byte to
 * 0x06 for SHA3. The permutation is Keccak-f[1600] as specified in "The Keccak reference" 3.0: 24 rounds
 * of theta, rho+pi, chi, iota over 25 little-endian 64-bit lanes.
 */
#include "keccak.h"

#include <string.h>

#define RATE 136 /* 1600 - 2*256 bits, in bytes */

static const uint64_t round_const[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

/* rho rotation offsets and pi lane order, walked along the pi cycle starting at lane 1 */
static const unsigned rho[24] = {1,  3,  6,  10, 15, 21, 28, 36, 45, 55, 2,  14,
                                 27, 41, 56, 8,  25, 43, 62, 18, 39, 61, 20, 44};
static const unsigned pi_lane[24] = {10, 7,  11, 17, 18, 3, 5,  16, 8,  21, 24, 4,
                                     15, 23, 19, 13, 12, 2, 20, 14, 22, 9,  6,  1};

static inline uint64_t rotl(uint64_t x, unsigned n) { return (x << n) | (x >> ((64 - n) & 63)); }

static void keccak_f1600(uint64_t a[25])
{
    for (int round = 0; round < 24; round++) {
        uint64_t c[5], t;
        for (int x = 0; x < 5; x++) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
        for (int x = 0; x < 5; x++) {
            t = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1);
            for (int y = 0; y < 25; y += 5) a[y + x] ^= t;
        }
        t = a[1];
        for (int i = 0; i < 24; i++) {
            unsigned j = pi_lane[i];
            uint64_t tmp = a[j];
            a[j] = rotl(t, rho[i]);
            t = tmp;
        }
        for (int y = 0; y < 25; y += 5) {
            uint64_t row[5];
            for (int x = 0; x < 5; x++) row[x] = a[y + x];
            for (int x = 0; x < 5; x++) a[y + x] = row[x] ^ (~row[(x + 1) % 5] & row[(x + 2) % 5]);
        }
        a[0] ^= round_const[round];
    }
}

/* XORs n (<= RATE) bytes into the state, lanes little-endian regardless of host byte order */
static void absorb(uint64_t a[25], const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) a[i / 8] ^= (uint64_t)p[i] << (8 * (i % 8));
}

void dft_keccak256(const void *data, size_t len, uint8_t out[32])
{
    uint64_t a[25];
    const uint8_t *p = data;
    uint8_t last[RATE];
    memset(a, 0, sizeof a);
    while (len >= RATE) {
        absorb(a, p, RATE);
        keccak_f1600(a);
        p += RATE;
        len -= RATE;
    }
    memset(last, 0, sizeof last);
    if (len) memcpy(last, p, len);
    last[len] ^= 0x01;       /* Keccak pad10*1 with domain bits "none": first pad bit */
    last[RATE - 1] ^= 0x80;  /* last pad bit (same byte as the first when len == RATE-1) */
    absorb(a, last, RATE);
    keccak_f1600(a);
    for (int i = 0; i < 32; i++) out[i] = (uint8_t)(a[i / 8] >> (8 * (i % 8)));
}
