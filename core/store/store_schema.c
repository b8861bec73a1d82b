/*
 * store_schema.c - the case file schema (docs/case-file.md; contract in ARCHITECTURE.md "Case file"),
 * the migration of older case files, and the check that an existing file is a dftriage case.
 *
 * The schema is built as history: version 1's DDL, then each version's delta. A new case runs them
 * all; a case of an older version runs the deltas it lacks (store_schema_migrate). So a migrated file
 * and a new one have the same tables, columns in the same order, indexes, views and triggers.
 *
 * Invariants:
 *  1. Contract tables and columns are never renamed or dropped; new ones are added (and a new
 *     schema version with a migration when existing files need them).
 *  2. application_id = 0x44465454 ('DFTT') marks a case file; user_version = DFT_SCHEMA_VERSION.
 *     A file with another application id is refused, one with a newer user_version too.
 *  3. No foreign keys are declared as enforced constraints: ids are chosen by the pipeline and
 *     inserts must stay fast; consistency is the writer's job (and purge's).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "store_impl.h"
#include "store_correlate.h"

#define DFT_APPLICATION_ID 0x44465454 /* 'DFTT' */

/* Version 1: what the triage core shipped with. Never edited: later versions are deltas. */
static const char schema_v1[] =
    "CREATE TABLE case_info(\n"
    "  key TEXT PRIMARY KEY,\n"
    "  value TEXT);\n"

    "CREATE TABLE runs(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  started_utc TEXT, ended_utc TEXT, status TEXT,\n"
    "  command_line TEXT, options TEXT, plugins TEXT, tool_version TEXT, summary TEXT);\n"

    "CREATE TABLE evidence(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  run_id INTEGER, path TEXT, kind TEXT, size INTEGER,\n"
    "  md5 TEXT, sha1 TEXT, sha256 TEXT,\n"
    "  stored_md5 TEXT, stored_sha1 TEXT, stored_match INTEGER,\n"
    "  added_utc TEXT, completed_utc TEXT, fingerprint TEXT, status TEXT,\n"
    "  bad_bytes INTEGER, parts TEXT);\n"

    "CREATE TABLE evidence_meta(\n"
    "  evidence_id INTEGER, key TEXT, value TEXT);\n"

    "CREATE TABLE volumes(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  evidence_id INTEGER, scheme TEXT, slot INTEGER, offset INTEGER, length INTEGER,\n"
    "  description TEXT, flags TEXT);\n"

    "CREATE TABLE filesystems(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  evidence_id INTEGER, volume_id INTEGER, type TEXT, offset INTEGER,\n"
    "  block_size INTEGER, block_count INTEGER, label TEXT, uuid TEXT);\n"

    "CREATE TABLE files(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  evidence_id INTEGER, filesystem_id INTEGER, parent_id INTEGER,\n"
    "  path TEXT, name TEXT, device_path TEXT, archive_path TEXT,\n"
    "  meta_addr INTEGER, meta_seq INTEGER, attr_type INTEGER, attr_id INTEGER, stream TEXT,\n"
    "  type TEXT, size INTEGER, allocated INTEGER,\n"
    "  mtime TEXT, atime TEXT, ctime TEXT, crtime TEXT,\n"
    "  mode INTEGER, uid INTEGER, gid INTEGER, nlink INTEGER, link_target TEXT,\n"
    "  md5 TEXT, sha1 TEXT, sha256 TEXT, hash_status TEXT, content_of INTEGER,\n"
    "  mime TEXT, magic TEXT, error TEXT, extra TEXT);\n"

    "CREATE TABLE unallocated(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  evidence_id INTEGER, filesystem_id INTEGER, volume_id INTEGER,\n"
    "  offset INTEGER, length INTEGER, kind TEXT);\n"

    "CREATE TABLE findings(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  evidence_id INTEGER, file_id INTEGER, plugin TEXT, kind TEXT, subkind TEXT, value TEXT,\n"
    "  offset INTEGER, length INTEGER, confidence REAL, details TEXT);\n"

    "CREATE TABLE messages(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  file_id INTEGER, plugin TEXT, app TEXT, account TEXT, thread TEXT,\n"
    "  sender TEXT, recipient TEXT, direction TEXT, sent_utc TEXT, body TEXT,\n"
    "  attachment TEXT, deleted INTEGER, source TEXT);\n"

    "CREATE TABLE contacts(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  file_id INTEGER, plugin TEXT, app TEXT, name TEXT, phone TEXT, handle TEXT);\n"

    "CREATE TABLE wallets(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  file_id INTEGER, plugin TEXT, kind TEXT, chain TEXT, encrypted INTEGER, details TEXT);\n"

    "CREATE TABLE persons(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  file_id INTEGER, plugin TEXT, role TEXT, name TEXT, phone TEXT, nationality TEXT,\n"
    "  passport TEXT, amount TEXT, details TEXT);\n"

    "CREATE TABLE audit_log(\n"
    "  seq INTEGER PRIMARY KEY,\n"
    "  utc TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL,\n"
    "  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);\n"
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\n"
    "  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;\n"
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log\n"
    "  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;\n"

    /* Indexes for examiners' lookups (and purge). */
    "CREATE INDEX files_sha256 ON files(sha256);\n"
    "CREATE INDEX files_md5 ON files(md5);\n"
    "CREATE INDEX files_path ON files(path);\n"
    "CREATE INDEX files_name ON files(name);\n"
    "CREATE INDEX files_evidence_parent ON files(evidence_id, parent_id);\n"
    "CREATE INDEX files_mime ON files(mime);\n"
    "CREATE INDEX findings_kind ON findings(kind, subkind);\n"
    "CREATE INDEX findings_file ON findings(file_id);\n"
    "CREATE INDEX findings_value ON findings(value);\n"
    "CREATE INDEX findings_evidence ON findings(evidence_id);\n"
    "CREATE INDEX messages_file ON messages(file_id);\n"
    "CREATE INDEX messages_app ON messages(app);\n"
    "CREATE INDEX contacts_file ON contacts(file_id);\n"
    "CREATE INDEX wallets_file ON wallets(file_id);\n"
    "CREATE INDEX persons_role ON persons(role);\n"
    "CREATE INDEX persons_file ON persons(file_id);\n"
    "CREATE INDEX evidence_sha256 ON evidence(sha256);\n"
    "CREATE INDEX evidence_fingerprint ON evidence(fingerprint);\n"
    "CREATE INDEX evidence_meta_evidence ON evidence_meta(evidence_id);\n"
    "CREATE INDEX volumes_evidence ON volumes(evidence_id);\n"
    "CREATE INDEX filesystems_evidence ON filesystems(evidence_id);\n"
    "CREATE INDEX unallocated_evidence ON unallocated(evidence_id);\n"

    /* Views for examiners' SQL: the traceability chain of every finding. */
    "CREATE VIEW v_findings AS SELECT\n"
    "  fi.id AS finding_id, fi.plugin, fi.kind, fi.subkind, fi.value, fi.offset, fi.length,\n"
    "  fi.confidence, fi.details,\n"
    "  e.id AS evidence_id, e.path AS evidence_path, e.sha256 AS evidence_sha256,\n"
    "  v.id AS volume_id, v.slot AS volume_slot, v.offset AS volume_offset,\n"
    "  fs.id AS filesystem_id, fs.type AS filesystem_type, fs.offset AS filesystem_offset,\n"
    "  f.id AS file_id, f.path AS file_path, f.meta_addr AS file_meta_addr,\n"
    "  f.allocated AS file_allocated, f.sha256 AS file_sha256\n"
    "  FROM findings fi\n"
    "  LEFT JOIN files f ON f.id = fi.file_id\n"
    "  LEFT JOIN evidence e ON e.id = fi.evidence_id\n"
    "  LEFT JOIN filesystems fs ON fs.id = f.filesystem_id\n"
    "  LEFT JOIN volumes v ON v.id = fs.volume_id;\n"
    "CREATE VIEW v_messages AS SELECT\n"
    "  m.*, f.path AS file_path, f.meta_addr AS file_meta_addr, f.sha256 AS file_sha256,\n"
    "  e.id AS evidence_id, e.sha256 AS evidence_sha256\n"
    "  FROM messages m\n"
    "  LEFT JOIN files f ON f.id = m.file_id\n"
    "  LEFT JOIN evidence e ON e.id = f.evidence_id;\n"
    "CREATE VIEW v_files AS SELECT\n"
    "  f.*, e.path AS evidence_path, e.sha256 AS evidence_sha256,\n"
    "  fs.type AS filesystem_type, fs.offset AS filesystem_offset\n"
    "  FROM files f\n"
    "  LEFT JOIN evidence e ON e.id = f.evidence_id\n"
    "  LEFT JOIN filesystems fs ON fs.id = f.filesystem_id;\n";


/* Version 2 (plugin platform v2): calls, links, derived files, typed rows owned by their evidence item,
 * provenance of findings (unallocated region, decoded content) and persons, personal-data marks, the
 * case time zone. Adds, never renames (ARCHITECTURE.md). */
static const char schema_v2_delta[] =
    "ALTER TABLE files ADD COLUMN derived_from INTEGER;\n"
    "ALTER TABLE files ADD COLUMN transform TEXT;\n"
    "ALTER TABLE files ADD COLUMN derivation TEXT;\n"

    "ALTER TABLE findings ADD COLUMN personal TEXT;\n"
    "ALTER TABLE findings ADD COLUMN region_id INTEGER;\n"
    "ALTER TABLE findings ADD COLUMN media_offset INTEGER;\n"
    "ALTER TABLE findings ADD COLUMN decoded_path TEXT;\n"
    "ALTER TABLE findings ADD COLUMN decoded_offset INTEGER;\n"

    "ALTER TABLE messages ADD COLUMN evidence_id INTEGER;\n"
    "ALTER TABLE messages ADD COLUMN thread_title TEXT;\n"
    "ALTER TABLE messages ADD COLUMN offset INTEGER;\n"
    "ALTER TABLE messages ADD COLUMN details TEXT;\n"

    "ALTER TABLE contacts ADD COLUMN evidence_id INTEGER;\n"
    "ALTER TABLE contacts ADD COLUMN account TEXT;\n"
    "ALTER TABLE contacts ADD COLUMN source TEXT;\n"
    "ALTER TABLE contacts ADD COLUMN details TEXT;\n"

    "ALTER TABLE wallets ADD COLUMN evidence_id INTEGER;\n"
    "ALTER TABLE wallets ADD COLUMN address TEXT;\n"
    "ALTER TABLE wallets ADD COLUMN source TEXT;\n"

    "ALTER TABLE persons ADD COLUMN evidence_id INTEGER;\n"
    "ALTER TABLE persons ADD COLUMN source TEXT;\n"
    "ALTER TABLE persons ADD COLUMN personal TEXT;\n"

    "CREATE TABLE calls(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  evidence_id INTEGER, file_id INTEGER, plugin TEXT, app TEXT, account TEXT,\n"
    "  counterpart TEXT, counterpart_name TEXT, direction TEXT, status TEXT, media TEXT,\n"
    "  start_utc TEXT, duration_s INTEGER, deleted INTEGER, source TEXT, details TEXT);\n"

    "CREATE TABLE links(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  evidence_id INTEGER, file_id INTEGER, plugin TEXT,\n"
    "  from_table TEXT, from_id INTEGER, relation TEXT, to_table TEXT, to_id INTEGER, details TEXT);\n"

    "CREATE INDEX files_derived ON files(derived_from);\n"
    "CREATE INDEX findings_region ON findings(region_id);\n"
    "CREATE INDEX messages_evidence ON messages(evidence_id);\n"
    "CREATE INDEX contacts_evidence ON contacts(evidence_id);\n"
    "CREATE INDEX wallets_evidence ON wallets(evidence_id);\n"
    "CREATE INDEX persons_evidence ON persons(evidence_id);\n"
    "CREATE INDEX calls_file ON calls(file_id);\n"
    "CREATE INDEX calls_evidence ON calls(evidence_id);\n"
    "CREATE INDEX links_from ON links(from_table, from_id);\n"
    "CREATE INDEX links_to ON links(to_table, to_id);\n"
    "CREATE INDEX links_evidence ON links(evidence_id);\n"

    "DROP VIEW v_findings;\n"
    "CREATE VIEW v_findings AS SELECT\n"
    "  fi.id AS finding_id, fi.plugin, fi.kind, fi.subkind, fi.value, fi.offset, fi.length,\n"
    "  fi.confidence, fi.details, fi.personal,\n"
    "  fi.region_id, fi.media_offset, fi.decoded_path, fi.decoded_offset,\n"
    "  e.id AS evidence_id, e.path AS evidence_path, e.sha256 AS evidence_sha256,\n"
    "  v.id AS volume_id, v.slot AS volume_slot, v.offset AS volume_offset,\n"
    "  fs.id AS filesystem_id, fs.type AS filesystem_type, fs.offset AS filesystem_offset,\n"
    "  f.id AS file_id, f.path AS file_path, f.meta_addr AS file_meta_addr,\n"
    "  f.allocated AS file_allocated, f.sha256 AS file_sha256\n"
    "  FROM findings fi\n"
    "  LEFT JOIN files f ON f.id = fi.file_id\n"
    /* a case-level finding about a file (case pass) keeps evidence_id NULL; its file names the item */
    "  LEFT JOIN evidence e ON e.id = coalesce(fi.evidence_id, f.evidence_id)\n"
    "  LEFT JOIN unallocated u ON u.id = fi.region_id\n"
    "  LEFT JOIN filesystems fs ON fs.id = coalesce(f.filesystem_id, u.filesystem_id)\n"
    "  LEFT JOIN volumes v ON v.id = coalesce(fs.volume_id, u.volume_id);\n"
    "DROP VIEW v_messages;\n"
    "CREATE VIEW v_messages AS SELECT\n"
    "  m.*, f.path AS file_path, f.meta_addr AS file_meta_addr, f.sha256 AS file_sha256,\n"
    "  e.sha256 AS evidence_sha256\n"
    "  FROM messages m\n"
    "  LEFT JOIN files f ON f.id = m.file_id\n"
    "  LEFT JOIN evidence e ON e.id = coalesce(m.evidence_id, f.evidence_id);\n"
    "CREATE VIEW v_calls AS SELECT\n"
    "  c.*, f.path AS file_path, f.meta_addr AS file_meta_addr, f.sha256 AS file_sha256,\n"
    "  e.sha256 AS evidence_sha256\n"
    "  FROM calls c\n"
    "  LEFT JOIN files f ON f.id = c.file_id\n"
    "  LEFT JOIN evidence e ON e.id = coalesce(c.evidence_id, f.evidence_id);\n"
    /* A link with both ends named: the file each end row came from, when it has one. */
    "CREATE VIEW v_links AS SELECT\n"
    "  l.id AS link_id, l.evidence_id, l.plugin, l.relation, l.details,\n"
    "  l.from_table, l.from_id, l.to_table, l.to_id,\n"
    "  l.file_id, f.path AS file_path, e.sha256 AS evidence_sha256\n"
    "  FROM links l\n"
    "  LEFT JOIN files f ON f.id = l.file_id\n"
    "  LEFT JOIN evidence e ON e.id = l.evidence_id;\n";

/* Version 3 (scale-out, docs/merge.md): the shards merged into the case, the cross-device identifier
 * index and its view, and the indexes of the correlation and provenance queries. Neither new table has an
 * evidence_id or file_id column: they are not sealed rows (merged_shards is traced by the audit rows
 * "merge.shard", identifier_occurrences is rebuilt from sealed rows by every merge/correlate and its count
 * audited as "correlate"). */
static const char schema_v3_delta[] =
    "CREATE TABLE merged_shards(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  shard_uuid TEXT NOT NULL, path TEXT, case_number TEXT, examiner TEXT, chain_head TEXT,\n"
    "  seals TEXT, evidence TEXT, rows TEXT, merged_utc TEXT, run_id INTEGER);\n"
    "CREATE INDEX merged_shards_uuid ON merged_shards(shard_uuid);\n"

    "CREATE TABLE identifier_occurrences(\n"
    "  kind TEXT NOT NULL, value TEXT NOT NULL, evidence_item INTEGER,\n"
    "  source_table TEXT NOT NULL, source_id INTEGER NOT NULL, source_column TEXT);\n"
    DFT_CORRELATE_INDEX_DDL

    "CREATE INDEX links_file ON links(file_id);\n"
    "CREATE INDEX findings_evidence_kind ON findings(evidence_id, kind);\n"

    /* identifiers seen in two or more evidence items */
    "CREATE VIEW v_shared_identifiers AS SELECT\n"
    "  kind, value, count(DISTINCT evidence_item) AS evidence_items, count(*) AS occurrences\n"
    "  FROM identifier_occurrences WHERE evidence_item IS NOT NULL\n"
    "  GROUP BY kind, value HAVING count(DISTINCT evidence_item) >= 2;\n"
    /* each occurrence of a shared identifier, with its evidence item and the row it is in */
    "CREATE VIEW v_shared_occurrences AS SELECT\n"
    "  o.kind, o.value, s.evidence_items, o.evidence_item AS evidence_id, e.path AS evidence_path,\n"
    "  e.sha256 AS evidence_sha256, o.source_table, o.source_id, o.source_column\n"
    "  FROM identifier_occurrences o\n"
    "  JOIN v_shared_identifiers s ON s.kind = o.kind AND s.value = o.value\n"
    "  LEFT JOIN evidence e ON e.id = o.evidence_item;\n";

/* Fills the evidence_id of version-1 typed rows from their file, for the migration. */
static const char schema_v2_backfill[] =
    "UPDATE messages SET evidence_id = (SELECT evidence_id FROM files WHERE files.id = messages.file_id);\n"
    "UPDATE contacts SET evidence_id = (SELECT evidence_id FROM files WHERE files.id = contacts.file_id);\n"
    "UPDATE wallets SET evidence_id = (SELECT evidence_id FROM files WHERE files.id = wallets.file_id);\n"
    "UPDATE persons SET evidence_id = (SELECT evidence_id FROM files WHERE files.id = persons.file_id);\n";

/* The deltas in order: deltas[v] turns a version v file into version v+1. */
static const char *const deltas[] = { NULL, schema_v2_delta, schema_v3_delta };

int store_schema_create_upto(dft_store *s, int version)
{
    if (version < 1 || version > DFT_SCHEMA_VERSION)
        return dft_error_set(DFT_EUNSUPPORTED, "no case schema version %d", version);
    int rc = store_exec(s, schema_v1);
    for (int v = 1; !rc && v < version; v++) {
        rc = store_exec(s, deltas[v]);
        if (!rc && v == 1) rc = store_exec(s, store_seal_ddl);
    }
    return rc;
}

int store_schema_create(dft_store *s)
{
    int rc = store_schema_create_upto(s, DFT_SCHEMA_VERSION);
    if (!rc) rc = store_exec(s, "INSERT OR REPLACE INTO case_info(key, value) VALUES ('time_zone', 'UTC')");
    if (rc) return rc;
    char pragmas[128];
    snprintf(pragmas, sizeof pragmas, "PRAGMA application_id=%d; PRAGMA user_version=%d;",
             DFT_APPLICATION_ID, DFT_SCHEMA_VERSION);
    return store_exec(s, pragmas);
}

static int pragma_int(dft_store *s, const char *sql, int64_t *out)
{
    sqlite3_stmt *st = NULL;
    int src = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (src == SQLITE_OK) src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return DFT_OK;
    }
    int code = sqlite3_errcode(s->db);
    sqlite3_finalize(st);
    if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
        return dft_error_set(DFT_ECORRUPT, "%s is not a dftriage case file (not an SQLite database)",
                             s->path);
    return store_sqlite_error(s, "open");
}

int store_schema_check(dft_store *s, bool *empty)
{
    int64_t app_id = 0, version = 0, tables = 0;
    int rc = pragma_int(s, "PRAGMA application_id", &app_id);
    if (!rc) rc = pragma_int(s, "PRAGMA user_version", &version);
    if (!rc) rc = pragma_int(s, "SELECT count(*) FROM sqlite_master", &tables);
    if (rc) return rc;
    *empty = false;
    if (app_id == 0 && version == 0 && tables == 0) {
        *empty = true;
        return DFT_OK;
    }
    if (app_id != DFT_APPLICATION_ID)
        return dft_error_set(DFT_ECORRUPT, "%s is not a dftriage case file", s->path);
    if (version > DFT_SCHEMA_VERSION)
        return dft_error_set(DFT_EUNSUPPORTED,
                             "%s has case schema version %lld, newer than this dftriage supports (%d)",
                             s->path, (long long)version, DFT_SCHEMA_VERSION);
    if (version < 1)
        return dft_error_set(DFT_ECORRUPT, "%s is not a dftriage case file (schema version %lld)",
                             s->path, (long long)version);
    return DFT_OK;
}

/* Seals every complete item of a migrated case (they completed before sealing existed). */
static int seal_migrated(dft_store *s)
{
    int64_t *ids = NULL;
    size_t n = 0;
    int rc = dft_store_evidence_complete_ids(s, &ids, &n);
    for (size_t i = 0; !rc && i < n; i++) rc = dft_store_seal_evidence(s, ids[i], "sealed at migration to schema 2");
    /* version-1 rows that belong to no item (a typed row without a file) are case-level: sealed too */
    if (!rc) rc = dft_store_seal_case(s, 0);
    free(ids);
    return rc;
}

int store_schema_migrate(dft_store *s)
{
    int64_t version = 0;
    int rc = pragma_int(s, "PRAGMA user_version", &version);
    if (rc || version >= DFT_SCHEMA_VERSION) return rc;
    rc = store_exec(s, "BEGIN IMMEDIATE");
    if (rc) return rc;
    for (int64_t v = version; !rc && v < DFT_SCHEMA_VERSION; v++) {
        rc = store_exec(s, deltas[v]);
        if (!rc && v == 1) rc = store_exec(s, schema_v2_backfill);
        if (!rc && v == 1) rc = store_exec(s, store_seal_ddl);
        if (!rc && v == 1)
            rc = store_exec(s, "INSERT OR IGNORE INTO case_info(key, value) VALUES ('time_zone', 'UTC')");
    }
    char sql[160], detail[128];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d; UPDATE case_info SET value = '%d' WHERE key = 'schema_version';",
             DFT_SCHEMA_VERSION, DFT_SCHEMA_VERSION);
    if (!rc) rc = store_exec(s, sql);
    snprintf(detail, sizeof detail, "case schema %lld -> %d", (long long)version, DFT_SCHEMA_VERSION);
    if (!rc) rc = dft_store_audit(s, "schema.migrate", detail);
    if (!rc && version < 2) rc = seal_migrated(s);
    return store_txn_end(s, true, rc);
}
