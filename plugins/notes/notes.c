/*
 * notes.c - plugin `notes`: the note texts of notes-app databases (iOS/macOS Notes NoteStore.sqlite,
 * Google Keep keep.db; parsers/notesdb.h) as decoded content, one piece a note named "<file>.text"
 * with the path element "<table>:<rowid>" (ZICNOTEDATA:3, list_item:1), so the streaming scanners and
 * the DFT_CLAIM_DECODED plugins read what a note says. A Google Takeout Keep export (Takeout/Keep/NAME.json,
 * one note a file) gives one piece with the path element "keep-json" ("keep-json (trashed)" for a note
 * in the bin).
 *
 * Why a plugin of its own: a notes database is read with its -wal applied, so the plugin declares the
 * "-wal" sibling, and the core postpones every file a sibling-declaring plugin claims to the end of its
 * evidence item and hands it over as a private on-disk copy. Declared by `documents` (where these
 * databases were read until 2026-12-03), that cost a directory, a copy and a mapping for each of the
 * thousands of documents of an image (docs/performance.md, issue 11's ingest share); here it costs
 * one copy per notes database.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "parsers/notesdb.h"
#include "plugin.h"

typedef struct notes_ctx {
    dft_scan *s;
    char dname[300];   /* "<file>.text": claimed by no extension claim */
} notes_ctx;

static int on_note(void *ctx, const char *table, int64_t rowid, const char *text, size_t len)
{
    notes_ctx *n = ctx;
    if (dft_scan_cancelled(n->s)) return dft_error_set(DFT_ECANCELLED, "cancelled");
    char path[96];
    snprintf(path, sizeof path, "%s:%lld", table, (long long)rowid);
    dft_decoded d = DFT_INIT(dft_decoded);
    d.path_element = path;
    d.name = n->dname;
    d.mime = "text/plain; charset=utf-8";
    d.origin_offset = -1;
    return dft_emit_decoded(n->s, &d, text, len);
}

static void on_note_warning(void *ctx, const char *msg)
{
    notes_ctx *n = ctx;
    dft_emit_warning(n->s, -1, "%s", msg);
}

static bool notes_cancelled(void *payload) { return dft_scan_cancelled(payload); }

/* 1 for an iOS NoteStore.sqlite, 0 for a Keep keep.db (by the claim that matched: name or path). */
static int is_notestore(const dft_file *f)
{
    return f->name && !strcasecmp(f->name, "NoteStore.sqlite");
}

/* A Takeout Keep note (.json): the whole file is one note; JSON that is no Keep note is left alone. */
static int scan_keep_json(dft_scan *s, const dft_file *f, const dft_content *c, notes_ctx *n)
{
    /* this plugin's files come postponed, as a private copy on disk (the -wal sibling declaration) */
    size_t len = 0;
    const uint8_t *b = dft_content_bytes(c, &len);
    char *owned = NULL;
    if (!b) {
        const char *path = dft_content_path(c);
        FILE *fp = path ? fopen(path, "rb") : NULL;
        if (!fp) return dft_error_set(DFT_EIO, "cannot open the private copy");
        size_t cap = (size_t)DFT_NOTES_MAX_TEXT * 4 + 1;   /* dft_notes_keep_json's own cap + 1 */
        owned = malloc(cap);
        len = owned ? fread(owned, 1, cap, fp) : 0;
        fclose(fp);
        if (!owned) return dft_error_set(DFT_ENOMEM, "out of memory");
        b = (const uint8_t *)owned;
    }
    char *text = NULL;
    size_t tl = 0;
    int trashed = 0;
    int rc = dft_notes_keep_json((const char *)b, len, &text, &tl, &trashed);
    free(owned);
    if (rc == DFT_ENOTFOUND) return DFT_OK;
    if (rc == DFT_ECORRUPT) return dft_emit_warning(s, -1, "%s: %s", f->name ? f->name : "Keep JSON", dft_error_last());
    if (rc) return rc;
    if (tl) {
        dft_decoded d = DFT_INIT(dft_decoded);
        d.path_element = trashed ? "keep-json (trashed)" : "keep-json";
        d.name = n->dname;
        d.mime = "text/plain; charset=utf-8";
        d.origin_offset = -1;
        rc = dft_emit_decoded(s, &d, text, tl);
    }
    free(text);
    return rc;
}

static int is_json(const dft_file *f)
{
    size_t k = f->name ? strlen(f->name) : 0;
    return k > 5 && !strcasecmp(f->name + k - 5, ".json");
}

/* Opened through sqlite_safe.h: a private copy, the -wal (copied beside by the core) applied. */
static int notes_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    notes_ctx n = {.s = s};
    snprintf(n.dname, sizeof n.dname, "%.280s.text", f->name ? f->name : "notes");
    if (is_json(f)) return scan_keep_json(s, f, c, &n);
    const char *path = dft_content_path(c);
    if (!path) return DFT_EIO;
    int ios = is_notestore(f);
    dft_sqlite_opts o = DFT_SQLITE_OPTS_INIT;
    o.cancelled = notes_cancelled;
    o.payload = s;
    dft_sqlite *h = NULL;
    int rc = dft_sqlite_open_beside(&h, path, &o);   /* the -wal the core copied beside it is applied */
    if (rc) return rc;
    rc = ios ? dft_notes_ios(h, on_note, on_note_warning, &n) : dft_notes_keep(h, on_note, on_note_warning, &n);
    if (rc == DFT_ENOTFOUND) {   /* a file of that name without the notes table: say so, not an error */
        dft_emit_warning(s, -1, "%s: %s", ios ? "NoteStore" : "keep.db", dft_error_last());
        rc = DFT_OK;
    }
    dft_sqlite_close(h);
    return rc;
}

static const dft_claim claims[] = {
    {DFT_CLAIM_NAME, "NoteStore.sqlite"},
    {DFT_CLAIM_PATH, "*/com.google.android.keep/databases/keep.db"},
    {DFT_CLAIM_PATH, "*/Keep/*.json"},          /* Google Takeout: Takeout/Keep/<title>.json */
    {DFT_CLAIM_PATH, "*/Google Keep/*.json"},
    {DFT_CLAIM_END, NULL},
};

/* the database's -wal is applied (copied beside the private copy by the core) */
static const char *const siblings[] = {"-wal", NULL};

const dft_plugin dft_plugin_notes = {
    .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin),
    .name = "notes",
    .version = "1.0.0",
    .description = "Note texts of iOS/macOS Notes (NoteStore.sqlite), Google Keep (keep.db, -wal applied) and "
                   "Google Takeout Keep notes (Keep/*.json), as decoded content",
    .claims = claims,
    .siblings = siblings,
    .access = DFT_ACCESS_WHOLE,
    .max_size = 1ull << 30,
    .scan = notes_scan,
};
