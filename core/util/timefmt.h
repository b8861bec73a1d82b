/*
 * timefmt.h - the one place times become text: UTC `YYYY-MM-DDTHH:MM:SS[.fff]Z` (contract).
 * Conversions from other epochs (FILETIME, Cocoa, Unix ms) live here too so none is written twice.
 */
#ifndef DFT_TIMEFMT_H
#define DFT_TIMEFMT_H

#include <stdint.h>

#define DFT_TIME_LEN 32

/* Unix seconds + nanoseconds -> UTC text; milliseconds shown only when ns != 0. A time whose
 * year is outside 1..9999 becomes "invalid:<seconds>". */
void dft_time_format(char out[DFT_TIME_LEN], int64_t sec, uint32_t ns);
/* Now, with milliseconds. */
void dft_time_now(char out[DFT_TIME_LEN]);
/* Windows FILETIME (100 ns since 1601) -> Unix seconds and ns. */
void dft_time_from_filetime(uint64_t ft, int64_t *sec, uint32_t *ns);
/* Apple Cocoa/Mac absolute time (seconds since 2001-01-01) -> Unix seconds. */
int64_t dft_time_from_cocoa(double cocoa, uint32_t *ns);

#endif
