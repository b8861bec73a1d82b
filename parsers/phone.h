/*
 * phone.h - phone numbers from evidence to E.164, through Google's libphonenumber (parsers/
 * phone_shim.cc is the only C++ in dftriage: a thin C shim over its PhoneNumberUtil).
 *
 * Chat databases, contact lists and rosters write numbers every way people do: "+66 81 234 5678",
 * "081-234-5678" (national, needs a region), "66812345678" (a WhatsApp JID's user part: international
 * without the '+'), "(0)81…", with letters, with extensions. The caller says what it knows:
 * a default region (ISO 3166 alpha-2, "TH") for national forms, from the device's own number or
 * country; DFT_PHONE_INTERNATIONAL when the digits are known to start with a country code.
 *
 * Invariants:
 *  1. Only numbers libphonenumber considers valid for their region (length and prefix rules of the
 *     region's metadata) get an E.164 form; anything else returns DFT_ECORRUPT and leaves out empty,
 *     so callers keep the raw text and never invent a number.
 *  2. Thread-safe (PhoneNumberUtil is an immutable singleton); no allocation escapes.
 */
#ifndef DFT_PHONE_H
#define DFT_PHONE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DFT_PHONE_LEN 24   /* "+" and at most 15 digits (ITU-T E.164), with room to spare */

enum {
    DFT_PHONE_INTERNATIONAL = 1u << 0,  /* digits begin with a country code even without '+' / 00 */
};

/* raw -> "+66812345678" in out. region: ISO alpha-2 for national numbers, or NULL/"" (then only
 * numbers written internationally can be resolved). DFT_OK, or DFT_ECORRUPT when not a valid number. */
int dft_phone_e164(const char *raw, const char *region, unsigned flags, char out[DFT_PHONE_LEN]);

/* The region of an E.164 number ("TH"), for use as the default region of a device's other numbers.
 * DFT_OK, or DFT_ENOTFOUND (unknown or non-geographic). */
int dft_phone_region(const char *e164, char region[3]);

/* The region of a country calling code (66 -> "TH"; the main region for shared codes like 1 -> "US"). */
int dft_phone_region_of_code(int country_code, char region[3]);

/* Finds phone numbers inside free text (a cell, a message body) as libphonenumber's matcher does
 * (leniency VALID): cb(payload, byte offset, byte length, e164) per number; a non-zero return stops
 * and is returned. text is UTF-8 of length len. */
typedef int (*dft_phone_found_fn)(void *payload, size_t offset, size_t length, const char *e164);
int dft_phone_find(const char *text, size_t len, const char *region, dft_phone_found_fn cb, void *payload);

#ifdef __cplusplus
}
#endif

#endif
