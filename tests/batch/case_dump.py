#!/usr/bin/env python3
"""case_dump.py [--ids-aside] CASE.db... - the rows of each evidence item of one or more case files, as sorted
text with the case's own ids left out, so a merged case, its shards and a single-process ingest of
the same evidence can be compared with diff (tests/batch).

Every table with an evidence_id column is dumped: id columns (id, *_id, parent_id, content_of,
derived_from, run_id, from_id, to_id) are dropped; evidence_id becomes the evidence sha256 and
file_id the file's path (with meta_addr and stream, which tell apart same-path rows); evidence
rows keep kind, size and hashes; per-run columns (added/completed time) are dropped. Rows with no
evidence item (case-level rows) are not dumped: they are not "rows per evidence item".
Several case files are dumped as one (shards together), sorted.
--ids-aside: "file N" in decoded_path becomes "file #" instead of the path it points to (the id's
referent is then not compared: tests/batch/merged_decoded_path.sh compares it on its own).
"""
import re
import sqlite3
import sys

SKIP = {"id", "parent_id", "content_of", "derived_from", "run_id", "from_id", "to_id", "region_id",
        "added_utc", "completed_utc", "fingerprint"}


def dump(path, out, ids_aside):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    ev = {r[0]: r[1] for r in db.execute("SELECT id, sha256 FROM evidence")}
    files, file_ev = {}, {}
    for r in db.execute("SELECT id, path, meta_addr, stream, evidence_id FROM files"):
        files[r[0]] = "%s#%s#%s" % (r[1], r[2], r[3])
        file_ev[r[0]] = r[4]

    def file_ref(m):
        return "file #" if ids_aside else "file " + files.get(int(m.group(1)), "?")
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for t in tables:
        cols = [r[1] for r in db.execute("SELECT * FROM pragma_table_info(?)", (t,))]
        if t == "evidence":
            for r in db.execute("SELECT kind, size, md5, sha1, sha256, stored_md5, stored_sha1, status FROM evidence"):
                out.append("evidence|" + "|".join(repr(v) for v in r))
            continue
        if "evidence_id" not in cols or t.startswith("seal_"):
            continue
        keep = [c for c in cols if c not in SKIP and (not c.endswith("_id") or c in ("evidence_id", "file_id"))]
        for r in db.execute("SELECT %s FROM \"%s\"" % (", ".join('"%s"' % c for c in keep), t)):
            row = dict(zip(keep, r))
            if row.get("evidence_id") is None:
                row["evidence_id"] = file_ev.get(row.get("file_id"))
            if row["evidence_id"] is None:
                continue
            vals = []
            for c in keep:
                v = row[c]
                if c == "evidence_id":
                    v = ev.get(v, "?")
                elif c == "file_id" and v is not None:
                    v = files.get(v, "?")
                elif c == "decoded_path" and isinstance(v, str):
                    v = re.sub(r"\bfile (\d+)", file_ref, v)
                vals.append("%s=%r" % (c, v))
            out.append(t + "|" + "|".join(vals))
    db.close()


def main():
    args = sys.argv[1:]
    ids_aside = bool(args) and args[0] == "--ids-aside"
    if ids_aside:
        args = args[1:]
    if not args:
        sys.stderr.write(__doc__)
        return 2
    out = []
    for p in args:
        dump(p, out, ids_aside)
    out.sort()
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
