/*
 * rowkind.h - one descriptor per kind of row a plugin emits (findings, messages, contacts, calls,
 * wallets, persons, links): the case-file table, its columns, and where each column lives in the ABI
 * struct of plugin.h. Everything that handles typed rows derives from these descriptors: the deep copy
 * of an emitted struct (pipeline/emit.c), freeing it, the INSERT statement and its bindings
 * (store/store_rows.c), purge and info counts. Adding a column is one entry here, one field appended
 * to the struct in plugin.h, and the DDL (store_schema.c, with its migration).
 *
 * Every typed table also has the core-set columns id, evidence_id, file_id and plugin, which come from
 * the scan, not from the plugin's struct; findings add region_id, media_offset, decoded_path and
 * decoded_offset (where the bytes were: unallocated space, decoded content).
 *
 * Invariants:
 *  1. A plugin compiled against an older header hands a smaller struct (struct_size): a column whose
 *     field lies beyond it takes the descriptor's default; the core never reads past struct_size.
 *  2. A copied row (dft_rowkind_copy) is one allocation: the struct, then the strings its DFT_COL_TEXT
 *     and DFT_COL_JSON columns point to; dft_rowkind_free frees it. Nothing else in a row is a
 *     pointer, and a copy's strings are never replaced (they are not separately allocated).
 *  3. A kind has at most DFT_ROWKIND_MAX_COLS columns.
 */
#ifndef DFT_ROWKIND_H
#define DFT_ROWKIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plugin.h"

#define DFT_ROWKIND_MAX_COLS 32

typedef enum dft_coltype {
    DFT_COL_TEXT,       /* const char *; NULL stays NULL */
    DFT_COL_JSON,       /* const char * holding JSON text; "" is stored as NULL */
    DFT_COL_I64,        /* int64_t, -1 is stored as NULL */
    DFT_COL_FLAG,       /* int: 0/1, negative is NULL (unknown) */
    DFT_COL_REAL,       /* double */
    DFT_COL_TABLE,      /* uint32_t dft_table, stored as the table's name */
    DFT_COL_REF,        /* int64_t row id of the preceding DFT_COL_TABLE column; provisional ids resolved */
} dft_coltype;

typedef struct dft_column_desc {
    const char *name;       /* column in the case file */
    dft_coltype type;
    uint16_t offset;        /* offsetof in the ABI struct */
    const char *dflt_text;  /* text columns: value when NULL or beyond the plugin's struct */
    int64_t dflt_int;       /* numeric columns: value when beyond the plugin's struct */
    bool personal;          /* holds personal data by nature (report redaction) */
} dft_column_desc;

typedef struct dft_rowkind {
    dft_table table;
    const char *name;       /* case-file table */
    const char *what;       /* "a message", for messages */
    size_t struct_size;     /* sizeof the current ABI struct */
    size_t min_size;        /* the smallest struct accepted (ABI 2.0) */
    const dft_column_desc *cols;
    size_t n_cols;
    bool origin_columns;    /* findings: region_id, media_offset, decoded_path, decoded_offset */
} dft_rowkind;

/* The descriptor of a table, or NULL (files, evidence and unallocated are not emitted rows). */
const dft_rowkind *dft_rowkind_of(dft_table t);
/* All emitted-row kinds in a fixed order (findings first, links last). */
size_t dft_rowkind_count(void);
const dft_rowkind *dft_rowkind_at(size_t i);
/* The case-file name of a table ("files", "messages", ...), or NULL. */
const char *dft_table_name(dft_table t);
/* The table of a case-file name, DFT_TABLE_NONE when unknown. */
dft_table dft_table_from_name(const char *name);

/* Copies a plugin's struct (its struct_size may be smaller or larger than ours) into a new
 * zero-initialised struct of the current size, its strings copied into the same block (invariant 2)
 * and defaults applied.
 * NULL when out of memory or struct_size is below min_size (error set). */
void *dft_rowkind_copy(const dft_rowkind *k, const void *src);
/* Frees a copy made by dft_rowkind_copy (NULL is fine). */
void dft_rowkind_free(const dft_rowkind *k, void *row);
/* Field accessors by column. */
const char *dft_rowkind_text(const dft_rowkind *k, const void *row, size_t col);
int64_t dft_rowkind_int(const dft_rowkind *k, const void *row, size_t col);

/* The internal struct behind link rows (not part of the ABI: plugins call dft_emit_link). */
typedef struct dft_link {
    uint32_t struct_size;
    uint32_t from_table;
    int64_t from_id;
    const char *relation;
    uint32_t to_table;
    int64_t to_id;
    const char *details;
} dft_link;

#endif
