/*
 * chatdb_int.h - internals shared by parsers/chatdb.c and parsers/chatdb_recover.c: the map of
 * recovered rows of a chat database ((table, rowid) -> where the record came from). Not public.
 */
#ifndef DFT_CHATDB_INT_H
#define DFT_CHATDB_INT_H

#include "chatdb.h"

typedef struct dft_chatdb_rec_entry {
    const char *table;           /* interned in dft_chatdb_rec.tables */
    int64_t rowid;               /* in the merged copy */
    char source[48];
    char kind[16];
    const char *completeness;    /* static text from sqlite_recover */
    const char *missing;         /* static text from sqlite_recover (a partial record), or NULL */
    int64_t older_of;            /* rowid of the live row this is an older version of, or -1 */
} dft_chatdb_rec_entry;

typedef struct dft_chatdb_rec {
    bool ran, truncated;
    int64_t records, skipped, duplicates, warnings;
    char first_warning[160];
    dft_chatdb_rec_entry *e;
    size_t n, cap;
    bool sorted;
    char **tables;
    size_t ntables;
} dft_chatdb_rec;

int dft_chatdb_rec_add(dft_chatdb_rec *r, const char *table, int64_t rowid, const char *source, const char *kind,
                       const char *completeness, const char *missing, int64_t older_of);
void dft_chatdb_rec_free(dft_chatdb_rec *r);
/* Recovers the records of the database o->path (+ wal, journal) and, when there are any, builds the
 * merged copy opened with the options base (*merged; NULL when nothing was recovered). */
int dft_chatdb_rec_build(dft_chatdb_rec *rec, dft_sqlite *live, const dft_chatdb_opts *o, const dft_sqlite_opts *base,
                         dft_sqlite **merged);

#endif
