/*
 * store_correlate.h - shared between store_schema.c and store_correlate.c: the DDL of the
 * identifier_occurrences indexes, which the correlation pass drops and rebuilds around its bulk insert
 * (the texts must be the schema's own, store_check.c compares them).
 */
#ifndef DFT_STORE_CORRELATE_H
#define DFT_STORE_CORRELATE_H

#define DFT_CORRELATE_INDEX_DDL                                                                        \
    "CREATE INDEX identifier_occurrences_kv ON identifier_occurrences(kind, value, evidence_item);\n"  \
    "CREATE INDEX identifier_occurrences_source ON identifier_occurrences(source_table, source_id);\n"
#define DFT_CORRELATE_INDEX_DROP                                                                       \
    "DROP INDEX IF EXISTS identifier_occurrences_kv; DROP INDEX IF EXISTS identifier_occurrences_source;"

#endif
