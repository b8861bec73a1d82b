/*
 * notesdb.h - note texts out of notes-app databases, as (table, rowid, text) with provenance:
 *  - iOS / macOS Notes, NoteStore.sqlite (iOS 9+): ZICNOTEDATA.ZDATA is a gzip stream of a protobuf
 *    NoteStoreProto whose field 2 (Document) holds field 3 (Note) holding field 2 (note_text, UTF-8:
 *    the whole note, its first line being the title). Rows in Z_PK order; provenance "ZICNOTEDATA:<Z_PK>".
 *    Attachments (tables, drawings: ZICCLOUDSYNCINGOBJECT) are not read; password-locked notes
 *    (ZCRYPTOINITIALIZATIONVECTOR set: the blob is encrypted) are counted in one warning.
 *  - Google Keep, keep.db (Android): tree_entity.title (provenance "tree_entity:<_id>") and
 *    list_item.text (the body of a text note and each item of a checklist: "list_item:<_id>"),
 *    each table in _id order. Columns are looked up, not assumed: a missing table/column is skipped.
 * Databases are opened by the caller through parsers/sqlite_safe.h; nothing here writes.
 *
 * dft_notestore_text() is the pure part (gunzip + protobuf walk) and is fuzzed: output capped at
 * DFT_NOTES_MAX_TEXT inflated bytes (a larger note is DFT_ELIMIT), varints and lengths checked against
 * the buffer, nesting fixed at three levels (no recursion).
 */
#ifndef DFT_PARSERS_NOTESDB_H
#define DFT_PARSERS_NOTESDB_H

#include <stddef.h>
#include <stdint.h>

#include "sqlite_safe.h"

#define DFT_NOTES_MAX_TEXT ((size_t)16 << 20)

/* One note text: table name, rowid, UTF-8 text (borrowed). Nonzero return stops and is returned. */
typedef int (*dft_note_fn)(void *ctx, const char *table, int64_t rowid, const char *text, size_t len);
typedef void (*dft_note_warn_fn)(void *ctx, const char *msg);

/* ZDATA blob -> malloc'd NUL-terminated note text (*out, *outlen). DFT_ENOTFOUND when the protobuf has
 * no note text, DFT_ECORRUPT when not gzip/protobuf, DFT_ELIMIT over the cap. */
int dft_notestore_text(const void *blob, size_t len, char **out, size_t *outlen);

/* Every note of a NoteStore.sqlite; a row whose blob does not decode is a warning, not an error. */
int dft_notes_ios(dft_sqlite *h, dft_note_fn fn, dft_note_warn_fn warn, void *ctx);

/* Titles and list items of a keep.db. */
int dft_notes_keep(dft_sqlite *h, dft_note_fn fn, dft_note_warn_fn warn, void *ctx);

/* One note of a Google Takeout Keep export (Takeout/Keep/<title>.json: an object with "title",
 * "textContent" or "listContent" [{"text", "isChecked"}], "labels" [{"name"}], "isTrashed",
 * "isArchived", "createdTimestampUsec", "userEditedTimestampUsec") -> malloc'd UTF-8 text: the title,
 * the text, then each list item on its own line. *trashed gets isTrashed. DFT_ENOTFOUND when the JSON
 * is no Keep note (no textContent/listContent, or no Keep timestamp), DFT_ECORRUPT when it is not
 * JSON, DFT_ELIMIT over DFT_NOTES_MAX_TEXT. */
int dft_notes_keep_json(const char *json, size_t len, char **out, size_t *outlen, int *trashed);

#endif
