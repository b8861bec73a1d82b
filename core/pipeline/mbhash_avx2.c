/*
 * mbhash_avx2.c - the 8-lane (AVX2) instances of the multi-buffer kernels
 * (mbhash_kern.inc). Only the functions carry the target attribute; the dispatcher
 * (mbhash_dispatch.c) calls them only after __builtin_cpu_supports said yes.
 */
#include "mbhash.h"

#if defined(__x86_64__) || defined(__i386__)
#include <string.h>

#define MB_L 8
#define MB_TARGET "avx2"
#define MB_NAME(x) dft_mb_##x##_avx2

void dft_mb_md5_avx2(uint32_t *st, const uint8_t *const *p, const size_t *step, size_t nblocks);
void dft_mb_sha1_avx2(uint32_t *st, const uint8_t *const *p, const size_t *step, size_t nblocks);
void dft_mb_sha256_avx2(uint32_t *st, const uint8_t *const *p, const size_t *step, size_t nblocks);

#include "mbhash_kern.inc"
#else
typedef int dft_mbhash_avx2_unused; /* an empty translation unit is not ISO C */
#endif
