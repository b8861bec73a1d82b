#!/usr/bin/env bash
# merged_decoded_path.sh LOCAL_WORKDIR - provenance of findings in decoded content after a merge:
# findings.decoded_path starts with "file N" (docs/case-file.md), N a files.id of the case. In the
# merged case left by batch_local, every such N must point to the same file (path, meta_addr,
# stream, evidence) as in the single-process ingest and in the shard. The batch tests compare rows
# with those ids aside; this test compares what they point to, so a merge that copies decoded_path
# without remapping its id fails here, by name.
set -euo pipefail
W=${1:?usage: $0 LOCAL_WORKDIR}
HERE=$(cd "$(dirname "$0")" && pwd)
for f in "$W/single.db" "$W/case.db"; do [ -f "$f" ] || { echo "FAIL: $f missing (batch_local did not run)" >&2; exit 1; }; done
python3 "$HERE/case_dump.py" "$W/single.db" | grep 'decoded_path=.file ' >"$W/decoded_single.txt" || true
python3 "$HERE/case_dump.py" "$W/case.db" | grep 'decoded_path=.file ' >"$W/decoded_merged.txt" || true
python3 "$HERE/case_dump.py" "$W"/case.db.shards/*.db | grep 'decoded_path=.file ' >"$W/decoded_shards.txt" || true
n=$(wc -l <"$W/decoded_single.txt")
[ "$n" -gt 0 ] || { echo "FAIL: the reference ingest has no finding in decoded content" >&2; exit 1; }
rc=0
cmp -s "$W/decoded_single.txt" "$W/decoded_shards.txt" && echo "ok: shards: $n decoded_path files as in the single ingest" ||
    { echo "FAIL: shards' decoded_path files differ from the single ingest" >&2; rc=1; }
if cmp -s "$W/decoded_single.txt" "$W/decoded_merged.txt"; then
    echo "ok: merged case: $n decoded_path files as in the single ingest"
else
    diff "$W/decoded_single.txt" "$W/decoded_merged.txt" | grep -o "decoded_path='[^']*'" | head -6 >&2
    echo "FAIL: merged case: findings.decoded_path 'file N' points to another file than in the shard (the merge does not remap the id in decoded_path)" >&2
    rc=1
fi
[ $rc -eq 0 ] && echo PASS
exit $rc
