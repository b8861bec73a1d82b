# common.sh - shared by the batch tests (sourced after tests/e2e/lib.sh): the six evidence items and
# the single-process reference ingest they are compared with.
HERE_BATCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# six items, every evidence kind a raid brings: ext4/FAT/NTFS images, a directory, a tar and a zip
# phone extraction (chat databases in them give typed rows: messages, contacts)
EVIDENCE=("$TI/ext4.img" "$TI/fat32.img" "$TI/ntfs.img" "$TI/logical" "$TI/phone/android.tar" "$TI/phone/ios.zip")
for e in "${EVIDENCE[@]}"; do [ -e "$e" ] || fail "test evidence missing: $e"; done
CASE_ARGS=(--case-number BATCH-14 --examiner "Test Examiner")

# single_ingest DB: the reference, all six items in one process
single_ingest() {
    must_ingest "$1" "${EVIDENCE[@]}" "${CASE_ARGS[@]}" --no-progress
}

# dump DB...: rows per evidence item, ids aside ("file N" in decoded_path too: see full_dump)
dump() { python3 "$HERE_BATCH/case_dump.py" --ids-aside "$@"; }
# full_dump DB...: the same, with the file a decoded_path's "file N" points to
full_dump() { python3 "$HERE_BATCH/case_dump.py" "$@"; }

# same_rows NAME REF.txt DB...: the dump of DB... equals REF.txt
same_rows() {
    local name=$1 ref=$2
    shift 2
    if ! dump "$@" >"$WORK/$name.txt"; then
        softfail "$name: cannot read $*"
        return 0
    fi
    if cmp -s "$ref" "$WORK/$name.txt"; then
        ok "$name: $(wc -l <"$ref") rows equal the single-process ingest"
    else
        diff "$ref" "$WORK/$name.txt" | head -20 >&2
        softfail "$name: rows differ from the single-process ingest"
    fi
}

# expected plan order: largest first (a directory counts its regular files), ties by path
expected_order() {
    local e
    for e in "${EVIDENCE[@]}"; do
        local p s
        p=$(realpath "$e")
        if [ -d "$p" ]; then s=$(find "$p" -type f -printf '%s\n' | awk '{ t += $1 } END { print t + 0 }')
        else s=$(stat -c %s "$p"); fi
        printf '%s\t%s\n' "$s" "$p"
    done | sort -t$'\t' -k1,1nr -k2,2 | cut -f2
}

# plan_order PLAN: evidence paths in plan order
plan_order() {
    python3 -c 'import json,sys; [print(t["evidence"]) for t in json.load(open(sys.argv[1]))["tasks"]]' "$1"
}
