/*
 * mbhash_dispatch.c - engine names, CPU feature checks and the kernel table. The AVX kernels are
 * compiled with per-function target attributes, so a build without -mavx* flags contains them and
 * this file decides at run time whether they may be called.
 */
#include "mbhash.h"

#include <string.h>

#include "error.h"

#if defined(__x86_64__) || defined(__i386__)
#define DFT_MB_X86 1
void dft_mb_md5_avx512(uint32_t *st, const uint8_t *const *p, const size_t *step, size_t nblocks);
void dft_mb_sha1_avx512(uint32_t *st, const uint8_t *const *p, const size_t *step, size_t nblocks);
void dft_mb_sha256_avx512(uint32_t *st, const uint8_t *const *p, const size_t *step, size_t nblocks);
void dft_mb_md5_avx2(uint32_t *st, const uint8_t *const *p, const size_t *step, size_t nblocks);
void dft_mb_sha1_avx2(uint32_t *st, const uint8_t *const *p, const size_t *step, size_t nblocks);
void dft_mb_sha256_avx2(uint32_t *st, const uint8_t *const *p, const size_t *step, size_t nblocks);
#else
#define DFT_MB_X86 0
#endif

static const char *const names[] = { "auto", "openssl", "avx2", "avx512" };

int dft_hash_engine_parse(const char *name, dft_hash_engine *out)
{
    for (int i = 0; i < 4; i++)
        if (name && strcmp(name, names[i]) == 0) {
            *out = (dft_hash_engine)i;
            return DFT_OK;
        }
    return dft_error_set(DFT_ERROR, "unknown hash engine '%s' (auto, openssl, avx2 or avx512)", name ? name : "");
}

const char *dft_hash_engine_name(dft_hash_engine e)
{
    return (unsigned)e < 4 ? names[e] : "?";
}

bool dft_hash_engine_supported(dft_hash_engine e)
{
    switch (e) {
    case DFT_HASH_ENGINE_AUTO:
    case DFT_HASH_ENGINE_OPENSSL:
        return true;
#if DFT_MB_X86
    case DFT_HASH_ENGINE_AVX2:
        return __builtin_cpu_supports("avx2");
    case DFT_HASH_ENGINE_AVX512:
        /* the kernels use 512-bit integer ops (F), and the compiler may pick VL/BW forms */
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512bw");
#endif
    default:
        return false;
    }
}

dft_hash_engine dft_hash_engine_resolve(dft_hash_engine e)
{
    if (e != DFT_HASH_ENGINE_AUTO) return e;
    if (dft_hash_engine_supported(DFT_HASH_ENGINE_AVX512)) return DFT_HASH_ENGINE_AVX512;
    if (dft_hash_engine_supported(DFT_HASH_ENGINE_AVX2)) return DFT_HASH_ENGINE_AVX2;
    return DFT_HASH_ENGINE_OPENSSL;
}

unsigned dft_hash_engine_lanes(dft_hash_engine e)
{
    e = dft_hash_engine_resolve(e);
    return e == DFT_HASH_ENGINE_AVX512 ? 16 : e == DFT_HASH_ENGINE_AVX2 ? 8 : 1;
}

size_t dft_mb_digest_len(dft_mb_algo a)
{
    return a == DFT_MB_MD5 ? 16 : a == DFT_MB_SHA1 ? 20 : 32;
}

dft_mb_kernel dft_mb_kernel_get(dft_hash_engine engine, dft_mb_algo algo)
{
#if DFT_MB_X86
    if (!dft_hash_engine_supported(engine)) return NULL;
    if (engine == DFT_HASH_ENGINE_AVX512)
        return algo == DFT_MB_MD5 ? dft_mb_md5_avx512 : algo == DFT_MB_SHA1 ? dft_mb_sha1_avx512 : dft_mb_sha256_avx512;
    if (engine == DFT_HASH_ENGINE_AVX2)
        return algo == DFT_MB_MD5 ? dft_mb_md5_avx2 : algo == DFT_MB_SHA1 ? dft_mb_sha1_avx2 : dft_mb_sha256_avx2;
#else
    (void)engine;
    (void)algo;
#endif
    return NULL;
}

unsigned dft_mb_break_even(dft_hash_engine engine, dft_mb_algo algo)
{
    /* Busy lanes at which one lane step costs no more than OpenSSL on the same bytes, measured
     * with bench/hash_bench.c (docs/performance.md, "Hashing"): OpenSSL uses SHA-NI for SHA-1 and
     * SHA-256 on this machine kind, so those need more busy lanes than MD5. AVX2 SHA-256 never
     * beats SHA-NI (8 lanes: 0.91 vs 0.71 ns/B): 9 of 8 lanes sends it all to OpenSSL. */
    static const unsigned avx512[3] = { 4, 6, 9 }, avx2[3] = { 4, 6, 9 };
    engine = dft_hash_engine_resolve(engine);
    if (engine == DFT_HASH_ENGINE_AVX512) return avx512[algo];
    if (engine == DFT_HASH_ENGINE_AVX2) return avx2[algo];
    return 1;
}
