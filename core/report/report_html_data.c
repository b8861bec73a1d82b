/*
 * report_html_data.c - the data files of the HTML report: data/<section>-<n>.js, each a call
 * DFT.chunk("section", n, [[row], ...]) of at most CHUNK rows, and data/prov.js, the provenance of
 * every file a row points to (evidence sha256, partition, file system, path, inode). Browsers block
 * fetch() of file:// pages, so data comes as scripts loaded by <script src> when a page of a section
 * is shown (report_viewer.c): a 1,000,000-message case opens as fast as a small one.
 *
 * Rows are streamed from SQLite to the files (one row in memory at a time); only the timeline (one
 * entry per day) and the contact graph (its heaviest MAX_EDGES edges) are aggregated in memory.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "error.h"
#include "report_impl.h"

#define CHUNK 500         /* rows per data file: ~120 KB of messages, parsed in a few ms */
#define MAX_EDGES 200     /* contact graph: the heaviest edges */
#define MAX_FLAGGED 10000 /* target-list phones/names compared with counterparts */

#define FINDING_COLS                                                                                           \
    "SELECT id, evidence_id, file_id, plugin, kind, subkind, value, offset, length, confidence, details, personal," \
    " region_id, media_offset, decoded_path FROM findings "

typedef struct section_def {
    const char *id, *title, *group, *table, *sql;
    bool running_start; /* threads: add the index of the thread's first message in the messages section */
} section_def;

static const section_def sections[] = {
    { "threads", "Conversations", "Conversations", "messages",
      "SELECT app, account, thread, max(thread_title) AS thread_title, count(*) AS count, min(sent_utc) AS first_utc,"
      " max(sent_utc) AS last_utc FROM messages GROUP BY app, account, thread ORDER BY app, account, thread", true },
    { "messages", "All messages", "Conversations", "messages",
      "SELECT id, evidence_id, file_id, app, account, thread, thread_title, sender, recipient, direction, sent_utc,"
      " body, attachment, deleted, source, offset FROM messages ORDER BY app, account, thread, sent_utc, id", false },
    { "calls", "Calls", "Conversations", "calls",
      "SELECT id, evidence_id, file_id, app, account, counterpart, counterpart_name, direction, status, media,"
      " start_utc, duration_s, deleted, source FROM calls ORDER BY start_utc, id", false },
    { "contacts", "Contacts", "Conversations", "contacts",
      "SELECT id, evidence_id, file_id, app, account, name, phone, handle, source FROM contacts ORDER BY id", false },
    { "chats", "Chat databases", "Conversations", "findings",
      FINDING_COLS "WHERE kind IN ('chat.database', 'chat.export') ORDER BY id", false },
    { "addresses", "Crypto addresses", "Crypto", "findings",
      "SELECT subkind AS chain, value AS address, count(*) AS count, count(DISTINCT file_id) AS files,"
      " min(id) AS finding_id, min(file_id) AS file_id, min(evidence_id) AS evidence_id, max(confidence) AS confidence"
      " FROM findings WHERE kind = 'crypto.address' GROUP BY subkind, value ORDER BY subkind, value", false },
    { "secrets", "Seeds, private keys, extended keys", "Crypto", "findings",
      FINDING_COLS "WHERE kind IN ('crypto.seed', 'crypto.private_key', 'crypto.xkey') ORDER BY id", false },
    { "wallets", "Wallets", "Crypto", "wallets",
      "SELECT id, evidence_id, file_id, plugin, kind, chain, encrypted, address, details, source FROM wallets"
      " ORDER BY id", false },
    { "walletfindings", "Wallet files and rollups", "Crypto", "findings",
      FINDING_COLS "WHERE kind IN ('crypto.wallet', 'crypto.rollup') ORDER BY id", false },
    { "persons", "Persons", "Persons", "persons",
      "SELECT id, evidence_id, file_id, role, name, phone, nationality, passport, amount, details, source, personal,"
      " CASE WHEN json_valid(details) AND json_extract(details, '$.possible_trafficking_victim') THEN 1 ELSE 0 END"
      " AS victim FROM persons ORDER BY CASE role WHEN 'target' THEN 0 WHEN 'worker' THEN 1 ELSE 2 END, id", false },
    { "scripts", "Scam scripts", "Trafficking and fraud", "findings",
      FINDING_COLS "WHERE kind = 'script.scam' ORDER BY id", false },
    { "trafficking", "Trafficking indicators", "Trafficking and fraud", "findings",
      FINDING_COLS "WHERE kind IN ('tip.indicator', 'id.passport', 'roster.table') ORDER BY id", false },
    { "findings", "Other findings", "Findings", "findings",
      FINDING_COLS "WHERE kind NOT IN ('chat.database', 'chat.export', 'crypto.address', 'crypto.seed',"
      " 'crypto.private_key', 'crypto.xkey', 'crypto.wallet', 'crypto.rollup', 'script.scam', 'tip.indicator',"
      " 'id.passport', 'roster.table', 'evidence.warning') ORDER BY id", false },
    { "files", "Files", "Files", "files",
      "SELECT f.id, f.evidence_id, f.path, f.type, f.size, f.allocated, f.mtime, f.atime, f.ctime, f.crtime,"
      " f.meta_addr, f.sha256, f.md5, f.mime, fs.type AS fs_type, fs.offset AS fs_offset, v.slot AS vol_slot,"
      " v.offset AS vol_offset, f.derived_from, f.transform, f.hash_status, f.error FROM files f"
      " LEFT JOIN filesystems fs ON fs.id = f.filesystem_id LEFT JOIN volumes v ON v.id = fs.volume_id ORDER BY f.id",
      false },
    { "warnings", "Warnings", "Warnings", "findings", FINDING_COLS "WHERE kind = 'evidence.warning' ORDER BY id", false },
};

/* Removes the data files of an earlier report in the same folder (only *.js: ours). */
static void clear_data(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n > 3 && !strcmp(e->d_name + n - 3, ".js")) {
            char p[4200];
            if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, e->d_name) < sizeof p) unlink(p);
        }
    }
    closedir(d);
}

static void write_value(rpt *r, rpt_out *o, sqlite3_stmt *st, int col, const char *table, const char *personal)
{
    rpt_field cls = rpt_column_class(r, table, sqlite3_column_name(st, col), personal);
    if (cls == RF_NONE || sqlite3_column_type(st, col) == SQLITE_NULL) out_json_col(o, st, col);
    else out_json(o, rpt_value(r, st, col, cls));
}

/* One section: its chunks, and its manifest entry. */
static int write_section(rpt *r, const char *dir, const section_def *s, rpt_out *m, int64_t *rows_out)
{
    sqlite3_stmt *st = rpt_prep(r, s->sql);
    if (!st) return DFT_ERROR;
    int ncol = sqlite3_column_count(st), personal = -1;
    for (int i = 0; i < ncol; i++)
        if (!strcmp(sqlite3_column_name(st, i), "personal")) personal = i;
    int64_t rows = 0, start = 0;
    int chunk = -1, rc = DFT_OK, src;
    rpt_out o = { 0 };
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        if (rows % CHUNK == 0) {
            if (chunk >= 0) {
                out_raw(&o, "\n]);\n");
                if ((rc = out_close(&o))) break;
            }
            chunk++;
            char path[4200];
            snprintf(path, sizeof path, "%s/data/%s-%d.js", dir, s->id, chunk);
            if ((rc = out_open(&o, path))) break;
            out_fmt(&o, "DFT.chunk(\"%s\",%d,[\n", s->id, chunk);
        } else {
            out_raw(&o, ",\n");
        }
        const char *pers = personal >= 0 ? rpt_col(st, personal) : NULL;
        out_raw(&o, "[");
        for (int i = 0; i < ncol; i++) {
            if (i) out_raw(&o, ",");
            write_value(r, &o, st, i, s->table, pers);
        }
        if (s->running_start) {
            out_fmt(&o, ",%lld", (long long)start);
            start += sqlite3_column_int64(st, 4);
        }
        out_raw(&o, "]");
        rows++;
    }
    if (!rc && src != SQLITE_DONE) rc = dft_error_set(DFT_ERROR, "section %s: %s", s->id, sqlite3_errmsg(r->db));
    if (chunk >= 0) {
        out_raw(&o, "\n]);\n");
        int crc = out_close(&o);
        if (!rc) rc = crc;
    }
    if (!rc) {
        out_fmt(m, "{\"id\":\"%s\",\"title\":", s->id);
        out_json(m, s->title);
        out_raw(m, ",\"group\":");
        out_json(m, s->group);
        out_fmt(m, ",\"table\":\"%s\",\"rows\":%lld,\"chunk\":%d,\"chunks\":%d,\"columns\":[", s->table,
                (long long)rows, CHUNK, chunk + 1);
        for (int i = 0; i < ncol; i++) {
            if (i) out_raw(m, ",");
            out_json(m, sqlite3_column_name(st, i));
        }
        if (s->running_start) out_raw(m, ",\"start\"");
        out_raw(m, "]}");
    }
    sqlite3_finalize(st);
    *rows_out = rows;
    return rc;
}

/* data/prov.js: evidence items and every file a non-file row points to. */
static int write_prov(rpt *r, const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/data/prov.js", dir);
    rpt_out o;
    int rc = out_open(&o, path);
    if (rc) return rc;
    out_raw(&o, "DFT.prov({\"e\":{");
    sqlite3_stmt *st = rpt_prep(r, "SELECT id, sha256, path, kind FROM evidence ORDER BY id");
    for (int n = 0; st && sqlite3_step(st) == SQLITE_ROW; n++) {
        out_fmt(&o, "%s\n\"%lld\":[", n ? "," : "", (long long)sqlite3_column_int64(st, 0));
        for (int i = 1; i < 4; i++) {
            if (i > 1) out_raw(&o, ",");
            out_json_col(&o, st, i);
        }
        out_raw(&o, "]");
    }
    sqlite3_finalize(st);
    out_raw(&o, "},\n\"f\":{");
    st = rpt_prep(r, "SELECT f.id, f.evidence_id, f.path, f.meta_addr, fs.type, fs.offset, v.slot, v.offset, f.sha256,"
                     " f.allocated FROM files f LEFT JOIN filesystems fs ON fs.id = f.filesystem_id"
                     " LEFT JOIN volumes v ON v.id = fs.volume_id WHERE f.id IN (SELECT file_id FROM findings"
                     " UNION SELECT file_id FROM messages UNION SELECT file_id FROM calls UNION SELECT file_id FROM"
                     " contacts UNION SELECT file_id FROM wallets UNION SELECT file_id FROM persons) ORDER BY f.id");
    int src = SQLITE_DONE;
    for (int n = 0; st && (src = sqlite3_step(st)) == SQLITE_ROW; n++) {
        out_fmt(&o, "%s\n\"%lld\":[", n ? "," : "", (long long)sqlite3_column_int64(st, 0));
        for (int i = 1; i < 10; i++) {
            if (i > 1) out_raw(&o, ",");
            out_json_col(&o, st, i);
        }
        out_raw(&o, "]");
    }
    if (!st || src != SQLITE_DONE) rc = dft_error_set(DFT_ERROR, "provenance: %s", sqlite3_errmsg(r->db));
    sqlite3_finalize(st);
    out_raw(&o, "}});\n");
    int crc = out_close(&o);
    return rc ? rc : crc;
}

/* Activity per day (UTC): files by modification time, messages, calls, wallet/crypto findings (dated by
 * the message they were found in, else their file's modification time). */
static int write_timeline(rpt *r, rpt_out *m)
{
    sqlite3_stmt *st = rpt_prep(r,
        "SELECT d, sum(f), sum(m), sum(c), sum(w) FROM ("
        " SELECT substr(mtime, 1, 10) AS d, 1 AS f, 0 AS m, 0 AS c, 0 AS w FROM files WHERE type = 'r'"
        " UNION ALL SELECT substr(sent_utc, 1, 10), 0, 1, 0, 0 FROM messages"
        " UNION ALL SELECT substr(start_utc, 1, 10), 0, 0, 1, 0 FROM calls"
        " UNION ALL SELECT substr(coalesce((SELECT min(ms.sent_utc) FROM links l JOIN messages ms ON ms.id = l.to_id"
        "   WHERE l.from_table = 'findings' AND l.from_id = fd.id AND l.relation = 'found_in' AND l.to_table = 'messages'),"
        "   fi.mtime), 1, 10), 0, 0, 0, 1 FROM findings fd LEFT JOIN files fi ON fi.id = fd.file_id"
        "   WHERE fd.kind LIKE 'crypto.%')"
        " WHERE d GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' GROUP BY d ORDER BY d");
    if (!st) return DFT_ERROR;
    out_raw(m, "\"timeline\":[");
    for (int n = 0; sqlite3_step(st) == SQLITE_ROW; n++) {
        out_raw(m, n ? ",\n[" : "\n[");
        for (int i = 0; i < 5; i++) {
            if (i) out_raw(m, ",");
            out_json_col(m, st, i);
        }
        out_raw(m, "]");
    }
    sqlite3_finalize(st);
    out_raw(m, "]");
    return DFT_OK;
}

/* digits of s, when it has 7..15 of them and nothing but phone punctuation before an '@' */
static bool phone_digits(const char *s, char out[20])
{
    if (!s) return false;
    if (!strncmp(s, "tel:", 4)) s += 4;
    size_t n = 0;
    for (const char *p = s; *p && *p != '@'; p++) {
        if (isdigit((unsigned char)*p)) {
            if (n >= 16) return false;
            out[n++] = *p;
        } else if (!strchr("+ -.()", *p)) {
            return false;
        }
    }
    out[n] = '\0';
    return n >= 7;
}

/* The contact graph: device accounts and their counterparts, edge weight = messages + calls. A
 * counterpart whose phone (digits) or name is that of a person on a target list, or of a possible
 * trafficking victim, is flagged. */
static int write_graph(rpt *r, rpt_out *m)
{
    rpt_strs flagged = { 0 };
    sqlite3_stmt *p = rpt_prep(r, "SELECT phone, name FROM persons WHERE role = 'target' OR (json_valid(details)"
                                  " AND json_extract(details, '$.possible_trafficking_victim')) ORDER BY id");
    while (p && sqlite3_step(p) == SQLITE_ROW && flagged.n < MAX_FLAGGED) {
        char d[20];
        if (phone_digits(rpt_col(p, 0), d)) strs_add(&flagged, d);
        if (rpt_col(p, 1) && strlen(rpt_col(p, 1)) >= 3) {
            char *low = strdup(rpt_col(p, 1));
            if (low) {
                for (char *c = low; *c; c++) *c = (char)tolower((unsigned char)*c);
                strs_add(&flagged, low);
                free(low);
            }
        }
    }
    sqlite3_finalize(p);
    sqlite3_stmt *st = rpt_prep(r,
        "SELECT a, cp, sum(n) AS w, max(nm) FROM ("
        " SELECT coalesce(account, app || ' (device)') AS a,"
        "  CASE WHEN direction = 'out' THEN recipient ELSE sender END AS cp, 1 AS n, thread_title AS nm FROM messages"
        " UNION ALL SELECT coalesce(account, app || ' (device)'), counterpart, 1, counterpart_name FROM calls)"
        " WHERE cp IS NOT NULL AND cp <> '' AND a IS NOT NULL GROUP BY a, cp ORDER BY w DESC, a, cp LIMIT " "200");
    if (!st) {
        strs_free(&flagged);
        return DFT_ERROR;
    }
    out_raw(m, "\"graph\":[");
    for (int n = 0; sqlite3_step(st) == SQLITE_ROW; n++) {
        const char *cp = rpt_col(st, 1), *nm = rpt_col(st, 3);
        char d[20];
        bool flag = false;
        bool isphone = phone_digits(cp, d);
        for (size_t i = 0; i < flagged.n && !flag; i++) {
            if (isphone && !strcmp(flagged.v[i], d)) flag = true;
            if (nm && !strcasecmp(flagged.v[i], nm)) flag = true;
            if (cp && !strcasecmp(flagged.v[i], cp)) flag = true;
        }
        out_raw(m, n ? ",\n[" : "\n[");
        rpt_field cls = r->redact ? RF_HANDLE : RF_NONE;
        out_json(m, rpt_value(r, st, 0, cls));
        out_raw(m, ",");
        out_json(m, rpt_value(r, st, 1, cls));
        out_fmt(m, ",%lld,%d]", (long long)sqlite3_column_int64(st, 2), flag ? 1 : 0);
    }
    sqlite3_finalize(st);
    strs_free(&flagged);
    out_raw(m, "]");
    return DFT_OK;
}

int rpt_html_data_write(rpt *r, const char *dir, rpt_out *m, rpt_section_info *secs, size_t *nsecs)
{
    char data[4200];
    snprintf(data, sizeof data, "%s/data", dir);
    clear_data(data);
    *nsecs = 0;
    out_raw(m, "{\"time_zone\":");
    out_json(m, r->time_zone);
    out_fmt(m, ",\"redacted\":%s,\"sections\":[", r->redact ? "true" : "false");
    int rc = DFT_OK;
    for (size_t i = 0; i < sizeof sections / sizeof sections[0] && !rc; i++) {
        if (i) out_raw(m, ",\n");
        int64_t rows = 0;
        rc = write_section(r, dir, &sections[i], m, &rows);
        secs[*nsecs] = (rpt_section_info){ sections[i].id, sections[i].title, sections[i].group, rows };
        (*nsecs)++;
    }
    out_raw(m, "],\n");
    if (!rc) rc = write_timeline(r, m);
    out_raw(m, ",\n");
    if (!rc) rc = write_graph(r, m);
    out_raw(m, "}");
    if (!rc) rc = write_prov(r, dir);
    return rc;
}
