#!/usr/bin/env python3
"""case_content.py CASE.db - the rows of every evidence item of a case, ids aside, one line each, sorted.

Row ids and id columns are replaced by what they name: an evidence item by its fingerprint, a file by
(evidence fingerprint, path, meta_addr), another row by its table and its own content. Ingest-time columns
(evidence added/completed time, run) and case-level rows (no evidence item) are left out. Two cases with the
same evidence content print the same lines, whichever process and ids made them (tests/merge).
"""
import json
import re
import sqlite3
import sys

TABLES = ["evidence", "evidence_meta", "volumes", "filesystems", "files", "unallocated", "findings",
          "messages", "contacts", "wallets", "persons", "calls", "links"]
REFS = {"evidence_id": "evidence", "file_id": "files", "parent_id": "files", "content_of": "files",
        "derived_from": "files", "volume_id": "volumes", "filesystem_id": "filesystems", "region_id": "unallocated"}
SKIP = {"id", "run_id", "added_utc", "completed_utc"}

db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
cols = {t: [r[1] for r in db.execute("PRAGMA table_info(%s)" % t)] for t in TABLES}
rows = {t: {r[0]: dict(zip(cols[t], r[1:])) for r in db.execute(
    "SELECT rowid, * FROM %s" % t)} for t in TABLES}
memo = {}


def key(table, rid, depth=0):
    """What row rid of table is, without ids."""
    if rid is None or rid <= 0:
        return None
    k = (table, rid)
    if k in memo:
        return memo[k]
    r = rows[table].get(rid)
    if r is None:
        return "missing:%s:%s" % k
    if table == "evidence":
        v = "evidence:" + str(r["fingerprint"])
    elif table == "files":
        v = "file:%s:%s:%s" % (key("evidence", r["evidence_id"]), r["path"], r["meta_addr"])
    else:
        v = table + ":" + content(table, r, depth + 1)
    memo[k] = v
    return v


def content(table, r, depth=0):
    out = {}
    for c, v in r.items():
        if c in SKIP:
            continue
        if c in REFS:
            v = key(REFS[c], v, depth) if depth < 4 else None
        elif c == "decoded_path" and isinstance(v, str) and depth < 4:
            # "file N → ...", "slack of file N", "region N": the row the decoded content came from
            v = re.sub(r"^(slack of file|file|region) (\d+)",
                       lambda m: key("unallocated" if m.group(1) == "region" else "files", int(m.group(2)), depth),
                       v)
        elif table == "links" and c in ("from_id", "to_id"):
            t = r["from_table" if c == "from_id" else "to_table"]
            v = key(t, v, depth) if t in rows and depth < 4 else v
        out[c] = v
    return json.dumps(out, sort_keys=True, ensure_ascii=False)


def item_of(table, r):
    if table == "evidence":
        return r["fingerprint"]
    e = r.get("evidence_id")
    if e is None and r.get("file_id"):
        f = rows["files"].get(r["file_id"])
        e = f and f["evidence_id"]
    return rows["evidence"][e]["fingerprint"] if e in rows["evidence"] else None


lines = []
for t in TABLES:
    for rid, r in rows[t].items():
        item = item_of(t, r)
        if item is None:
            continue
        lines.append("%s\t%s\t%s" % (item, t, content(t, r)))
for line in sorted(lines):
    print(line)
