/*
 * report_caseuco.c - the CASE 1.4.0 / UCO 1.4.0 JSON-LD export (--case-uco FILE).
 *
 * What is in the graph (docs/report.md "CASE/UCO"):
 *   - the tool (uco-tool:Tool, one per dftriage version of the runs), the examiner (uco-identity:Person),
 *     the investigation (case-investigation:Investigation, the case number);
 *   - one case-investigation:InvestigativeAction per ingest run: performer = examiner, instrument = tool,
 *     object = the evidence items it added, result = their provenance records;
 *   - evidence items as observables with a ContentDataFacet (size, MD5/SHA-1/SHA-256 as uco-types:Hash),
 *     partitions (DiskPartitionFacet), file systems (uco-observable:FileSystem + FileSystemFacet), files
 *     (uco-observable:File + FileFacet + ContentDataFacet), tied by ObservableRelationship
 *     "Contained_Within" (file -> file system -> partition -> evidence);
 *   - findings: crypto addresses as uco-observable:DigitalAddress, other findings as ObservableObject,
 *     "Contained_Within" their file; messages (uco-observable:Message + MessageFacet: from/to accounts,
 *     application, text, sent time), calls (uco-observable:Call + CallFacet), accounts (AccountFacet +
 *     PhoneAccountFacet for phone numbers), persons (uco-identity:Person);
 *   - one case-investigation:ProvenanceRecord per evidence item (exhibit "evidence N") whose objects are
 *     the item and everything extracted from it.
 *
 * SHACL needs every node that a shape points at to be an IRI with a type (sh:nodeKind sh:IRI,
 * sh:class), so facets and hashes get IRIs too: kb:<kind>-<row id>[-<facet>]. kb is a URN of the
 * case (urn:dftriage:<first 16 hex digits of the hash of audit row 1>:), so the same case always gives
 * the same IRIs. The file is written as it is read: one node per line, rows streamed.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "hash.h"
#include "report_impl.h"
#include "strmap.h"

/* A JSON object being written: tracks whether a member was written (commas). */
typedef struct jw {
    rpt_out *o;
    int depth;
    bool first[8];
} jw;

static void j_open(jw *w, char c)
{
    out_rawn(w->o, &c, 1);
    if (w->depth < 7) w->first[++w->depth] = true;
}

static void j_close(jw *w, char c)
{
    out_rawn(w->o, &c, 1);
    if (w->depth > 0) w->depth--;
    w->first[w->depth] = false;
}

static void j_sep(jw *w)
{
    if (!w->first[w->depth]) out_raw(w->o, ",");
    w->first[w->depth] = false;
}

static void j_key(jw *w, const char *k)
{
    j_sep(w);
    out_json(w->o, k);
    out_raw(w->o, ":");
}

static void j_str(jw *w, const char *k, const char *v)
{
    if (!v) return;
    j_key(w, k);
    out_json(w->o, v);
}

static void j_int(jw *w, const char *k, sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type(st, col) != SQLITE_INTEGER) return;
    j_key(w, k);
    out_fmt(w->o, "%lld", (long long)sqlite3_column_int64(st, col));
}

static void j_ref(jw *w, const char *k, const char *id)
{
    j_key(w, k);
    out_raw(w->o, "{\"@id\":");
    out_json(w->o, id);
    out_raw(w->o, "}");
}

/* A value that is a valid xsd:dateTime ("2024-01-01T10:00:00[.fff]Z"): others are left out. */
static bool is_datetime(const char *t)
{
    if (!t || strlen(t) < 20) return false;
    const char *pat = "dddd-dd-ddTdd:dd:dd";
    for (int i = 0; pat[i]; i++)
        if (pat[i] == 'd' ? !isdigit((unsigned char)t[i]) : t[i] != pat[i]) return false;
    const char *p = t + 19;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p)) return false;
        while (isdigit((unsigned char)*p)) p++;
    }
    return strcmp(p, "Z") == 0;
}

static void j_time(jw *w, const char *k, const char *t)
{
    if (!is_datetime(t)) return;
    j_key(w, k);
    out_raw(w->o, "{\"@type\":\"xsd:dateTime\",\"@value\":");
    out_json(w->o, t);
    out_raw(w->o, "}");
}

/* starts a node: {"@id":id,"@type":type */
static void node_begin(jw *w, const char *id, const char *type)
{
    out_raw(w->o, ",\n");
    j_open(w, '{');
    j_str(w, "@id", id);
    j_str(w, "@type", type);
}

static void node_end(jw *w)
{
    j_close(w, '}');
}

/* A facet member inside "uco-core:hasFacet": [ ... ] */
static void facet_begin(jw *w, const char *id, const char *type)
{
    j_sep(w);
    j_open(w, '{');
    j_str(w, "@id", id);
    j_str(w, "@type", type);
}

static void hash_node(jw *w, const char *id, const char *method, const char *hex)
{
    j_sep(w);
    j_open(w, '{');
    j_str(w, "@id", id);
    j_str(w, "@type", "uco-types:Hash");
    j_str(w, "uco-types:hashMethod", method);
    j_key(w, "uco-types:hashValue");
    out_raw(w->o, "{\"@type\":\"xsd:hexBinary\",\"@value\":");
    out_json(w->o, hex);
    out_raw(w->o, "}");
    j_close(w, '}');
}

static bool is_hex(const char *h)
{
    if (!h || !*h || strlen(h) % 2) return false;
    for (const char *p = h; *p; p++)
        if (!isxdigit((unsigned char)*p)) return false;
    return true;
}

/* A ContentDataFacet with the hashes of columns md5/sha1/sha256 at cols c, c+1, c+2. */
static void content_facet(jw *w, const char *base, sqlite3_stmt *st, int size_col, int c, const char *mime)
{
    char id[160];
    snprintf(id, sizeof id, "%s-content", base);
    facet_begin(w, id, "uco-observable:ContentDataFacet");
    j_int(w, "uco-observable:sizeInBytes", st, size_col);
    j_str(w, "uco-observable:mimeType", mime);
    static const char *methods[3] = { "MD5", "SHA1", "SHA256" };
    bool any = false;
    for (int i = 0; i < 3; i++) any |= is_hex(rpt_col(st, c + i));
    if (any) {
        j_key(w, "uco-observable:hash");
        j_open(w, '[');
        for (int i = 0; i < 3; i++) {
            if (!is_hex(rpt_col(st, c + i))) continue;
            snprintf(id, sizeof id, "%s-%s", base, methods[i]);
            hash_node(w, id, methods[i], rpt_col(st, c + i));
        }
        j_close(w, ']');
    }
    j_close(w, '}');
}

static void relationship(jw *w, const char *src, const char *dst, const char *kind)
{
    char id[200];
    snprintf(id, sizeof id, "%s-in", src);
    node_begin(w, id, "uco-observable:ObservableRelationship");
    j_ref(w, "uco-core:source", src);
    j_ref(w, "uco-core:target", dst);
    j_str(w, "uco-core:kindOfRelationship", kind);
    j_key(w, "uco-core:isDirectional");
    out_raw(w->o, "true");
    node_end(w);
}

typedef struct cu {
    rpt *r;
    jw w;
    dft_strmap *accounts; /* account IRIs already written */
    dft_strmap *apps;
} cu;

/* kb:account-<16 hex of sha256(app|identifier)>, written once (AccountFacet, and PhoneAccountFacet for
 * phone numbers). The identifier is redacted first when redacting. */
static void app_ref(cu *c, const char *app, char out[96]);

static void account_ref(cu *c, const char *app, const char *ident, char out[64])
{
    char appid[96];
    app_ref(c, app ? app : "unknown", appid);
    const char *shown = rpt_redact_apply(c->r->redact, c->r->redact ? RF_HANDLE : RF_NONE, ident);
    char *mine = strdup(shown ? shown : "");
    size_t n = strlen(app ? app : "") + strlen(mine ? mine : "") + 2;
    char *key = malloc(n);
    char hex[65];
    if (key) {
        snprintf(key, n, "%s|%s", app ? app : "", mine ? mine : "");
        dft_sha256_hex(hex, key, strlen(key));
    } else {
        dft_sha256_hex(hex, "", 0);
    }
    snprintf(out, 64, "kb:account-%.16s", hex);
    int64_t seen;
    if (key && dft_strmap_get(c->accounts, out, &seen) != DFT_OK) {
        dft_strmap_put(c->accounts, out, 1);
        jw *w = &c->w;
        node_begin(w, out, "uco-observable:ObservableObject");
        j_key(w, "uco-core:hasFacet");
        j_open(w, '[');
        char fid[96];
        snprintf(fid, sizeof fid, "%s-account", out);
        facet_begin(w, fid, "uco-observable:AccountFacet");
        j_str(w, "uco-observable:accountIdentifier", mine);
        j_close(w, '}');
        /* the app as an Application node (accountType would need UCO's closed AccountTypeVocab) */
        snprintf(fid, sizeof fid, "%s-app", out);
        facet_begin(w, fid, "uco-observable:ApplicationAccountFacet");
        j_ref(w, "uco-observable:application", appid);
        j_close(w, '}');
        bool phone = mine && mine[0] && (mine[0] == '+' || isdigit((unsigned char)mine[0])) &&
                     strspn(mine, "+0123456789 -") == strlen(mine);
        if (phone || (mine && !strncmp(mine, "PHONE-", 6))) {
            snprintf(fid, sizeof fid, "%s-phone", out);
            facet_begin(w, fid, "uco-observable:PhoneAccountFacet");
            j_str(w, "uco-observable:phoneNumber", mine);
            j_close(w, '}');
        }
        j_close(w, ']');
        node_end(w);
    }
    free(key);
    free(mine);
}

static void app_ref(cu *c, const char *app, char out[96])
{
    char safe[64];
    size_t n = 0;
    for (const char *p = app; *p && n + 1 < sizeof safe; p++)
        safe[n++] = isalnum((unsigned char)*p) ? *p : '_';
    safe[n] = '\0';
    snprintf(out, 96, "kb:application-%s", safe);
    int64_t seen;
    if (dft_strmap_get(c->apps, out, &seen) == DFT_OK) return;
    dft_strmap_put(c->apps, out, 1);
    jw *w = &c->w;
    node_begin(w, out, "uco-observable:Application");
    j_str(w, "uco-core:name", app);
    j_key(w, "uco-core:hasFacet");
    j_open(w, '[');
    char fid[128];
    snprintf(fid, sizeof fid, "%s-app", out);
    facet_begin(w, fid, "uco-observable:ApplicationFacet");
    j_str(w, "uco-observable:applicationIdentifier", app);
    j_close(w, '}');
    j_close(w, ']');
    node_end(w);
}

static int write_core(cu *c)
{
    rpt *r = c->r;
    jw *w = &c->w;
    node_begin(w, "kb:examiner", "uco-identity:Person");
    j_str(w, "uco-core:name", r->examiner ? r->examiner : "(examiner not recorded)");
    node_end(w);
    sqlite3_stmt *st = rpt_prep(r, "SELECT DISTINCT coalesce(tool_version, '?') FROM runs ORDER BY 1");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        char id[128];
        snprintf(id, sizeof id, "kb:tool-dftriage-%s", rpt_col(st, 0));
        for (char *p = id + 3; *p; p++)
            if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-') *p = '_';
        node_begin(w, id, "uco-tool:Tool");
        j_str(w, "uco-core:name", "dftriage");
        j_str(w, "uco-tool:version", rpt_col(st, 0));
        j_str(w, "uco-tool:toolType", "digital forensic triage");
        node_end(w);
    }
    sqlite3_finalize(st);

    /* evidence items */
    st = rpt_prep(r, "SELECT id, path, kind, size, md5, sha1, sha256, stored_md5, stored_sha1 FROM evidence ORDER BY id");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        char id[64];
        snprintf(id, sizeof id, "kb:evidence-%lld", (long long)sqlite3_column_int64(st, 0));
        node_begin(w, id, "uco-observable:ObservableObject");
        j_str(w, "uco-core:name", rpt_col(st, 1));
        char desc[96];
        snprintf(desc, sizeof desc, "evidence item %lld (%s)", (long long)sqlite3_column_int64(st, 0),
                 rpt_col(st, 2) ? rpt_col(st, 2) : "?");
        j_str(w, "uco-core:description", desc);
        j_key(w, "uco-core:hasFacet");
        j_open(w, '[');
        content_facet(w, id, st, 3, 4, NULL);
        j_close(w, ']');
        node_end(w);
    }
    sqlite3_finalize(st);

    /* partitions and file systems */
    st = rpt_prep(r, "SELECT id, evidence_id, scheme, slot, offset, length, description FROM volumes ORDER BY id");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        char id[64], fid[80], ev[64];
        snprintf(id, sizeof id, "kb:partition-%lld", (long long)sqlite3_column_int64(st, 0));
        snprintf(ev, sizeof ev, "kb:evidence-%lld", (long long)sqlite3_column_int64(st, 1));
        node_begin(w, id, "uco-observable:ObservableObject");
        j_key(w, "uco-core:hasFacet");
        j_open(w, '[');
        snprintf(fid, sizeof fid, "%s-partition", id);
        facet_begin(w, fid, "uco-observable:DiskPartitionFacet");
        j_int(w, "uco-observable:partitionOffset", st, 4);
        j_int(w, "uco-observable:partitionLength", st, 5);
        j_str(w, "uco-observable:diskPartitionType", rpt_col(st, 6));
        j_str(w, "uco-observable:partitionID", rpt_col(st, 3));
        j_close(w, '}');
        j_close(w, ']');
        node_end(w);
        relationship(w, id, ev, "Contained_Within");
    }
    sqlite3_finalize(st);
    st = rpt_prep(r, "SELECT id, evidence_id, volume_id, type, offset, block_size, label FROM filesystems ORDER BY id");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        char id[64], fid[80], up[64];
        snprintf(id, sizeof id, "kb:filesystem-%lld", (long long)sqlite3_column_int64(st, 0));
        if (sqlite3_column_type(st, 2) == SQLITE_INTEGER)
            snprintf(up, sizeof up, "kb:partition-%lld", (long long)sqlite3_column_int64(st, 2));
        else
            snprintf(up, sizeof up, "kb:evidence-%lld", (long long)sqlite3_column_int64(st, 1));
        node_begin(w, id, "uco-observable:FileSystem");
        j_str(w, "uco-core:name", rpt_col(st, 6));
        j_key(w, "uco-core:hasFacet");
        j_open(w, '[');
        snprintf(fid, sizeof fid, "%s-fs", id);
        facet_begin(w, fid, "uco-observable:FileSystemFacet");
        j_str(w, "uco-observable:fileSystemType", rpt_col(st, 3));
        j_int(w, "uco-observable:clusterSize", st, 5);
        j_close(w, '}');
        j_close(w, ']');
        node_end(w);
        relationship(w, id, up, "Contained_Within");
    }
    sqlite3_finalize(st);
    return w->o->err ? DFT_EIO : DFT_OK;
}

static int write_files(cu *c)
{
    rpt *r = c->r;
    jw *w = &c->w;
    sqlite3_stmt *st = rpt_prep(r, "SELECT id, evidence_id, filesystem_id, path, name, type, size, allocated, mtime, atime,"
                                   " ctime, crtime, md5, sha1, sha256, mime, derived_from FROM files ORDER BY id");
    if (!st) return DFT_ERROR;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        char id[64], fid[80], up[64];
        snprintf(id, sizeof id, "kb:file-%lld", (long long)sqlite3_column_int64(st, 0));
        if (sqlite3_column_type(st, 16) == SQLITE_INTEGER)
            snprintf(up, sizeof up, "kb:file-%lld", (long long)sqlite3_column_int64(st, 16));
        else if (sqlite3_column_type(st, 2) == SQLITE_INTEGER)
            snprintf(up, sizeof up, "kb:filesystem-%lld", (long long)sqlite3_column_int64(st, 2));
        else
            snprintf(up, sizeof up, "kb:evidence-%lld", (long long)sqlite3_column_int64(st, 1));
        node_begin(w, id, "uco-observable:File");
        j_key(w, "uco-core:hasFacet");
        j_open(w, '[');
        snprintf(fid, sizeof fid, "%s-file", id);
        facet_begin(w, fid, "uco-observable:FileFacet");
        j_str(w, "uco-observable:fileName", rpt_col(st, 4));
        j_str(w, "uco-observable:filePath", rpt_col(st, 3));
        j_int(w, "uco-observable:sizeInBytes", st, 6);
        const char *type = rpt_col(st, 5);
        if (type) {
            j_key(w, "uco-observable:isDirectory");
            out_raw(w->o, type[0] == 'd' ? "true" : "false");
        }
        if (sqlite3_column_type(st, 7) == SQLITE_INTEGER)
            j_str(w, "uco-observable:allocationStatus", sqlite3_column_int(st, 7) ? "allocated" : "unallocated");
        j_time(w, "uco-observable:modifiedTime", rpt_col(st, 8));
        j_time(w, "uco-observable:accessedTime", rpt_col(st, 9));
        j_time(w, "uco-observable:metadataChangeTime", rpt_col(st, 10));
        j_time(w, "uco-observable:observableCreatedTime", rpt_col(st, 11));
        j_close(w, '}');
        if (type && type[0] == 'r') content_facet(w, id, st, 6, 12, rpt_col(st, 15));
        j_close(w, ']');
        node_end(w);
        relationship(w, id, up, sqlite3_column_type(st, 16) == SQLITE_INTEGER ? "Decoded_From" : "Contained_Within");
        if (w->o->err) break;
    }
    sqlite3_finalize(st);
    if (src != SQLITE_DONE && src != SQLITE_ROW) return dft_error_set(DFT_ERROR, "files: %s", sqlite3_errmsg(r->db));
    return w->o->err ? DFT_EIO : DFT_OK;
}

/* The observable a finding/message/... row was found in: its file, else its evidence item. */
static void container_of(sqlite3_stmt *st, int file_col, int ev_col, char out[64])
{
    if (sqlite3_column_type(st, file_col) == SQLITE_INTEGER)
        snprintf(out, 64, "kb:file-%lld", (long long)sqlite3_column_int64(st, file_col));
    else if (sqlite3_column_type(st, ev_col) == SQLITE_INTEGER)
        snprintf(out, 64, "kb:evidence-%lld", (long long)sqlite3_column_int64(st, ev_col));
    else
        out[0] = '\0';
}

static int write_findings(cu *c)
{
    rpt *r = c->r;
    jw *w = &c->w;
    sqlite3_stmt *st = rpt_prep(r, "SELECT id, file_id, evidence_id, kind, subkind, value, confidence, plugin, personal,"
                                   " offset, details FROM findings ORDER BY id");
    if (!st) return DFT_ERROR;
    while (sqlite3_step(st) == SQLITE_ROW) {
        char id[64], fid[80], in[64];
        snprintf(id, sizeof id, "kb:finding-%lld", (long long)sqlite3_column_int64(st, 0));
        const char *kind = rpt_col(st, 3) ? rpt_col(st, 3) : "?";
        const char *value = rpt_value(r, st, 5, rpt_column_class(r, "findings", "value", rpt_col(st, 8)));
        char *v = value ? strdup(value) : NULL;
        char desc[400];
        snprintf(desc, sizeof desc, "%s%s%s found by %s%s%s", kind, rpt_col(st, 4) ? "/" : "",
                 rpt_col(st, 4) ? rpt_col(st, 4) : "", rpt_col(st, 7) ? rpt_col(st, 7) : "?",
                 sqlite3_column_type(st, 9) == SQLITE_INTEGER ? " at offset " : "",
                 sqlite3_column_type(st, 9) == SQLITE_INTEGER ? rpt_col(st, 9) : "");
        if (!strcmp(kind, "crypto.address")) {
            node_begin(w, id, "uco-observable:DigitalAddress");
            j_str(w, "uco-core:description", desc);
            j_key(w, "uco-core:hasFacet");
            j_open(w, '[');
            snprintf(fid, sizeof fid, "%s-address", id);
            facet_begin(w, fid, "uco-observable:DigitalAddressFacet");
            j_str(w, "uco-observable:addressValue", v);
            j_str(w, "uco-observable:displayName", rpt_col(st, 4));
            j_close(w, '}');
            j_close(w, ']');
        } else {
            node_begin(w, id, "uco-observable:ObservableObject");
            j_str(w, "uco-core:name", v);
            j_str(w, "uco-core:description", desc);
            j_str(w, "uco-core:tag", kind);
        }
        node_end(w);
        free(v);
        container_of(st, 1, 2, in);
        if (in[0]) relationship(w, id, in, "Contained_Within");
        if (w->o->err) break;
    }
    sqlite3_finalize(st);
    return w->o->err ? DFT_EIO : DFT_OK;
}

static int write_messages(cu *c)
{
    rpt *r = c->r;
    jw *w = &c->w;
    sqlite3_stmt *st = rpt_prep(r, "SELECT id, file_id, evidence_id, app, account, sender, recipient, direction, sent_utc,"
                                   " body, source FROM messages ORDER BY id");
    if (!st) return DFT_ERROR;
    while (sqlite3_step(st) == SQLITE_ROW) {
        char id[64], fid[80], in[64], from[64] = "", to[64] = "", app[96] = "";
        snprintf(id, sizeof id, "kb:message-%lld", (long long)sqlite3_column_int64(st, 0));
        const char *a = rpt_col(st, 3) ? rpt_col(st, 3) : "unknown";
        app_ref(c, a, app);
        if (rpt_col(st, 5)) account_ref(c, a, rpt_col(st, 5), from);
        if (rpt_col(st, 6)) account_ref(c, a, rpt_col(st, 6), to);
        node_begin(w, id, "uco-observable:Message");
        j_key(w, "uco-core:hasFacet");
        j_open(w, '[');
        snprintf(fid, sizeof fid, "%s-message", id);
        facet_begin(w, fid, "uco-observable:MessageFacet");
        j_ref(w, "uco-observable:application", app);
        if (from[0]) j_ref(w, "uco-observable:from", from);
        if (to[0]) j_ref(w, "uco-observable:to", to);
        j_time(w, "uco-observable:sentTime", rpt_col(st, 8));
        j_str(w, "uco-observable:messageText", rpt_value(r, st, 9, rpt_column_class(r, "messages", "body", NULL)));
        j_str(w, "uco-observable:messageID", rpt_col(st, 10));
        j_close(w, '}');
        j_close(w, ']');
        node_end(w);
        container_of(st, 1, 2, in);
        if (in[0]) relationship(w, id, in, "Contained_Within");
        if (w->o->err) break;
    }
    sqlite3_finalize(st);
    return w->o->err ? DFT_EIO : DFT_OK;
}

static int write_calls(cu *c)
{
    rpt *r = c->r;
    jw *w = &c->w;
    sqlite3_stmt *st = rpt_prep(r, "SELECT id, file_id, evidence_id, app, account, counterpart, direction, start_utc,"
                                   " duration_s, status, media FROM calls ORDER BY id");
    if (!st) return DFT_ERROR;
    while (sqlite3_step(st) == SQLITE_ROW) {
        char id[64], fid[80], in[64], me[64] = "", other[64] = "", app[96] = "";
        snprintf(id, sizeof id, "kb:call-%lld", (long long)sqlite3_column_int64(st, 0));
        const char *a = rpt_col(st, 3) ? rpt_col(st, 3) : "unknown";
        app_ref(c, a, app);
        if (rpt_col(st, 4)) account_ref(c, a, rpt_col(st, 4), me);
        if (rpt_col(st, 5)) account_ref(c, a, rpt_col(st, 5), other);
        bool out = rpt_col(st, 6) && !strcmp(rpt_col(st, 6), "out");
        const char *from = out ? me : other, *to = out ? other : me;
        node_begin(w, id, "uco-observable:Call");
        j_key(w, "uco-core:hasFacet");
        j_open(w, '[');
        snprintf(fid, sizeof fid, "%s-call", id);
        facet_begin(w, fid, "uco-observable:CallFacet");
        j_ref(w, "uco-observable:application", app);
        if (from[0]) j_ref(w, "uco-observable:from", from);
        if (to[0]) j_ref(w, "uco-observable:to", to);
        j_time(w, "uco-observable:startTime", rpt_col(st, 7));
        j_int(w, "uco-observable:duration", st, 8);
        char type[64];
        snprintf(type, sizeof type, "%s %s %s", rpt_col(st, 6) ? rpt_col(st, 6) : "?",
                 rpt_col(st, 10) ? rpt_col(st, 10) : "", rpt_col(st, 9) ? rpt_col(st, 9) : "");
        j_str(w, "uco-observable:callType", type);
        j_close(w, '}');
        j_close(w, ']');
        node_end(w);
        container_of(st, 1, 2, in);
        if (in[0]) relationship(w, id, in, "Contained_Within");
        if (w->o->err) break;
    }
    sqlite3_finalize(st);
    return w->o->err ? DFT_EIO : DFT_OK;
}

static int write_contacts_persons(cu *c)
{
    rpt *r = c->r;
    jw *w = &c->w;
    sqlite3_stmt *st = rpt_prep(r, "SELECT id, app, name, phone, handle FROM contacts ORDER BY id");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        char acc[64];
        const char *a = rpt_col(st, 1) ? rpt_col(st, 1) : "unknown";
        if (rpt_col(st, 3)) account_ref(c, a, rpt_col(st, 3), acc);
        if (rpt_col(st, 4)) account_ref(c, a, rpt_col(st, 4), acc);
    }
    sqlite3_finalize(st);
    st = rpt_prep(r, "SELECT id, role, name, personal, nationality FROM persons ORDER BY id");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        char id[64], desc[200];
        snprintf(id, sizeof id, "kb:person-%lld", (long long)sqlite3_column_int64(st, 0));
        node_begin(w, id, "uco-identity:Person");
        const char *name = rpt_value(r, st, 2, rpt_column_class(r, "persons", "name", rpt_col(st, 3)));
        j_str(w, "uco-core:name", name);
        const char *nat = rpt_value(r, st, 4, rpt_column_class(r, "persons", "nationality", rpt_col(st, 3)));
        snprintf(desc, sizeof desc, "role: %s%s%s", rpt_col(st, 1) ? rpt_col(st, 1) : "unknown",
                 nat ? "; nationality: " : "", nat ? nat : "");
        j_str(w, "uco-core:description", desc);
        node_end(w);
    }
    sqlite3_finalize(st);
    return w->o->err ? DFT_EIO : DFT_OK;
}

/* runs.status in UCO's ActionStatusTypeVocab */
static const char *action_status(const char *s)
{
    if (!s) return "Unknown";
    if (!strncmp(s, "complete", 8) || !strcmp(s, "nothing new")) return "Complete/Finish";
    if (!strcmp(s, "failed")) return "Fail";
    if (!strcmp(s, "interrupted")) return "Error";
    if (!strcmp(s, "running")) return "Ongoing";
    return "Unknown";
}

/* One provenance record per evidence item: the item and everything extracted from it. */
static int write_provenance(cu *c)
{
    rpt *r = c->r;
    jw *w = &c->w;
    sqlite3_stmt *ev = rpt_prep(r, "SELECT id FROM evidence ORDER BY id");
    while (ev && sqlite3_step(ev) == SQLITE_ROW) {
        int64_t e = sqlite3_column_int64(ev, 0);
        char id[64], ref[64];
        snprintf(id, sizeof id, "kb:provenance-evidence-%lld", (long long)e);
        node_begin(w, id, "case-investigation:ProvenanceRecord");
        char ex[48];
        snprintf(ex, sizeof ex, "evidence %lld", (long long)e);
        j_str(w, "case-investigation:exhibitNumber", ex);
        j_key(w, "uco-core:object");
        j_open(w, '[');
        snprintf(ref, sizeof ref, "kb:evidence-%lld", (long long)e);
        j_sep(w);
        out_raw(w->o, "{\"@id\":");
        out_json(w->o, ref);
        out_raw(w->o, "}");
        sqlite3_stmt *st = rpt_prep(r,
            "SELECT 'kb:partition-' || id FROM volumes WHERE evidence_id = ?1"
            " UNION ALL SELECT 'kb:filesystem-' || id FROM filesystems WHERE evidence_id = ?1"
            " UNION ALL SELECT 'kb:file-' || id FROM files WHERE evidence_id = ?1"
            " UNION ALL SELECT 'kb:finding-' || id FROM findings WHERE evidence_id = ?1"
            " UNION ALL SELECT 'kb:message-' || id FROM messages WHERE evidence_id = ?1"
            " UNION ALL SELECT 'kb:call-' || id FROM calls WHERE evidence_id = ?1"
            " UNION ALL SELECT 'kb:person-' || id FROM persons WHERE evidence_id = ?1");
        if (st) sqlite3_bind_int64(st, 1, e);
        while (st && sqlite3_step(st) == SQLITE_ROW) {
            j_sep(w);
            out_raw(w->o, "\n{\"@id\":");
            out_json(w->o, rpt_col(st, 0));
            out_raw(w->o, "}");
        }
        sqlite3_finalize(st);
        j_close(w, ']');
        node_end(w);
    }
    sqlite3_finalize(ev);

    /* the runs: investigative actions */
    sqlite3_stmt *st = rpt_prep(r, "SELECT id, started_utc, ended_utc, status, coalesce(tool_version, '?') FROM runs ORDER BY id");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        int64_t run = sqlite3_column_int64(st, 0);
        char id[64], tool[128];
        snprintf(id, sizeof id, "kb:action-ingest-%lld", (long long)run);
        snprintf(tool, sizeof tool, "kb:tool-dftriage-%s", rpt_col(st, 4));
        for (char *p = tool + 3; *p; p++)
            if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-') *p = '_';
        node_begin(w, id, "case-investigation:InvestigativeAction");
        char name[64];
        snprintf(name, sizeof name, "dftriage ingest (run %lld)", (long long)run);
        j_str(w, "uco-core:name", name);
        j_time(w, "uco-action:startTime", rpt_col(st, 1));
        j_time(w, "uco-action:endTime", rpt_col(st, 2));
        j_str(w, "uco-action:actionStatus", action_status(rpt_col(st, 3)));
        j_ref(w, "uco-action:performer", "kb:examiner");
        j_ref(w, "uco-action:instrument", tool);
        sqlite3_stmt *items = rpt_prep(r, "SELECT id FROM evidence WHERE run_id = ?1 ORDER BY id");
        if (items) sqlite3_bind_int64(items, 1, run);
        rpt_strs ids = { 0 };
        while (items && sqlite3_step(items) == SQLITE_ROW) {
            char e[48];
            snprintf(e, sizeof e, "%lld", (long long)sqlite3_column_int64(items, 0));
            strs_add(&ids, e);
        }
        sqlite3_finalize(items);
        if (ids.n) {
            j_key(w, "uco-action:object");
            j_open(w, '[');
            for (size_t i = 0; i < ids.n; i++) {
                j_sep(w);
                out_fmt(w->o, "{\"@id\":\"kb:evidence-%s\"}", ids.v[i]);
            }
            j_close(w, ']');
            j_key(w, "uco-action:result");
            j_open(w, '[');
            for (size_t i = 0; i < ids.n; i++) {
                j_sep(w);
                out_fmt(w->o, "{\"@id\":\"kb:provenance-evidence-%s\"}", ids.v[i]);
            }
            j_close(w, ']');
        }
        strs_free(&ids);
        node_end(w);
    }
    sqlite3_finalize(st);

    /* the investigation */
    node_begin(w, "kb:investigation", "case-investigation:Investigation");
    j_str(w, "uco-core:name", r->case_number ? r->case_number : "(no case number)");
    j_str(w, "case-investigation:focus", "digital forensic triage");
    j_key(w, "uco-core:object");
    j_open(w, '[');
    j_sep(w);
    out_raw(w->o, "{\"@id\":\"kb:examiner\"}");
    st = rpt_prep(r, "SELECT 'kb:action-ingest-' || id FROM runs UNION ALL"
                     " SELECT 'kb:provenance-evidence-' || id FROM evidence");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        j_sep(w);
        out_raw(w->o, "{\"@id\":");
        out_json(w->o, rpt_col(st, 0));
        out_raw(w->o, "}");
    }
    sqlite3_finalize(st);
    j_close(w, ']');
    node_end(w);
    return w->o->err ? DFT_EIO : DFT_OK;
}

static const char context[] =
    "{\"@context\":{\n"
    "\"case-investigation\":\"https://ontology.caseontology.org/case/investigation/\",\n"
    "\"uco-action\":\"https://ontology.unifiedcyberontology.org/uco/action/\",\n"
    "\"uco-core\":\"https://ontology.unifiedcyberontology.org/uco/core/\",\n"
    "\"uco-identity\":\"https://ontology.unifiedcyberontology.org/uco/identity/\",\n"
    "\"uco-observable\":\"https://ontology.unifiedcyberontology.org/uco/observable/\",\n"
    "\"uco-tool\":\"https://ontology.unifiedcyberontology.org/uco/tool/\",\n"
    "\"uco-types\":\"https://ontology.unifiedcyberontology.org/uco/types/\",\n"
    "\"xsd\":\"http://www.w3.org/2001/XMLSchema#\",\n";

int rpt_caseuco_write(rpt *r, const char *file)
{
    rpt_out o;
    int rc = out_open(&o, file);
    if (rc) return rc;
    cu c = { .r = r, .w = { .o = &o } };
    if (dft_strmap_new(&c.accounts) || dft_strmap_new(&c.apps)) {
        dft_strmap_free(c.accounts);
        out_close(&o);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    /* kb: a URN of this case (hash of audit row 1: fixed at creation) */
    char kb[40] = "0000000000000000";
    sqlite3_stmt *st = rpt_prep(r, "SELECT hash FROM audit_log ORDER BY seq LIMIT 1");
    if (st && sqlite3_step(st) == SQLITE_ROW && rpt_col(st, 0) && is_hex(rpt_col(st, 0)))
        snprintf(kb, sizeof kb, "%.16s", rpt_col(st, 0));
    sqlite3_finalize(st);
    out_raw(&o, context);
    out_fmt(&o, "\"kb\":\"urn:dftriage:%s:\"},\n\"@graph\":[\n", kb);
    /* the first node: the report itself, as a provenance note (and the anchor for the ",\n" joins) */
    out_raw(&o, "{\"@id\":\"kb:report\",\"@type\":\"uco-core:UcoObject\",\"uco-core:name\":\"dftriage report\","
                "\"uco-core:description\":");
    char desc[512];
    snprintf(desc, sizeof desc, "Exported by dftriage %s from a case file of schema %d; integrity checks %s%s.",
             DFT_VERSION, r->schema_version, r->integrity_ok ? "passed" : "FAILED (exported with --force)",
             r->redact ? "; personal data replaced by pseudonyms" : "");
    out_json(&o, desc);
    out_raw(&o, "}");
    rc = write_core(&c);
    if (!rc) rc = write_files(&c);
    if (!rc) rc = write_findings(&c);
    if (!rc) rc = write_messages(&c);
    if (!rc) rc = write_calls(&c);
    if (!rc) rc = write_contacts_persons(&c);
    if (!rc) rc = write_provenance(&c);
    out_raw(&o, "\n]}\n");
    dft_strmap_free(c.accounts);
    dft_strmap_free(c.apps);
    int crc = out_close(&o);
    return rc ? rc : crc;
}
