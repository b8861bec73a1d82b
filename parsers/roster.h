/*
 * roster.h - tables that list people (scam-compound target lists, staff rosters, contact lists) fed
 * cell by cell from any table reader (XLSX/DOCX via ooxml.h, ODS/ODT via odf.h with the same callback
 * struct, CSV/TSV via csvread.h), turned into one interpreted record per data row.
 *
 * Model: table_begin / cell(row, col, text) ... / table_end. The first DFT_ROSTER_WINDOW distinct rows
 * of a table are kept (the "header window"); then:
 *   1. header row: the window row (among the first DFT_ROSTER_HEADER_SCAN) whose cells match the most
 *      distinct fields of the lexicon, at least 2; titles, merged-title rows and blank rows above it
 *      are skipped. No such row: the table is not a roster and nothing is reported.
 *   2. columns: each header cell's field (lexicon, multilingual) and, from the window's data rows, the
 *      content type of each column (phone, passport, money, date, name); a column of phone numbers
 *      or passport numbers with an unknown header gets that field from its content.
 *   3. classification: target list / worker roster / unknown, by the additive scores of docs/roster.md;
 *      a table with no people column (name, phone, messenger id, passport) is not a roster (a price
 *      list, an inventory) and is not reported.
 *   4. the window's data rows, then every later row as it streams, are interpreted (name, E.164 phone
 *      with the region inferred from a nationality/country column, passport, amount, trafficking cues
 *      for worker rosters) and handed to the sink; only the current row is held.
 * Memory: the window (at most DFT_ROSTER_WINDOW rows, DFT_ROSTER_WINDOW_BYTES) and one row; each cell
 * is cut at DFT_ROSTER_MAX_CELL bytes and a row at DFT_ROSTER_MAX_COLS columns (counted, warned once).
 * Deterministic: the same cells in the same order give the same callbacks.
 */
#ifndef DFT_PARSERS_ROSTER_H
#define DFT_PARSERS_ROSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/ooxml.h"

#define DFT_ROSTER_WINDOW 32u
#define DFT_ROSTER_HEADER_SCAN 20u
#define DFT_ROSTER_WINDOW_BYTES ((size_t)4 << 20)
#define DFT_ROSTER_MAX_CELL 4096u
#define DFT_ROSTER_MAX_COLS 256u
#define DFT_ROSTER_MAX_REASONS 48u

/* Column fields; names (dft_roster_field_name) are the FIELD column of headers.tsv. */
typedef enum dft_roster_field {
    DFT_RF_NONE = 0,
    DFT_RF_NAME, DFT_RF_PHONE, DFT_RF_WHATSAPP, DFT_RF_LINE, DFT_RF_TELEGRAM, DFT_RF_WECHAT,
    DFT_RF_FACEBOOK, DFT_RF_EMAIL, DFT_RF_PASSPORT, DFT_RF_PASSPORT_HELD, DFT_RF_NATIONALITY,
    DFT_RF_COUNTRY, DFT_RF_AGE, DFT_RF_BIRTH, DFT_RF_GENDER, DFT_RF_INCOME, DFT_RF_OCCUPATION,
    DFT_RF_AMOUNT, DFT_RF_DEPOSIT, DFT_RF_STAGE, DFT_RF_AGENT, DFT_RF_TEAM, DFT_RF_DEBT, DFT_RF_PRICE,
    DFT_RF_QUOTA, DFT_RF_FINE, DFT_RF_PUNISHMENT, DFT_RF_SALARY, DFT_RF_ARRIVAL, DFT_RF_RECRUITER,
    DFT_RF_REMARKS, DFT_RF_DEPARTMENT, DFT_RF_EXTENSION, DFT_RF_ITEM, DFT_RF_QUANTITY,
    DFT_RF_STATUS,
    DFT_RF_COUNT_
} dft_roster_field;

/* "name", "phone", ...; "" for DFT_RF_NONE. */
const char *dft_roster_field_name(int field);
/* The field of a name, or DFT_RF_NONE. */
int dft_roster_field_of(const char *name);

/* Content types of a column, from its data cells. */
typedef enum dft_roster_ctype {
    DFT_RC_NONE = 0, DFT_RC_TEXT, DFT_RC_NAME, DFT_RC_PHONE, DFT_RC_PASSPORT, DFT_RC_MONEY, DFT_RC_DATE,
    DFT_RC_NUMBER
} dft_roster_ctype;
const char *dft_roster_ctype_name(int ctype);

/* ---- The lexicon (plugins/roster/data/headers.tsv) ---------------------------------------- */

typedef struct dft_roster_lexicon dft_roster_lexicon;

/* Parses the TSV text (format in the file's header comment). DFT_ECORRUPT with the line number on a
 * malformed line, an unknown field, or a missing VERSION: line. */
int dft_roster_lexicon_parse(dft_roster_lexicon **out, const char *text, size_t len);
const char *dft_roster_lexicon_version(const dft_roster_lexicon *lx);
void dft_roster_lexicon_free(dft_roster_lexicon *lx);

/* The field a header cell names (the best term: an exact match, else the longest contained term),
 * DFT_RF_NONE if none; *lang and *term get the matched entry (borrowed from the lexicon). */
int dft_roster_lexicon_header(const dft_roster_lexicon *lx, const char *header, const char **lang,
                              const char **term);
/* The ISO 3166 region a country or nationality cell names ("泰国", "Thai", "TH"), or NULL. */
const char *dft_roster_lexicon_region(const dft_roster_lexicon *lx, const char *text);
/* Trafficking cue terms in a cell: cb(payload, family, term) per distinct family, in lexicon order. */
typedef int (*dft_roster_cue_fn)(void *payload, const char *family, const char *term);
int dft_roster_lexicon_cues(const dft_roster_lexicon *lx, const char *text, dft_roster_cue_fn cb,
                            void *payload);

/* Case-folded, NFKC, punctuation folded to single spaces (utf8proc); caller frees. NULL on ENOMEM. */
char *dft_roster_normalize(const char *text);

/* A copy of text with every byte that is not part of valid UTF-8 replaced by U+FFFD (for JSON, which
 * refuses invalid UTF-8); caller frees. NULL on ENOMEM. */
char *dft_roster_utf8_clean(const char *text);

/* ---- Cell value helpers (exposed for tests and the identity join) ------------------------- */

/* A phone cell to E.164: '+'/00 forms as written; else with the region of the row (may be NULL);
 * else as international digits without '+' (8613800138000). DFT_OK or DFT_ECORRUPT. */
int dft_roster_phone(const char *text, const char *region, char out[24]);
/* 1 if the text looks like a passport number (1-3 letters then 6-9 digits, or 6-9 alphanumerics
 * with >= 5 digits); out (>= 16 bytes) gets it upper-cased without spaces. */
int dft_roster_passport(const char *text, char *out, size_t cap);
/* Money: "¥5,000", "5000元", "$1,200.50", "300 USDT", "฿20,000", "RM 500", "₫1.000.000" -> value
 * "5000" (plain decimal) and currency ("CNY", "USD", "USDT", "THB", "VND", "MYR", "PHP", "" when
 * none is written). 1 if a number was found. */
int dft_roster_money(const char *text, char *value, size_t vcap, char *currency, size_t ccap);
/* A date cell to YYYY-MM-DD: an Excel serial day number (1900 system, 1..2958465) or Y-M-D / Y/M/D /
 * D/M/Y text. 1 on success. */
int dft_roster_date(const char *text, char out[11]);
/* Column letters of a 1-based column: 1 -> "A", 28 -> "AB". */
void dft_roster_col_letters(uint32_t col, char out[8]);

/* ---- The streaming table model ------------------------------------------------------------ */

typedef struct dft_roster_column {
    uint32_t col;             /* 1-based */
    const char *header;       /* header cell text ("" when the column has none) */
    int field;                /* dft_roster_field */
    const char *lang;         /* language of the matched term, or NULL */
    int ctype;                /* dft_roster_ctype from the window's data rows */
    bool by_content;          /* field decided by the content type, not the header */
} dft_roster_column;

typedef struct dft_roster_table {
    uint32_t index;           /* 1-based table index given to table_begin */
    const char *sheet;        /* sheet name, or NULL (DOCX table, CSV) */
    uint32_t header_row;      /* 1-based row of the header */
    size_t ncols;
    const dft_roster_column *cols;   /* in column order */
    const char *kind;         /* "target", "worker", "unknown" */
    int target_score, worker_score;
    double score;             /* 0..1: confidence of kind */
    size_t nreasons;
    const char *const *reasons;      /* "header 护照 -> passport (zh): worker +2", ... */
    uint64_t rows;            /* data rows handed to the sink so far (final in table_end) */
    uint64_t not_persons;     /* non-empty rows without a value in a people column, or a totals row
                                 ("合计", "Total"): not handed to the sink */
    uint32_t first_row, last_row;    /* row numbers of the first/last data row (0 when none) */
    uint32_t col_min, col_max;       /* columns of the header */
    const char *lang_region;  /* default region from the header language (see dft_roster_row), or NULL */
    const char *lexicon_version;
} dft_roster_table;

typedef struct dft_roster_cue {
    const char *family;       /* UNODC family: documents_withheld, confinement, debt_bondage, ... */
    const char *term;         /* the matched cue term or the header of the column that carries it */
    uint32_t col;             /* column of the cell (0 for a cue derived from the whole row: minors) */
    const char *text;         /* the cell text */
} dft_roster_cue;

typedef struct dft_roster_row {
    uint32_t row;             /* 1-based row number in the table */
    size_t ncells;
    const uint32_t *cols;     /* column of each non-empty cell, increasing */
    const char *const *cells; /* cell text (dates of birth/arrival columns as YYYY-MM-DD) */
    uint32_t col_min, col_max;
    const char *name;         /* NULL when absent */
    const char *phone;        /* E.164, or NULL */
    const char *phone_raw;    /* the cell the phone came from (or the unparsable phone cell), or NULL */
    const char *nationality;  /* nationality column, else country column, or NULL */
    const char *region;       /* ISO region used for national phone numbers, or NULL */
    const char *region_from;  /* "nationality", "country" (the row's cell) or "language" (the table's
                                 header language: th TH, vi VN, id ID, km KH, my MM, zh CN), or NULL */
    const char *passport;     /* normalised passport number, or NULL */
    const char *amount;       /* deposit column, else amount column, as written, or NULL */
    const char *amount_value, *amount_currency;   /* parsed amount, or NULL */
    int age;                  /* -1 unknown */
    size_t ncues;
    const dft_roster_cue *cues;      /* worker rosters only */
} dft_roster_row;

typedef struct dft_roster_sink {
    void *ctx;
    /* A roster was recognised: before its first row. */
    int (*table)(void *ctx, const dft_roster_table *t);
    /* One data row (every row after the header with at least one non-empty cell). */
    int (*row)(void *ctx, const dft_roster_table *t, const dft_roster_row *r);
    /* After the last row of a recognised table: t->rows is final. */
    int (*table_end)(void *ctx, const dft_roster_table *t);
    void (*warning)(void *ctx, const char *msg);
} dft_roster_sink;

typedef struct dft_roster dft_roster;

/* lx and sink are borrowed for the reader's life. */
int dft_roster_new(dft_roster **out, const dft_roster_lexicon *lx, const dft_roster_sink *sink);
void dft_roster_free(dft_roster *r);
/* Nonzero returns of the sink stop and are returned. */
int dft_roster_table_begin(dft_roster *r, uint32_t index, const char *sheet);
int dft_roster_cell(dft_roster *r, uint32_t row, uint32_t col, const char *text);
int dft_roster_table_end(dft_roster *r);
/* Nonzero once the current table was judged no roster (no header, or not a list of people): its
 * remaining cells would be ignored, so a reader of a one-table source (CSV) may stop reading. */
int dft_roster_table_skipped(const dft_roster *r);
/* Fills cb (table, cell, table_end, warning; ctx = r) so that any reader using the dft_ooxml_cb shape
 * (ooxml.h, odf.h) feeds the roster in one call: dft_ooxml_read(zip, len, NULL, &cb). */
void dft_roster_reader_cb(dft_roster *r, dft_ooxml_cb *cb);

/* ---- vCard sets (RFC 6350, and the 2.1 dialect of phone exports) -------------------------- */

#define DFT_VCARD_MAX_PHONES 16u

typedef struct dft_vcard {
    uint32_t index;           /* 1-based card number in the file */
    uint32_t line;            /* line of its BEGIN:VCARD */
    const char *name;         /* FN, else N joined, or NULL */
    size_t nphones;
    const char *const *phones;/* TEL values as written */
    const char *email, *org, *note;   /* first of each, or NULL */
} dft_vcard;
typedef int (*dft_vcard_fn)(void *payload, const dft_vcard *card);

/* Reads the cards of UTF-8 text: folded lines (CRLF + space/tab) unfolded, QUOTED-PRINTABLE (2.1)
 * decoded, property groups ("item1.TEL") and parameters dropped; values cut at DFT_ROSTER_MAX_CELL.
 * DFT_ENOTFOUND when there is no card; a card without END:VCARD at the end of input is still reported. */
int dft_vcard_read(const char *text, size_t len, dft_vcard_fn cb, void *payload);

#endif
