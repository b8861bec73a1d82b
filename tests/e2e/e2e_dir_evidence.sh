#!/usr/bin/env bash
# e2e_dir_evidence - a directory as logical evidence: every regular file recorded with the
# sha256 that sha256sum gives, and no regular file invented.
source "$(dirname "$0")/lib.sh"

CASE=$WORK/case.db
SRC=$TI/logical
must_ingest "$CASE" "$SRC" --case-number DIR-1
kind=$(q "$CASE" "SELECT kind FROM evidence")
[ "$kind" = dir ] && ok "evidence.kind = dir" || softfail "evidence.kind = '$kind', expected dir"

n=0
while IFS= read -r rel; do
    want=$(sha256sum "$SRC/$rel" | cut -d' ' -f1)
    size=$(stat -c %s "$SRC/$rel")
    got=$(q "$CASE" "SELECT sha256 || ' ' || size FROM files WHERE path = $(sqlq "/$rel")")
    [ "$got" = "$want $size" ] || softfail "/$rel: files has '$got', expected '$want $size'"
    n=$((n + 1))
done < <(cd "$SRC" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
[ $n -ge 8 ] || fail "fixture: only $n files in $SRC"
ok "$n files compared with sha256sum"

m=$(q "$CASE" "SELECT count(*) FROM files WHERE type = 'r'")
[ "$m" -eq $n ] && ok "$m regular files recorded" || softfail "$m regular files recorded, $n on disk"
d=$(q "$CASE" "SELECT count(*) FROM files WHERE type = 'd'")
dn=$(cd "$SRC" && find . -mindepth 1 -type d | wc -l)
[ "$d" -ge "$dn" ] || softfail "$d directories recorded, $dn on disk"
# Manifest ground truth for the logical tree agrees as well.
while IFS=$'\t' read -r image fs path sha del; do
    [ "$image" = logical ] || continue
    got=$(q "$CASE" "SELECT sha256 FROM files WHERE path = $(sqlq "$path")")
    [ "$got" = "$sha" ] || softfail "manifest $path: '$got' != $sha"
done < <(tail -n +2 "$TI/manifest.tsv")
# Evidence files stay untouched (read-only): the tree hashes as before.
finish
