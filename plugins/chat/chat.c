/*
 * chat.c - the `chat` plugin: every SQLite database of the evidence is offered to the chat parsers
 * (parsers/chat_parsers.h); the one whose detect() scores highest on the tables and columns present
 * parses it, and its rows become messages, contacts and calls, with a chat.database finding per
 * database (chat issue). Databases at a known app path that no parser recognises are reported as
 * variant "unknown" with a warning.
 *
 * The parser sees a private copy with its -wal applied (siblings); rows only in the WAL are marked
 * (details.only_in = "wal"). With option recover=on (default), records recovered from the file's free
 * space, older WAL frames and its -journal (docs/recovery.md) are merged into that copy first, so every
 * parser reads them; they are emitted with deleted=1 and details.recovered {source, completeness,
 * older_version_of}, and counted per source kind in the chat.database finding. A database the
 * sqlite_carve plugin reassembled from unallocated space (a derived file of transform sqlite-carve) was
 * deleted whole: every row of it is emitted with deleted=1, source "carved:MEDIA_OFFSET:table:rowid"
 * and details.recovered.source "carved:MEDIA_OFFSET", and its chat.database finding says carved.
 * Attachments that are files of the evidence are linked to the message ("attachment" links) through
 * dft_content_lookup, which finds a file without copying it.
 */
#include <fnmatch.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chat_registry.h"
#include "chatdb.h"
#include "plugin.h"

/* Per-scan state handed to the sink and the ctx callbacks. */
typedef struct chat_run {
    dft_scan *s;
    const dft_file *f;
    const dft_content *c;
    const char *app;
    dft_chatdb *db;              /* the database being parsed (its recovered rows), or NULL */
    bool recover;                /* option recover=on (default) */
    int64_t attachments_linked;
    int64_t warnings;
    /* recovered rows emitted, per source kind (freeblock, unallocated, freelist, wal, main, journal) */
    int64_t recovered_by_kind[6];
    int64_t recovered_older;
    /* a database carved from unallocated space (transform sqlite-carve): the media offset of its page 1,
     * else -1; every row of it was deleted with the database */
    int64_t carved_at;
    int64_t carved_rows;
    /* the patched child of a carved database with holes (transform sqlite-carve-patch): the tables whose
     * b-tree lost pages (their rows are partial); all_incomplete when the child could not name them */
    json_t *incomplete;
    bool all_incomplete;
    /* a deleted file the file system still lists (not carved): every row of it was deleted with it */
    bool file_deleted;
    int64_t deleted_file_rows;
    /* what prefixes the sources of such rows: "carved:MEDIA_OFFSET" or "deleted_file", else empty */
    char prefix[40];
} chat_run;

static const char *const recovered_kinds[6] = { "freeblock", "unallocated", "freelist", "wal", "main", "journal" };

/* Whether a row of a carved database (source "table:rowid") was read from a table b-tree that lost
 * pages: the table is incomplete, so is what the row says about it. */
static bool row_in_incomplete_table(const chat_run *r, const char *source)
{
    if (r->all_incomplete) return true;
    if (!r->incomplete || !source) return false;
    const char *colon = strrchr(source, ':');
    size_t n = colon ? (size_t)(colon - source) : strlen(source);
    size_t i;
    json_t *v;
    json_array_foreach(r->incomplete, i, v) {
        const char *t = json_string_value(v);
        if (t && strlen(t) == n && strncmp(t, source, n) == 0) return true;
    }
    return false;
}

/* When the row with this source is a recovered one: the details.recovered object text (in j) and
 * the per-kind count; NULL for a live row. Every row of a carved database, or of a deleted file the
 * file system still lists, is a recovered one: source "carved:MEDIA_OFFSET" / "deleted_file" (a live
 * row of it, read whole) or that prefix + ":" + where recovery found it inside the database
 * ("carved:4096:freeblock:7:3955"). A row of a carved table that lost pages is "partial". */
static const char *recovered_json(chat_run *r, const char *source, dft_chat_json *j)
{
    dft_chatdb_recovered rv;
    bool in_file = r->db && dft_chatdb_recovered_source(r->db, source, &rv);
    if (!in_file && !r->prefix[0]) return NULL;
    char src[320];
    dft_chat_json_begin(j);
    if (r->carved_at >= 0) r->carved_rows++;
    if (r->file_deleted) r->deleted_file_rows++;
    bool partial = r->carved_at >= 0 && row_in_incomplete_table(r, source);
    if (!in_file) {
        dft_chat_json_str(j, "source", r->prefix);
        dft_chat_json_str(j, "completeness", partial ? "partial" : "complete");
        if (partial) dft_chat_json_str(j, "missing", "pages of its table's b-tree (carved database with holes)");
        return dft_chat_json_end(j);
    }
    for (int i = 0; i < 6; i++)
        if (strcmp(rv.source_kind, recovered_kinds[i]) == 0) r->recovered_by_kind[i]++;
    if (rv.older_version_of >= 0) r->recovered_older++;
    if (r->prefix[0]) snprintf(src, sizeof src, "%s:%s", r->prefix, rv.source);
    else snprintf(src, sizeof src, "%s", rv.source);
    dft_chat_json_str(j, "source", src);
    dft_chat_json_str(j, "completeness", partial ? "partial" : rv.completeness);
    if (rv.missing && strcmp(rv.completeness, "partial") == 0) dft_chat_json_str(j, "missing", rv.missing);
    else if (partial) dft_chat_json_str(j, "missing", "pages of its table's b-tree (carved database with holes)");
    if (rv.older_version_of >= 0) dft_chat_json_int(j, "older_version_of", rv.older_version_of);
    return dft_chat_json_end(j);
}

/* The source column of a row: "table:rowid"; for a carved database "carved:MEDIA_OFFSET:table:rowid",
 * for a deleted file "deleted_file:table:rowid". */
static const char *row_source(const chat_run *r, const char *source, char *buf, size_t cap)
{
    if (!r->prefix[0]) return source;
    if (source) snprintf(buf, cap, "%s:%s", r->prefix, source);
    else snprintf(buf, cap, "%s", r->prefix);
    return buf;
}

/* Appends "only_in":"wal" (and other keys) to a parser's details object text. */
static char *details_with(const char *details, bool only_in_wal, const char *k1, const char *v1, const char *k2,
                          const char *v2, const char *recovered)
{
    dft_chat_json j;
    dft_chat_json_begin(&j);
    if (only_in_wal) dft_chat_json_str(&j, "only_in", "wal");
    if (recovered) dft_chat_json_raw(&j, "recovered", recovered);
    if (k1 && v1) dft_chat_json_str(&j, k1, v1);
    if (k2 && v2) dft_chat_json_str(&j, k2, v2);
    const char *add = j.any ? dft_chat_json_end(&j) : NULL;
    char *out = NULL;
    if (!add) {
        out = details ? strdup(details) : NULL;
    } else if (!details || strspn(details, " \t\r\n") == strlen(details) || strcmp(details, "{}") == 0) {
        out = strdup(add);
    } else {
        /* both are objects: "{a...}" + "{b...}" -> "{a...,b...}" */
        size_t dl = strlen(details);
        while (dl && (details[dl - 1] == ' ' || details[dl - 1] == '\n')) dl--;
        if (dl >= 2 && details[dl - 1] == '}') {
            size_t al = strlen(add);
            out = malloc(dl + al + 1);
            if (out) {
                memcpy(out, details, dl - 1);
                out[dl - 1] = ',';
                memcpy(out + dl, add + 1, al - 1);
                out[dl + al - 1] = '\0';
            }
        } else {
            out = strdup(add);
        }
    }
    dft_chat_json_free(&j);
    return out;
}

/* Android's shared storage has several names for the same files: apps store /sdcard/..., an
 * extraction may hold /storage/emulated/0/... or /data/media/0/... (the same directory). */
static const char *const shared_storage[] = { "/sdcard/", "/storage/emulated/0/", "/data/media/0/",
                                              "/storage/self/primary/", "/mnt/sdcard/", NULL };

/* The files.id of one candidate path when it is a regular file of the evidence, else 0. */
static int64_t lookup_file(const dft_content *c, const char *path)
{
    dft_dirent e = DFT_INIT(dft_dirent);
    if (dft_content_lookup(c, path, &e) == DFT_OK && e.type == 'r') return e.file_id;
    return 0;
}

/* True when the first component of a path is an iTunes backup domain ("MediaDomain/...",
 * "AppDomainGroup-group.net.whatsapp.WhatsApp.shared/..."): evidence_itunes.c names files
 * "/" domain "/" relativePath, so such a path is looked up from the root, never relative to the
 * database's own directory. */
static bool itunes_domain_path(const char *path)
{
    const char *sl = strchr(path, '/');
    if (!sl || sl == path) return false;
    size_t n = (size_t)(sl - path);
    if (n >= 6 && memcmp(sl - 6, "Domain", 6) == 0) return true;   /* HomeDomain, MediaDomain, ... */
    if (n > 9 && strncmp(path, "AppDomain", 9) == 0) return true;  /* AppDomain-, AppDomainGroup-, AppDomainPlugin- */
    for (const char *q = path; q + 7 <= sl; q++)                   /* SysContainerDomain-, SysSharedContainerDomain- */
        if (memcmp(q, "Domain-", 7) == 0) return true;
    return false;
}

/* Length of the iOS app container root at the start of path ("/private/var/mobile/Containers/Shared/
 * AppGroup/<UUID>/" or ".../Containers/Data/Application/<UUID>/", with or without "/private"), or of
 * an iTunes domain ("AppDomainGroup-x/", "/AppDomain-x/"), or 0. The container UUID changes when an
 * app is reinstalled or restored, and a backup names the container by domain: the rest of the path
 * after this root is what identifies the file inside the app's container. */
static size_t container_root(const char *path)
{
    static const char *const roots[] = { "/private/var/mobile/Containers/Shared/AppGroup/",
                                         "/private/var/mobile/Containers/Data/Application/",
                                         "/var/mobile/Containers/Shared/AppGroup/",
                                         "/var/mobile/Containers/Data/Application/", NULL };
    for (size_t i = 0; roots[i]; i++) {
        size_t n = strlen(roots[i]);
        if (strncmp(path, roots[i], n) != 0) continue;
        const char *sl = strchr(path + n, '/');
        return sl && sl > path + n ? (size_t)(sl - path) + 1 : 0;
    }
    const char *p = path[0] == '/' ? path + 1 : path;
    if (strncmp(p, "AppDomain", 9) != 0 || !itunes_domain_path(p)) return 0;
    return (size_t)(strchr(p, '/') - path) + 1;
}

/* The files.id of an attachment path in the evidence, or 0. Tries, in order: the path as stored;
 * the other names of Android shared storage; an iTunes domain path from the root; /var/mobile <->
 * /private/var/mobile; the path inside the scanned database's own app container (another container
 * UUID, or a backup domain); iMessage's home attachments in a backup's MediaDomain. */
static int64_t find_attachment(const dft_content *c, const char *db_path, const char *path, const char **via)
{
    *via = NULL;
    char alt[4200];
    int64_t id;
    if (path[0] != '/') {
        if (!itunes_domain_path(path) || snprintf(alt, sizeof alt, "/%s", path) >= (int)sizeof alt) return 0;
        if ((id = lookup_file(c, alt)) > 0) return *via = "itunes_domain", id;
    } else if ((id = lookup_file(c, path)) > 0) {
        return id;
    }
    for (size_t i = 0; shared_storage[i]; i++) {
        size_t n = strlen(shared_storage[i]);
        if (strncmp(path, shared_storage[i], n) != 0) continue;
        for (size_t j = 0; shared_storage[j]; j++) {
            if (j == i) continue;
            if (snprintf(alt, sizeof alt, "%s%s", shared_storage[j], path + n) >= (int)sizeof alt) continue;
            if ((id = lookup_file(c, alt)) > 0) return *via = "shared_storage_alias", id;
        }
        return 0;
    }
    static const char pvm[] = "/private/var/mobile/", vm[] = "/var/mobile/";
    const char *home_rest = NULL;   /* the part after the mobile user's home, for iOS absolute paths */
    if (strncmp(path, pvm, sizeof pvm - 1) == 0) {
        home_rest = path + sizeof pvm - 1;
        if (snprintf(alt, sizeof alt, "%s%s", vm, home_rest) < (int)sizeof alt && (id = lookup_file(c, alt)) > 0)
            return *via = "var_mobile_alias", id;
    } else if (strncmp(path, vm, sizeof vm - 1) == 0) {
        home_rest = path + sizeof vm - 1;
        if (snprintf(alt, sizeof alt, "%s%s", pvm, home_rest) < (int)sizeof alt && (id = lookup_file(c, alt)) > 0)
            return *via = "var_mobile_alias", id;
    }
    size_t ar = container_root(path), dr = db_path ? container_root(db_path) : 0;
    if (ar && dr && (ar != dr || strncmp(path, db_path, ar) != 0)) {
        const char *lead = db_path[0] == '/' ? "" : "/";
        if (snprintf(alt, sizeof alt, "%s%.*s%s", lead, (int)dr, db_path, path + ar) < (int)sizeof alt &&
            (id = lookup_file(c, alt)) > 0)
            return *via = "app_container", id;
    }
    if (home_rest && strncmp(home_rest, "Library/SMS/", 12) == 0 &&
        snprintf(alt, sizeof alt, "/MediaDomain/%s", home_rest) < (int)sizeof alt && (id = lookup_file(c, alt)) > 0)
        return *via = "backup_media_domain", id;
    return 0;
}

static int sink_message(void *payload, const dft_chat_msg *m)
{
    chat_run *r = payload;
    dft_chat_json rj;
    const char *rec = recovered_json(r, m->source, &rj);
    char *details = details_with(m->details, m->only_in_wal, "sender_name", m->sender_name, "attachment_mime",
                                 m->attachment_mime, rec);
    if (rec) dft_chat_json_free(&rj);
    dft_message msg = DFT_INIT(dft_message);
    msg.app = m->app ? m->app : r->app;
    msg.account = m->account;
    msg.thread = m->thread;
    msg.thread_title = m->thread_title;
    msg.sender = m->sender;
    msg.recipient = m->recipient;
    msg.direction = m->direction;
    msg.sent_utc = m->sent_utc && *m->sent_utc ? m->sent_utc : NULL;
    msg.body = m->body;
    msg.attachment = m->attachment;
    char srcbuf[320];
    msg.deleted = m->deleted || rec;
    msg.source = row_source(r, m->source, srcbuf, sizeof srcbuf);
    msg.offset = m->has_offset ? m->offset : -1;
    msg.details = details;
    dft_ref ref = { 0 };
    int rc = dft_emit_message(r->s, &msg, &ref);
    int64_t att_id = 0;
    const char *via = NULL;
    if (rc == DFT_OK && m->attachment && m->attachment[0] && dft_ref_is_set(ref) &&
        (att_id = find_attachment(r->c, r->f ? r->f->device_path : NULL, m->attachment, &via)) > 0) {
        char ld[64];
        if (via) snprintf(ld, sizeof ld, "{\"matched_by\":\"%s\"}", via);
        rc = dft_emit_link(r->s, ref, "attachment", dft_ref_file(att_id), via ? ld : NULL);
        if (rc == DFT_OK) r->attachments_linked++;
    }
    free(details);
    return rc;
}

static int sink_contact(void *payload, const dft_chat_contact *c)
{
    chat_run *r = payload;
    dft_chat_json rj;
    const char *rec = recovered_json(r, c->source, &rj);
    /* contacts have no deleted column: details.recovered marks a recovered contact */
    char *details = details_with(c->details, c->only_in_wal, NULL, NULL, NULL, NULL, rec);
    if (rec) dft_chat_json_free(&rj);
    dft_contact ct = DFT_INIT(dft_contact);
    ct.app = c->app ? c->app : r->app;
    ct.account = c->account;
    ct.name = c->name;
    ct.phone = c->phone;
    ct.handle = c->handle;
    char srcbuf[320];
    ct.source = row_source(r, c->source, srcbuf, sizeof srcbuf);
    ct.details = details;
    int rc = dft_emit_contact(r->s, &ct, NULL);
    free(details);
    return rc;
}

static int sink_call(void *payload, const dft_chat_call *c)
{
    chat_run *r = payload;
    dft_chat_json rj;
    const char *rec = recovered_json(r, c->source, &rj);
    char *details = details_with(c->details, c->only_in_wal, NULL, NULL, NULL, NULL, rec);
    if (rec) dft_chat_json_free(&rj);
    dft_call cl = DFT_INIT(dft_call);
    cl.app = c->app ? c->app : r->app;
    cl.account = c->account;
    cl.counterpart = c->counterpart;
    cl.counterpart_name = c->counterpart_name;
    cl.direction = c->direction;
    cl.status = c->status;
    cl.media = c->media;
    cl.start_utc = c->start_utc && *c->start_utc ? c->start_utc : NULL;
    cl.duration_s = c->duration_s;
    cl.deleted = c->deleted || rec;
    char srcbuf[320];
    cl.source = row_source(r, c->source, srcbuf, sizeof srcbuf);
    cl.details = details;
    int rc = dft_emit_call(r->s, &cl, NULL);
    free(details);
    return rc;
}

static void sink_warning(void *payload, const char *message)
{
    chat_run *r = payload;
    r->warnings++;
    dft_emit_warning(r->s, -1, "%s: %s", r->app ? r->app : "chat", message);
}

static bool run_cancelled(void *payload) { return dft_scan_cancelled(((chat_run *)payload)->s); }

/* The private copy of a sibling plus its own -wal when it has one. */
static int ctx_open_sibling(void *payload, const char *path, dft_chatdb **out)
{
    chat_run *r = payload;
    *out = NULL;
    dft_sibling sib = DFT_INIT(dft_sibling);
    int rc = dft_content_sibling(r->c, path, &sib);
    if (rc) return rc;
    char walrel[4200];
    dft_sibling wal = DFT_INIT(dft_sibling);
    const char *wal_path = NULL;
    if (snprintf(walrel, sizeof walrel, "%s-wal", sib.device_path) < (int)sizeof walrel &&
        dft_content_sibling(r->c, walrel, &wal) == DFT_OK && wal.allocated == sib.allocated)
        wal_path = wal.path;
    dft_chatdb_opts o = { .path = sib.path, .wal_path = wal_path, .cancelled = run_cancelled, .payload = r,
                          .recover = false };
    return dft_chatdb_open(out, &o);
}

static int ctx_read_sibling(void *payload, const char *path, size_t cap, char **bytes, size_t *len)
{
    chat_run *r = payload;
    *bytes = NULL;
    *len = 0;
    dft_sibling sib = DFT_INIT(dft_sibling);
    int rc = dft_content_sibling(r->c, path, &sib);
    if (rc) return rc;
    if (sib.size > cap) return dft_error_set(DFT_ELIMIT, "%s: %llu bytes, more than %zu", path,
                                             (unsigned long long)sib.size, cap);
    FILE *fp = fopen(sib.path, "rb");
    if (!fp) return dft_error_set(DFT_EIO, "cannot open the copy of %s", path);
    char *buf = malloc((size_t)sib.size + 1);
    if (!buf) { fclose(fp); return dft_error_set(DFT_ENOMEM, "out of memory"); }
    size_t got = fread(buf, 1, (size_t)sib.size, fp);
    fclose(fp);
    buf[got] = '\0';
    *bytes = buf;
    *len = got;
    return DFT_OK;
}

/* The default phone region: the plugin option, else the region of the device's own number. */
static void default_region(dft_scan *s, char region[3])
{
    region[0] = '\0';
    const char *opt = dft_scan_option(s, "default_region");
    if (opt && strlen(opt) == 2) {
        memcpy(region, opt, 3);
        return;
    }
    const char *own = dft_scan_evidence_meta(s, "device.phone_number");
    char e164[DFT_PHONE_LEN];
    if (own && dft_phone_e164(own, NULL, 0, e164) == DFT_OK) dft_phone_region(e164, region);
}

static bool path_matches(const dft_chat_parser *p, const char *device_path)
{
    if (!p->paths || !device_path) return false;
    for (const char *const *g = p->paths; *g; g++)
        if (fnmatch(*g, device_path, 0) == 0) return true;
    return false;
}

/* The chat.database finding: what was recognised and what was read. */
static int emit_database(dft_scan *s, const char *app, const char *variant, const char *parser,
                         const dft_chat_stats *st, const dft_chatdb_wal_info *wal, int64_t linked,
                         const char *error, double confidence, const chat_run *run)
{
    dft_chat_json j;
    dft_chat_json_begin(&j);
    dft_chat_json_str(&j, "variant", variant);
    if (parser) dft_chat_json_str(&j, "parser", parser);
    if (st && st->account[0]) dft_chat_json_str(&j, "account", st->account);
    dft_chat_json_bool(&j, "encrypted", false);
    if (st) {
        dft_chat_json_int(&j, "messages", st->messages);
        dft_chat_json_int(&j, "contacts", st->contacts);
        dft_chat_json_int(&j, "calls", st->calls);
        dft_chat_json_int(&j, "messages_only_in_wal", st->messages_only_in_wal);
        dft_chat_json_int(&j, "contacts_only_in_wal", st->contacts_only_in_wal);
        dft_chat_json_int(&j, "calls_only_in_wal", st->calls_only_in_wal);
        dft_chat_json_int(&j, "skipped", st->skipped);
        dft_chat_json_int(&j, "attachments_linked", linked);
    }
    dft_chat_json_bool(&j, "wal_present", wal->wal_present);
    dft_chat_json_bool(&j, "wal_applied", wal->wal_applied);
    dft_chat_json_int(&j, "wal_frames", wal->wal_frames);
    if (error) dft_chat_json_str(&j, "error", error);
    if (run && run->carved_at >= 0) {
        /* a database reassembled from unallocated space (sqlite_carve): all of it was deleted */
        dft_chat_json_bool(&j, "carved", true);
        dft_chat_json_int(&j, "carved_media_offset", run->carved_at);
        dft_chat_json_int(&j, "carved_rows", run->carved_rows);
        if (run->incomplete || run->all_incomplete) {
            /* read from the patched child of a carved database with holes */
            dft_chat_json_bool(&j, "carved_patched", true);
            char *t = run->incomplete ? json_dumps(run->incomplete, JSON_COMPACT) : NULL;
            dft_chat_json_raw(&j, "incomplete_tables", t ? t : "null");
            free(t);
        }
    }
    if (run && run->file_deleted) {
        /* a deleted database file the file system still lists: all of it was deleted */
        dft_chat_json_bool(&j, "file_deleted", true);
        dft_chat_json_int(&j, "deleted_file_rows", run->deleted_file_rows);
    }
    if (run && run->db) {
        /* deleted-record recovery: rows emitted per source kind, and what recovery found in the file */
        dft_chatdb_recovery_info ri;
        dft_chatdb_recovery(run->db, &ri);
        if (ri.ran) {
            dft_chat_json k;
            dft_chat_json_begin(&k);
            for (int i = 0; i < 6; i++) dft_chat_json_int(&k, recovered_kinds[i], run->recovered_by_kind[i]);
            dft_chat_json_int(&k, "older_versions", run->recovered_older);
            dft_chat_json_int(&k, "records_in_file", ri.records);
            dft_chat_json_int(&k, "records_added", ri.inserted);
            dft_chat_json_int(&k, "records_refused", ri.skipped);
            dft_chat_json_int(&k, "duplicates_of_live_rows", ri.duplicates);
            dft_chat_json_bool(&k, "truncated", ri.truncated);
            if (ri.first_warning) dft_chat_json_str(&k, "warning", ri.first_warning);
            dft_chat_json_raw(&j, "recovered", dft_chat_json_end(&k));
            dft_chat_json_free(&k);
        }
    }
    if (st && st->extra_details && st->extra_details[0] == '{') dft_chat_json_raw(&j, "parser_details", st->extra_details);
    dft_finding f = DFT_INIT(dft_finding);
    f.kind = "chat.database";
    f.subkind = app;
    f.value = variant;
    f.offset = -1;
    f.length = -1;
    f.confidence = confidence;
    f.details = dft_chat_json_end(&j);
    f.personal = st && st->account[0] ? "details" : NULL;
    int rc = dft_emit_finding(s, &f, NULL);
    dft_chat_json_free(&j);
    return rc;
}

/* Sets the run's carved / deleted-file state from the file; false when the file is a carved image with
 * missing pages, which is not parsed: sqlite_carve registers its patched child (transform
 * sqlite-carve-patch, holes unlinked), and the rows are read from there, marked partial where their
 * table lost pages. */
static bool carved_source(chat_run *run, const dft_file *f)
{
    const char *deriv = dft_file_derivation(f);
    json_t *dj = deriv ? json_loads(deriv, 0, NULL) : NULL;
    bool parse = true;
    if (run->carved_at >= 0) {
        parse = !(dj && json_integer_value(json_object_get(dj, "pages_missing")) > 0);
    } else if (f->transform && strcmp(f->transform, "sqlite-carve-patch") == 0 && dj &&
               json_is_integer(json_object_get(dj, "media_offset"))) {
        run->carved_at = json_integer_value(json_object_get(dj, "media_offset"));
        json_t *t = json_object_get(dj, "incomplete_tables");
        if (json_is_array(t)) run->incomplete = json_incref(t);
        else run->all_incomplete = true;
    } else if (!f->allocated) {
        /* a deleted file still listed (TSK), or a file decoded from one: its siblings are paired only
         * with files of the same allocation state (never a live -wal of its successor) */
        run->file_deleted = true;
        snprintf(run->prefix, sizeof run->prefix, "deleted_file");
    }
    if (run->carved_at >= 0) snprintf(run->prefix, sizeof run->prefix, "carved:%lld", (long long)run->carved_at);
    json_decref(dj);
    return parse;
}

static int chat_scan_file(dft_scan *s, const dft_file *f, const dft_content *c, chat_run *runp);

static int chat_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    chat_run run = { .s = s, .f = f, .c = c, .carved_at = dft_file_carved_at(f, "sqlite-carve") };
    if (!carved_source(&run, f)) return DFT_OK;   /* a carved image with holes: its patched child is read */
    int rc = chat_scan_file(s, f, c, &run);
    json_decref(run.incomplete);
    return rc;
}

static int chat_scan_file(dft_scan *s, const dft_file *f, const dft_content *c, chat_run *runp)
{
    /* a copy: the run's state and counters live here until the chat.database finding is emitted */
    chat_run run = *runp;
    size_t len = 0;
    const uint8_t *bytes = dft_content_bytes(c, &len);
    const char *path = dft_content_path(c);
    if (!path) return dft_error_last()[0] ? DFT_EIO : DFT_OK;
    if (bytes && strcmp(dft_chatdb_sniff(bytes, len), "sqlite") != 0) return DFT_OK;

    const char *ropt = dft_scan_option(s, "recover");
    run.recover = !ropt || strcmp(ropt, "off") != 0;
    char wal_path[4200], journal_path[4200];
    snprintf(wal_path, sizeof wal_path, "%s-wal", path);
    snprintf(journal_path, sizeof journal_path, "%s-journal", path);
    dft_chatdb_opts o = { .path = path, .wal_path = access(wal_path, R_OK) == 0 ? wal_path : NULL,
                          .cancelled = run_cancelled, .payload = &run };
    dft_chatdb *db = NULL;
    int rc = dft_chatdb_open(&db, &o);
    if (rc) {
        /* An encrypted store behind a plain header (SQLCipher with a plaintext header, Signal iOS) is
         * chat_decrypt's to report; the content may be a file only (no bytes in memory): sniff its head. */
        uint8_t head[4096];
        FILE *hf = bytes ? NULL : fopen(path, "rb");
        size_t hn = hf ? fread(head, 1, sizeof head, hf) : 0;
        if (hf) fclose(hf);
        if (!strcmp(dft_chatdb_sniff(bytes ? bytes : head, bytes ? len : hn), "encrypted")) return DFT_OK;
        /* Not readable as SQLite: a known app path is still reported. */
        for (size_t i = 0; i < dft_chat_parser_count; i++) {
            const dft_chat_parser *p = dft_chat_parsers[i];
            if (path_matches(p, f->device_path)) {
                dft_chatdb_wal_info none = { 0 };
                dft_emit_warning(s, -1, "%s database not readable: %s", p->app, dft_error_last());
                return emit_database(s, p->app, "unreadable", p->name, NULL, &none, 0, dft_error_last(), 0.5, NULL);
            }
        }
        return DFT_OK;   /* sqlite_inventory reports unreadable databases */
    }

    char region[3];
    default_region(s, region);
    dft_chat_ctx ctx = {
        .device_path = f->device_path,
        .region = region[0] ? region : NULL,
        .account_hint = dft_scan_evidence_meta(s, "device.phone_number"),
        .open_sibling = ctx_open_sibling,
        .read_sibling = ctx_read_sibling,
        .payload = &run,
    };
    const dft_chat_parser *best = NULL;
    int best_score = 0;
    for (size_t i = 0; i < dft_chat_parser_count; i++) {
        int score = dft_chat_parsers[i]->detect(db, &ctx);
        if (score > best_score) {
            best_score = score;
            best = dft_chat_parsers[i];
        }
    }
    dft_chatdb_wal_info wal;
    dft_chatdb_wal(db, &wal);
    if (!best) {
        for (size_t i = 0; i < dft_chat_parser_count; i++) {
            const dft_chat_parser *p = dft_chat_parsers[i];
            if (path_matches(p, f->device_path)) {
                dft_emit_warning(s, -1, "%s database of an unknown schema variant (no parser recognised its tables)",
                                 p->app);
                rc = emit_database(s, p->app, "unknown", NULL, NULL, &wal, 0, NULL, 0.5, NULL);
                dft_chatdb_close(db);
                return rc;
            }
        }
        dft_chatdb_close(db);
        return DFT_OK;
    }

    run.app = best->app;
    if (run.recover) {
        /* recovery only for a database a parser claimed: the parser then reads live and recovered rows */
        rc = dft_chatdb_recover(db, access(journal_path, R_OK) == 0 ? journal_path : NULL);
        if (rc == DFT_ECANCELLED) {
            dft_chatdb_close(db);
            return rc;
        }
        run.db = db;
    }
    dft_chat_sink sink = { .payload = &run, .message = sink_message, .contact = sink_contact, .call = sink_call,
                           .warning = sink_warning };
    dft_chat_stats st = { 0 };
    rc = best->parse(db, &ctx, &sink, &st);
    const char *err = NULL;
    char errbuf[512];
    if (rc == DFT_ECANCELLED) {
        free(st.extra_details);
        dft_chatdb_close(db);
        return rc;
    }
    if (rc) {
        snprintf(errbuf, sizeof errbuf, "%s", dft_error_last());
        err = errbuf;
    }
    int rc2 = emit_database(s, best->app, st.variant ? st.variant : best->name, best->name, &st, &wal,
                            run.attachments_linked, err, 1.0, &run);
    free(st.extra_details);
    dft_chatdb_close(db);
    if (rc) return dft_error_set(rc == DFT_ENOMEM ? rc : DFT_ECORRUPT, "%s: %s", best->name, errbuf);
    return rc2;
}

static const dft_claim chat_claims[] = {
    { DFT_CLAIM_MIME, "application/vnd.sqlite3" },
    { DFT_CLAIM_MIME, "application/x-sqlite3" },
    { DFT_CLAIM_END, NULL },
};

static const char *const chat_siblings[] = { "-wal", "-journal", NULL };

static const dft_option chat_options[] = {
    { "default_region", "ISO 3166 alpha-2 region for national phone numbers (default: the device's own number's)",
      NULL, 0 },
    { "recover", "on|off: recover deleted rows from free pages, old WAL frames and the journal (docs/recovery.md)",
      "on", 0 },
    { NULL, NULL, NULL, 0 },
};

const dft_plugin dft_plugin_chat = {
    .abi = DFT_PLUGIN_ABI,
    .struct_size = sizeof(dft_plugin),
    .name = "chat",
    .version = "1.0.0",
    .description = "chat databases (WhatsApp, Telegram, LINE, SMS, ...): messages, contacts, calls",
    .claims = chat_claims,
    .siblings = chat_siblings,
    .access = DFT_ACCESS_WHOLE,
    .options = chat_options,
    .scan = chat_scan,
};
