/*
 * report_html.c - index.html of the HTML report (--html DIR): one self-contained offline page (inline
 * CSS and JavaScript, no external request; a Content-Security-Policy forbids any). The parts a reader
 * needs first are rendered here, in C, as plain HTML: integrity (audit chain, sealed rows, schema, the
 * chain head), case and examiner, evidence items with every hash, runs with tool and plugin versions,
 * summary counts. The large sections (conversations, crypto, persons, files ...) are data files under
 * data/ (report_html_data.c) that the inline viewer (report_viewer.c) pages, searches and draws.
 *
 * The generation time is on a line of its own (`<p class="generated">`): the only line that differs
 * between two reports of the same case.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "report_impl.h"
#include "store_merge.h"

static void th_row(rpt_out *o, const char *label, const char *value)
{
    out_raw(o, "<tr><th>");
    out_html(o, label);
    out_raw(o, "</th><td>");
    if (value) out_html(o, value);
    else out_raw(o, "<span class=\"null\">—</span>");
    out_raw(o, "</td></tr>\n");
}

static void hash_td(rpt_out *o, const char *h)
{
    out_raw(o, "<td class=\"hash\">");
    if (h) out_html(o, h);
    else out_raw(o, "<span class=\"null\">—</span>");
    out_raw(o, "</td>");
}

static void write_integrity(rpt *r, rpt_out *o)
{
    out_fmt(o, "<section id=\"integrity\" class=\"%s\">\n<h2>Integrity</h2>\n", r->integrity_ok ? "ok" : "bad");
    if (!r->integrity_ok)
        out_raw(o, "<p class=\"alarm\" id=\"integrity-failed\">INTEGRITY CHECK FAILED: this case file does not pass "
                   "the checks of <code>dftriage verify</code>. The report was written only because --force was "
                   "given. Do not rely on it without examining the failures below.</p>\n");
    out_raw(o, "<table class=\"kv\">\n");
    char line[256];
    if (r->chain_ok) snprintf(line, sizeof line, "OK (%lld rows)", (long long)r->audit_rows);
    th_row(o, "Audit chain", r->chain_ok ? line : NULL);
    if (!r->chain_ok) {
        out_raw(o, "<tr><th>Audit chain failure</th><td class=\"bad\">BROKEN: ");
        out_html(o, r->chain_msg ? r->chain_msg : "?");
        out_raw(o, "</td></tr>\n");
    }
    snprintf(line, sizeof line, "%lld:%s", (long long)r->head_seq, r->head_hash);
    out_raw(o, "<tr><th>Audit chain head</th><td class=\"hash\" id=\"chain-head\">");
    out_html(o, line);
    out_raw(o, "</td></tr>\n");
    th_row(o, "Schema", r->schema_ok ? "OK (matches the DDL of its version)" : r->schema_damage);
    snprintf(line, sizeof line, "%s", r->seals_ok ? "OK, recomputed from the rows now" : "CHANGED ROWS (see below)");
    th_row(o, "Sealed rows", line);
    out_raw(o, "</table>\n<ul class=\"seal-lines\">\n");
    for (size_t i = 0; i < r->seal_lines.n; i++) {
        out_raw(o, "<li>");
        out_html(o, r->seal_lines.v[i]);
        out_raw(o, "</li>\n");
    }
    out_raw(o, "</ul>\n");
    if (r->schema_version < 2)
        out_fmt(o, "<p>This case file has schema version %d; it was reported from a migrated temporary copy, the "
                   "file itself was not changed.</p>\n", r->schema_version);
    if (r->redact)
        out_raw(o, "<p class=\"redacted\" id=\"redaction-note\">REDACTED EDITION: names, phone numbers, handles, "
                   "passport and id numbers marked as personal data are replaced by pseudonyms "
                   "(NAME-…, PHONE-…, ID-…, HANDLE-…, VALUE-…). The same value has the same pseudonym everywhere "
                   "in this report.</p>\n");
    out_raw(o, "</section>\n");
}

static void write_case(rpt *r, rpt_out *o)
{
    out_raw(o, "<section id=\"case\">\n<h2>Case and examiner</h2>\n<table class=\"kv\">\n");
    th_row(o, "Case number", r->case_number);
    th_row(o, "Examiner", r->examiner);
    th_row(o, "Case time zone", r->time_zone);
    th_row(o, "Case created (UTC)", r->created_utc);
    th_row(o, "Case created by dftriage", r->tool_version);
    char v[32];
    snprintf(v, sizeof v, "%d", r->schema_version);
    th_row(o, "Case schema version", v);
    /* whether v_shared_identifiers reflects the case's rows (docs/merge.md "Generation") */
    dft_correlation_state cs;
    char line[400];
    if (dft_correlation_state_get(r->db, &cs) == DFT_OK) {
        dft_correlation_state_describe(&cs, line, sizeof line);
        th_row(o, "Cross-device correlation index", line);
    }
    th_row(o, "Report by", "dftriage " DFT_VERSION);
    out_raw(o, "</table>\n</section>\n");
}

/* The digest of the last evidence.seal of an item, from the audit log (NULL when none). */
static char *seal_digest(rpt *r, int64_t id)
{
    sqlite3_stmt *st = rpt_prep(r, "SELECT detail FROM audit_log WHERE action = 'evidence.seal'"
                                   " AND json_valid(detail) AND json_extract(detail, '$.evidence_id') = ?1"
                                   " ORDER BY seq DESC LIMIT 1");
    char *d = NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW && rpt_col(st, 0)) {
            json_error_t e;
            json_t *j = json_loads(rpt_col(st, 0), 0, &e);
            const char *s = json_string_value(json_object_get(j, "digest"));
            if (s) d = strdup(s);
            json_decref(j);
        }
    }
    sqlite3_finalize(st);
    return d;
}

/* The outcome of the item's seal check of this run ("evidence N sealed rows OK ..."), or NULL. */
static const char *seal_state(rpt *r, int64_t id)
{
    char prefix[64];
    int n = snprintf(prefix, sizeof prefix, "evidence %lld", (long long)id);
    const char *found = NULL;
    for (size_t i = 0; i < r->seal_lines.n; i++) {
        const char *l = r->seal_lines.v[i];
        if (strncmp(l, prefix, (size_t)n) == 0 && (l[n] == ' ' || l[n] == ':')) {
            if (!found || !strstr(l, "OK")) found = l;
        }
    }
    return found;
}

static void write_evidence(rpt *r, rpt_out *o)
{
    out_raw(o, "<section id=\"evidence\">\n<h2>Evidence items</h2>\n");
    sqlite3_stmt *st = rpt_prep(r, "SELECT id, path, kind, size, md5, sha1, sha256, stored_md5, stored_sha1,"
                                   " stored_match, status, added_utc, completed_utc, bad_bytes FROM evidence ORDER BY id");
    if (!st) return;
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        n++;
        int64_t id = sqlite3_column_int64(st, 0);
        out_fmt(o, "<div class=\"item\" id=\"evidence-%lld\"><h3>Evidence %lld: ", (long long)id, (long long)id);
        out_html(o, rpt_col(st, 1));
        out_raw(o, "</h3>\n<table class=\"kv\">\n");
        th_row(o, "Kind", rpt_col(st, 2));
        th_row(o, "Size (bytes)", rpt_col(st, 3));
        th_row(o, "Status", rpt_col(st, 10));
        th_row(o, "Added (UTC)", rpt_col(st, 11));
        th_row(o, "Completed (UTC)", rpt_col(st, 12));
        if (sqlite3_column_int64(st, 13) > 0) th_row(o, "Unreadable bytes (hashed as zeros)", rpt_col(st, 13));
        out_raw(o, "</table>\n<table class=\"hashes\"><tr><th>hash</th><th>computed</th><th>stored in the "
                   "container</th><th>match</th></tr>\n");
        const char *names[3] = { "MD5", "SHA-1", "SHA-256" };
        for (int h = 0; h < 3; h++) {
            out_fmt(o, "<tr><th>%s</th>", names[h]);
            hash_td(o, rpt_col(st, 4 + h));
            if (h < 2) {
                hash_td(o, rpt_col(st, 7 + h));
                const char *c = rpt_col(st, 4 + h), *s = rpt_col(st, 7 + h);
                out_raw(o, !s ? "<td>—</td>" : c && !strcmp(c, s) ? "<td class=\"ok\">verified</td>"
                                                                  : "<td class=\"bad\">MISMATCH</td>");
            } else {
                out_raw(o, "<td>—</td><td>—</td>");
            }
            out_raw(o, "</tr>\n");
        }
        out_raw(o, "</table>\n<table class=\"kv\">\n");
        int sm = sqlite3_column_type(st, 9) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 9);
        th_row(o, "Stored hashes at ingest", sm < 0 ? "none stored (not an E01, or none recorded)"
                                             : sm ? "verified: equal to the computed hashes" : "MISMATCH");
        char *digest = seal_digest(r, id);
        th_row(o, "Seal digest (evidence.seal)", digest);
        free(digest);
        th_row(o, "Sealed rows now", seal_state(r, id));
        out_raw(o, "</table>\n");
        /* partitions and file systems: the provenance chain of every file of the item */
        sqlite3_stmt *fs = rpt_prep(r, "SELECT fs.id, fs.type, fs.offset, fs.block_size, fs.label, v.slot, v.offset,"
                                       " v.length, v.description FROM filesystems fs LEFT JOIN volumes v ON"
                                       " v.id = fs.volume_id WHERE fs.evidence_id = ?1 ORDER BY fs.id");
        if (fs) {
            sqlite3_bind_int64(fs, 1, id);
            bool head = false;
            while (sqlite3_step(fs) == SQLITE_ROW) {
                if (!head) {
                    out_raw(o, "<table class=\"grid\"><tr><th>file system</th><th>type</th><th>offset</th>"
                               "<th>block size</th><th>label</th><th>partition slot</th><th>partition offset</th>"
                               "<th>length</th><th>description</th></tr>\n");
                    head = true;
                }
                out_raw(o, "<tr>");
                for (int c = 0; c < 9; c++) {
                    out_raw(o, "<td>");
                    out_html(o, rpt_col(fs, c));
                    out_raw(o, "</td>");
                }
                out_raw(o, "</tr>\n");
            }
            if (head) out_raw(o, "</table>\n");
        }
        sqlite3_finalize(fs);
        out_raw(o, "</div>\n");
    }
    sqlite3_finalize(st);
    if (!n) out_raw(o, "<p>No evidence in this case.</p>\n");
    /* the last verify run recorded in the audit log */
    sqlite3_stmt *v = rpt_prep(r, "SELECT utc, detail FROM audit_log WHERE action = 'verify' ORDER BY seq DESC LIMIT 1");
    if (v && sqlite3_step(v) == SQLITE_ROW) {
        out_raw(o, "<p>Last <code>dftriage verify</code> (re-hash of the evidence): ");
        out_html(o, rpt_col(v, 1));
        out_raw(o, " at ");
        out_html(o, rpt_col(v, 0));
        out_raw(o, " UTC.</p>\n");
    } else {
        out_raw(o, "<p>No <code>dftriage verify</code> run is recorded in the audit log.</p>\n");
    }
    sqlite3_finalize(v);
    out_raw(o, "</section>\n");
}

static void write_runs(rpt *r, rpt_out *o)
{
    out_raw(o, "<section id=\"runs\">\n<h2>Runs, tool and plugin versions</h2>\n<table class=\"grid\">"
               "<tr><th>run</th><th>started (UTC)</th><th>ended (UTC)</th><th>status</th><th>dftriage</th>"
               "<th>plugins</th><th>command line</th></tr>\n");
    sqlite3_stmt *st = rpt_prep(r, "SELECT id, started_utc, ended_utc, status, tool_version, plugins, command_line"
                                   " FROM runs ORDER BY id");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        out_raw(o, "<tr>");
        for (int c = 0; c < 5; c++) {
            out_raw(o, "<td>");
            out_html(o, rpt_col(st, c));
            out_raw(o, "</td>");
        }
        out_raw(o, "<td>");
        json_error_t e;
        json_t *pl = rpt_col(st, 5) ? json_loads(rpt_col(st, 5), 0, &e) : NULL;
        size_t i;
        json_t *p;
        json_array_foreach(pl, i, p)
        {
            if (i) out_raw(o, ", ");
            out_html(o, json_string_value(json_object_get(p, "name")));
            out_raw(o, " ");
            out_html(o, json_string_value(json_object_get(p, "version")));
        }
        json_decref(pl);
        out_raw(o, "</td><td class=\"cmd\">");
        out_html(o, rpt_col(st, 6));
        out_raw(o, "</td></tr>\n");
    }
    sqlite3_finalize(st);
    out_raw(o, "</table>\n</section>\n");
}

static void count_row(rpt *r, rpt_out *o, const char *label, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    int64_t n = rpt_count(r, sql);
    out_fmt(o, "<tr><th>%s</th><td class=\"num\" data-count=\"%s\">%lld</td></tr>\n", label, table, (long long)n);
}

static void write_summary(rpt *r, rpt_out *o)
{
    out_raw(o, "<section id=\"summary\">\n<h2>Summary counts</h2>\n<div class=\"cols\"><table class=\"kv\">\n");
    count_row(r, o, "Evidence items", "evidence");
    count_row(r, o, "Partitions", "volumes");
    count_row(r, o, "File systems", "filesystems");
    count_row(r, o, "Files", "files");
    count_row(r, o, "Findings", "findings");
    count_row(r, o, "Messages", "messages");
    count_row(r, o, "Calls", "calls");
    count_row(r, o, "Contacts", "contacts");
    count_row(r, o, "Wallets", "wallets");
    count_row(r, o, "Persons", "persons");
    count_row(r, o, "Links", "links");
    count_row(r, o, "Audit rows", "audit_log");
    out_raw(o, "</table>\n<table class=\"grid\"><tr><th>finding kind</th><th>subkind</th><th>count</th></tr>\n");
    sqlite3_stmt *st = rpt_prep(r, "SELECT kind, subkind, count(*) FROM findings GROUP BY kind, subkind ORDER BY kind, subkind");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        out_raw(o, "<tr><td>");
        out_html(o, rpt_col(st, 0));
        out_raw(o, "</td><td>");
        out_html(o, rpt_col(st, 1));
        out_fmt(o, "</td><td class=\"num\">%lld</td></tr>\n", (long long)sqlite3_column_int64(st, 2));
    }
    sqlite3_finalize(st);
    out_raw(o, "</table></div>\n</section>\n");
}

static const char csp[] = "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'; "
                          "img-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'";

int rpt_html_write(rpt *r, const char *dir)
{
    int rc = rpt_prepare_dir(dir, "--html");
    if (rc) return rc;
    char path[4200];
    snprintf(path, sizeof path, "%s/data", dir);
    mkdir(path, 0700);

    /* the data files first: index.html shows their counts */
    char *mbuf = NULL;
    size_t mlen = 0;
    rpt_out m = { 0 };
    if (!(m.f = open_memstream(&mbuf, &mlen))) return dft_error_set(DFT_ENOMEM, "out of memory");
    rpt_section_info secs[RPT_MAX_SECTIONS];
    size_t nsecs = 0;
    rc = rpt_html_data_write(r, dir, &m, secs, &nsecs);
    fclose(m.f);
    if (!rc && m.err) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    if (rc) {
        free(mbuf);
        return rc;
    }

    snprintf(path, sizeof path, "%s/index.html", dir);
    rpt_out o;
    if ((rc = out_open(&o, path)) != DFT_OK) {
        free(mbuf);
        return rc;
    }
    out_raw(&o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out_fmt(&o, "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n", csp);
    out_raw(&o, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link rel=\"icon\" href=\"data:,\">\n<title>dftriage report: case ");
    out_html(&o, r->case_number ? r->case_number : "(no number)");
    out_raw(&o, "</title>\n<style>\n");
    out_raw(&o, rpt_viewer_css);
    out_raw(&o, "</style>\n</head>\n<body>\n<header>\n<h1>Evidence report: case ");
    out_html(&o, r->case_number ? r->case_number : "(no number)");
    out_raw(&o, r->redact ? " <span class=\"tag\">REDACTED</span>" : "");
    out_raw(&o, "</h1>\n");
    out_fmt(&o, "<p class=\"generated\">Generated %s by dftriage %s</p>\n", r->generated, DFT_VERSION);
    out_raw(&o, "<p class=\"sub\">Times are UTC; the case time zone (");
    out_html(&o, r->time_zone);
    out_raw(&o, ") is shown beside them. Every item links to its provenance: evidence SHA-256, partition, file "
                "system, path, inode, offset and source row.</p>\n</header>\n<nav id=\"toc\">\n<a href=\"#integrity\">"
                "Integrity</a> <a href=\"#case\">Case</a> <a href=\"#evidence\">Evidence</a> <a href=\"#runs\">Runs</a>"
                " <a href=\"#summary\">Counts</a> <a href=\"#timeline\">Timeline</a> <a href=\"#graph\">Contacts"
                " graph</a>\n");
    for (size_t i = 0; i < nsecs; i++) {
        out_fmt(&o, "<a href=\"#sec-%s\">", secs[i].id);
        out_html(&o, secs[i].title);
        out_fmt(&o, " <span class=\"count\" data-section=\"%s\">%lld</span></a>\n", secs[i].id, (long long)secs[i].rows);
    }
    out_raw(&o, "</nav>\n<main>\n");
    write_integrity(r, &o);
    write_case(r, &o);
    write_evidence(r, &o);
    write_runs(r, &o);
    write_summary(r, &o);
    out_raw(&o, "<section id=\"timeline\"><h2>Activity per day</h2><p class=\"sub\">Files (modified), messages, "
                "calls and wallet/crypto findings per day (UTC).</p><div id=\"timeline-chart\" class=\"chart\">"
                "</div></section>\n<section id=\"graph\"><h2>Contact graph</h2><p class=\"sub\">Device accounts (left)"
                " and their counterparts (right); line width = messages + calls. Persons on a target list and possible"
                " trafficking victims are red.</p><div id=\"graph-chart\" class=\"chart\"></div></section>\n");
    for (size_t i = 0; i < nsecs; i++) {
        out_fmt(&o, "<section id=\"sec-%s\" class=\"data\" data-section=\"%s\"><h2>", secs[i].id, secs[i].id);
        out_html(&o, secs[i].title);
        out_fmt(&o, " <span class=\"count\">%lld</span></h2><div class=\"body\">%s</div></section>\n",
                (long long)secs[i].rows, secs[i].rows ? "<p class=\"sub\">Loading…</p>" : "<p class=\"sub\">None.</p>");
    }
    out_raw(&o, "</main>\n<script type=\"application/json\" id=\"dft-manifest\">");
    out_rawn(&o, mbuf, mlen);
    free(mbuf);
    out_raw(&o, "</script>\n<script>\n");
    out_raw(&o, rpt_viewer_js);
    out_raw(&o, "</script>\n</body>\n</html>\n");
    return out_close(&o);
}
