/*
 * typedstream.h - a small, bounded reader of NeXT/Apple "typedstream" archives (NSArchiver), enough
 * to take the text out of an iMessage `message.attributedBody` (an archived NSAttributedString; iOS
 * 15/16+ leaves `message.text` NULL on many rows and keeps the text only there — research/chat.md
 * pitfall 8).
 *
 * Format facts (the archive is a stream of typed values):
 *   header   0x04, then the signature as a counted string 0x0b "streamtyped", then the system
 *            version as an integer (0x81 0xe8 0x03 = 1000).
 *   integer  one signed byte, or 0x81 + 16-bit, 0x82 + 32-bit little-endian (lengths read the
 *            16/32-bit forms unsigned: naive readers that take one byte truncate texts > 127 bytes).
 *   tags     0x84 new item, 0x85 nil, 0x86 end of object; a byte >= 0x92 (or 0x81/0x82 + wider
 *            integer) is a reference: index = value - 0x92 into the table of its kind.
 *   tables   shared strings (type encodings, class names) and objects (objects and classes) are
 *            numbered in order of first appearance; later uses are references.
 *   object   0x84, its class (0x84 + name as shared string + version integer + superclass chain
 *            ending in 0x85, or a reference), then its contents as (type string, values...) until
 *            0x86.
 * An NSAttributedString archive is: type "@", the NSAttributedString object, whose first content
 * is type "@" + an NSString (or NSMutableString) object, whose content is type "+" + an integer
 * byte count + that many UTF-8 bytes: the text. The attribute runs that follow are not decoded.
 */
#ifndef DFT_TYPEDSTREAM_H
#define DFT_TYPEDSTREAM_H

#include <stddef.h>
#include <stdint.h>

/* The most shared strings / objects remembered for references; a stream needing more is corrupt
 * for our purpose (an attributedBody text comes within the first handful). */
#define DFT_TYPEDSTREAM_MAX_REFS 64

/* Decodes the string of an archived NSAttributedString (or a bare archived NSString). On DFT_OK,
 * *text is a malloc'd NUL-terminated copy of the UTF-8 bytes (the caller frees it) and *text_len
 * their count. DFT_ECORRUPT (dft_error_set message says where and why) when the bytes are not such
 * an archive, a count overruns the input, or the text is not valid UTF-8; DFT_ENOMEM. Every read
 * is bounded by len; recursion (superclass chains) is bounded by a fixed depth. */
int dft_typedstream_text(const uint8_t *buf, size_t len, char **text, size_t *text_len);

#endif
