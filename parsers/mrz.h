/*
 * mrz.h - machine readable zones of travel documents (ICAO Doc 9303, 8th ed., Parts 3-6) found in
 * text: TD3 passports (2 lines x 44), TD2 cards/older passports (2 x 36), TD1 ID cards (3 x 30).
 *
 * Layout (1-based positions, Doc 9303 Part 4 s4.2.2, Part 5 s4.2.2, Part 6 s4.2.2):
 *   TD3 line 1: 1-2 document code ("P<", "PA"...), 3-5 issuing state, 6-44 name
 *   TD3 line 2: 1-9 number, 10 cd, 11-13 nationality, 14-19 birth YYMMDD, 20 cd, 21 sex,
 *               22-27 expiry YYMMDD, 28 cd, 29-42 personal number (optional), 43 cd, 44 composite cd
 *               composite over 1-10, 14-20, 22-43
 *   TD2 line 1: 1-2 code, 3-5 issuer, 6-36 name
 *   TD2 line 2: 1-9 number, 10 cd, 11-13 nationality, 14-19 birth, 20 cd, 21 sex, 22-27 expiry,
 *               28 cd, 29-35 optional, 36 composite cd over 1-10, 14-20, 22-35
 *   TD1 line 1: 1-2 code, 3-5 issuer, 6-14 number, 15 cd, 16-30 optional
 *               a number over 9 characters (Part 5 s4.2.2 note j): 6-14 its first 9, 15 '<', then the
 *               rest from 16, then the check digit over the whole number, then the optional data/filler
 *   TD1 line 2: 1-6 birth, 7 cd, 8 sex, 9-14 expiry, 15 cd, 16-18 nationality, 19-29 optional,
 *               30 composite cd over line 1 6-30, line 2 1-7, 9-15, 19-29
 *   TD1 line 3: 1-30 name
 * Name: primary identifier, "<<", secondary identifier; '<' inside a part is a space.
 * Check digit (Part 3 s4.9): weights 7,3,1 repeating; digits = value, A-Z = 10-35, '<' = 0; sum mod 10.
 * A check digit position holding '<' is accepted only for an all-'<' (empty) optional field.
 *
 * Finding (invariants):
 *  1. Only whole lines count: after trimming trailing spaces/tabs/CR, a line is exactly 30/36/44
 *     characters of [A-Z0-9<] and the zone's lines are consecutive. OCR spacing (at most 8 single
 *     spaces inside a line, "L898902C3 6UTO7408122F...") is removed, but such a zone is reported only
 *     when every check digit holds (ocr_spacing set): a repaired zone that does not verify is a guess.
 *  2. A candidate is reported only when its date fields are 6 digits and its name line holds a '<';
 *     `valid` is true only when every check digit holds. Unvalidated zones are still reported (the
 *     caller lowers the confidence) so that a mistyped MRZ is not lost.
 *  3. Work is linear in the text length; no allocation.
 */
#ifndef DFT_PARSERS_MRZ_H
#define DFT_PARSERS_MRZ_H

#include <stdbool.h>
#include <stddef.h>

typedef enum dft_mrz_type { DFT_MRZ_TD1 = 1, DFT_MRZ_TD2, DFT_MRZ_TD3 } dft_mrz_type;

typedef struct dft_mrz {
    dft_mrz_type type;
    size_t offset, length;      /* byte span of the zone in the text (first line start .. last line end) */
    char code[3];               /* document code, '<' removed: "P", "I", "ID" */
    char issuer[4];             /* issuing state, '<' trimmed */
    char number[24];            /* document number, '<' removed (TD1: with its overflow, up to 9 + 13) */
    char nationality[4];
    char birth_raw[7], expiry_raw[7];   /* YYMMDD as printed */
    char birth[11], expiry[11]; /* YYYY-MM-DD, "" when not a calendar date (see mrz.c for the century) */
    char sex;                   /* 'M', 'F', 'X' ('<' unspecified) */
    char primary[45], secondary[45];    /* names, '<' as spaces, trimmed */
    char optional[16];          /* personal number / optional data, '<' trimmed */
    /* check digits: 1 holds, 0 fails */
    bool check_number, check_birth, check_expiry, check_optional, check_composite;
    bool has_optional_check;    /* TD3 only: the optional data has its own check digit */
    bool valid;                 /* every check digit holds */
    bool ocr_spacing;           /* spaces inside the lines were removed (only reported when valid) */
} dft_mrz;

/* The ICAO 7-3-1 check digit of s[0..n), or -1 when s holds a character outside [A-Z0-9<]. */
int dft_mrz_check_digit(const char *s, size_t n);

/* Calls cb for each zone found in text[0..len), in text order; a non-zero return from cb stops and is
 * returned. Returns 0 when the text was searched to its end. */
typedef int (*dft_mrz_fn)(void *payload, const dft_mrz *m);
int dft_mrz_find(const char *text, size_t len, dft_mrz_fn cb, void *payload);

/* "TD1", "TD2", "TD3". */
const char *dft_mrz_type_name(dft_mrz_type t);

#endif
