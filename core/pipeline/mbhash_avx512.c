/*
 * mbhash_avx512.c - the 16-lane (AVX-512F/VL/BW) instances of the multi-buffer kernels
 * (mbhash_kern.inc). Only the functions carry the target attribute; the dispatcher
 * (mbhash_dispatch.c) calls them only after __builtin_cpu_supports said yes.
 */
#include "mbhash.h"

#if defined(__x86_64__) || defined(__i386__)
#include <string.h>

#define MB_L 16
#define MB_TARGET "avx512f,avx512vl,avx512bw"
#define MB_NAME(x) dft_mb_##x##_avx512

void dft_mb_md5_avx512(uint32_t *st, const uint8_t *const *p, const size_t *step, size_t nblocks);
void dft_mb_sha1_avx512(uint32_t *st, const uint8_t *const *p, const size_t *step, size_t nblocks);
void dft_mb_sha256_avx512(uint32_t *st, const uint8_t *const *p, const size_t *step, size_t nblocks);

#include "mbhash_kern.inc"
#else
typedef int dft_mbhash_avx512_unused; /* an empty translation unit is not ISO C */
#endif
