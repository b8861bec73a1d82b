/*
 * zipcd.h - the central directory of a zip file, read with pread (no libarchive), so that
 * the streaming walk knows each member's stored CRC-32 and compressed size (libarchive exposes
 * neither), and so that a UFDR's report.xml can be found before the walk.
 *
 * Layout (PKWARE APPNOTE 6.3.x, section 4.3):
 *   end of central directory (EOCD, last 22..65557 bytes):
 *     0 u32 0x06054b50 | 4 u16 disk | 6 u16 cd disk | 8 u16 entries here | 10 u16 entries
 *     12 u32 cd size | 16 u32 cd offset | 20 u16 comment length
 *   zip64 EOCD locator (20 bytes just before the EOCD):
 *     0 u32 0x07064b50 | 4 u32 disk | 8 u64 zip64 EOCD offset | 16 u32 disks
 *   zip64 EOCD: 0 u32 0x06064b50 | 4 u64 size | ... | 24 u64 entries here | 32 u64 entries
 *     | 40 u64 cd size | 48 u64 cd offset
 *   central directory header (46 bytes + name + extra + comment):
 *     0 u32 0x02014b50 | 4 u16 made by | 6 u16 needed | 8 u16 flags | 10 u16 method
 *     12 u16 time | 14 u16 date | 16 u32 crc32 | 20 u32 csize | 24 u32 usize | 28 u16 name len
 *     30 u16 extra len | 32 u16 comment len | 34 u16 disk | 36 u16 int attr | 38 u32 ext attr
 *     42 u32 local header offset; zip64 extra (id 0x0001) holds the 0xffffffff fields as u64.
 *
 * Invariants: everything is bounds-checked through dft_buf; a damaged directory yields
 * DFT_ECORRUPT and the walk goes on without CRCs.
 */
#ifndef DFT_ARCHIVE_ZIPCD_H
#define DFT_ARCHIVE_ZIPCD_H

#include <stddef.h>
#include <stdint.h>

typedef struct dft_zipcd_entry {
    char *name;          /* raw member name as stored */
    uint32_t crc32;
    uint64_t csize, usize, local_offset;
    uint16_t method, flags;
} dft_zipcd_entry;

typedef struct dft_zipcd dft_zipcd;

/* Reads the central directory of the zip open on fd (size bytes). DFT_ENOTFOUND when no EOCD. */
int dft_zipcd_read(dft_zipcd **out, int fd, uint64_t size);
void dft_zipcd_free(dft_zipcd *z);
size_t dft_zipcd_count(const dft_zipcd *z);
const dft_zipcd_entry *dft_zipcd_at(const dft_zipcd *z, size_t i);
/* The first not yet taken entry with this raw name (marks it taken), or NULL. */
const dft_zipcd_entry *dft_zipcd_take(dft_zipcd *z, const char *name);
/* How many entries were never taken; *first (may be NULL) gets the first one's name (borrowed). */
size_t dft_zipcd_untaken(const dft_zipcd *z, const char **first);

#endif
