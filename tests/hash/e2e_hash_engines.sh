#!/usr/bin/env bash
# e2e_hash_engines - the file digests do not depend on the hash engine (issue 15): ingests of a
# generated directory of many small files (batched, multi-buffer lanes), large ones of 1-7 MiB
# (read together by lane readers, chunks sharing lanes, the tail handed back to OpenSSL; two with
# the same content, a hard link to one), an empty file and a hard link, of an ext4 image of large
# files cut short (some read partially: partial digests must agree too), and of disk_mbr.raw, with
# --hash-engine openssl, auto and every engine the CPU runs, give identical files rows (ids, md5,
# sha1, sha256, hash_status, error, ...) and media hashes; every regular file's digests equal
# Python hashlib's; the lane engines really read large files together (the ingest says how many);
# runs.options records the engine asked for and the one used; an unknown engine is refused.
source "$(dirname "$0")/../e2e/lib.sh"

SRC=$WORK/tree
python3 - "$SRC" <<'PY'
import os, random, sys
root = sys.argv[1]
rnd = random.Random(15)
for d in range(8):
    os.makedirs(f"{root}/d{d}", exist_ok=True)
# 600 small files across the batch edges: 0..300 KiB, many around block/padding edges
for i in range(600):
    r = rnd.random()
    n = rnd.choice([0, 1, 55, 56, 63, 64, 65, 119, 120, 128]) if r < 0.2 else \
        rnd.randrange(0, 8192) if r < 0.8 else rnd.randrange(0, 300 * 1024)
    data = rnd.randbytes(min(n, 4096))
    data = (data * (n // max(len(data), 1) + 1))[:n] if n else b""
    with open(f"{root}/d{i % 8}/f{i:04d}.bin", "wb") as f:
        f.write(data)
# larger than the batch limit (1 MiB): hashed by OpenSSL as read
for i, n in enumerate([1 << 20, (1 << 20) + 1, 3 * 1000 * 1000 + 17]):
    with open(f"{root}/big{i}.bin", "wb") as f:
        f.write(rnd.randbytes(4096) * (n // 4096) + b"x" * (n % 4096))
# large files read together in lanes: sizes around chunk (1 MiB) and block edges, largest 7 MiB
os.makedirs(f"{root}/large", exist_ok=True)
for i, n in enumerate([(1 << 20) + 63, 3 << 20, (2 << 20) + 1, 2500 * 1000, (5 << 20) - 64, 7 << 20,
                       (3 << 19) + 65, 4 * 1000 * 1000 + 1]):
    blk = rnd.randbytes(1 << 16)
    with open(f"{root}/large/L{i}.bin", "wb") as f:
        f.write((blk * (n // len(blk) + 1))[:n])
with open(f"{root}/large/L1.bin", "rb") as f:
    same = f.read()
with open(f"{root}/large/L1copy.bin", "wb") as f:
    f.write(same)
os.link(f"{root}/large/L4.bin", f"{root}/large/L4link.bin")
open(f"{root}/empty", "wb").close()
os.link(f"{root}/d0/f0000.bin", f"{root}/hardlink.bin")
PY

# an ext4 image of large files, cut short: files whose blocks lie past the cut are read partially
CUTSRC=$WORK/cutsrc
mkdir -p "$CUTSRC"
for i in 0 1 2 3 4 5; do head -c $(( (i + 1) * 1048576 + i * 4097 + 1 )) "$SRC/large/L5.bin" >"$CUTSRC/c$i.bin"; done
cp "$SRC/large/L3.bin" "$CUTSRC/c6.bin"
have_mke2fs=1
mke2fs -q -F -t ext4 -b 4096 -O ^has_journal -E root_owner=0:0 -d "$CUTSRC" "$WORK/cut.ext4" 40M >/dev/null 2>&1 || have_mke2fs=0
[ "$have_mke2fs" = 1 ] && truncate -s 16M "$WORK/cut.ext4"

engines="openssl auto"
for e in avx2 avx512; do
    if grep -qw "${e/avx512/avx512bw}" /proc/cpuinfo 2>/dev/null; then engines="$engines $e"; fi
done

cols="id, parent_id, path, name, type, size, md5, sha1, sha256, hash_status, content_of, mime, error"
for e in $engines; do
    for ev in tree cut "$TI/disk_mbr.raw"; do
        [ "$ev" = tree ] && ev=$SRC
        if [ "$ev" = cut ]; then [ "$have_mke2fs" = 1 ] || continue; ev=$WORK/cut.ext4; fi
        tag=$(basename "$ev")
        must_ingest "$WORK/$e.$tag.db" "$ev" --threads 2 --hash-engine "$e"
        cp "$WORK/last.err" "$WORK/$e.$tag.err"
        q "$WORK/$e.$tag.db" "SELECT $cols FROM files ORDER BY id" >"$WORK/$e.$tag.files"
        q "$WORK/$e.$tag.db" "SELECT md5, sha1, sha256 FROM evidence" >"$WORK/$e.$tag.media"
    done
    opt=$(q "$WORK/$e.tree.db" "SELECT json_extract(options, '$.hash_engine') || ' ' ||
                                       json_extract(options, '$.hash_engine_used') FROM runs")
    case "$e:$opt" in
        openssl:"openssl openssl" | avx2:"avx2 avx2" | avx512:"avx512 avx512" | auto:"auto "*) ok "runs.options: $opt" ;;
        *) softfail "--hash-engine $e: runs.options records '$opt'" ;;
    esac
done

tags="tree disk_mbr.raw"
[ "$have_mke2fs" = 1 ] && tags="$tags cut.ext4" || echo "mke2fs -d unavailable: the cut ext4 image is skipped" >&2
for e in $engines; do
    # the lane engines read the tree's and the image's large files together (worker_lanes.c)
    case $e in openssl) want=0 ;; *) want=1 ;; esac
    for tag in tree cut.ext4; do
        [ -f "$WORK/$e.$tag.err" ] || continue
        n=$(sed -n 's/.*: \([0-9]*\) large files hashed together in lanes.*/\1/p' "$WORK/$e.$tag.err")
        if [ "$want" = 0 ]; then [ -z "$n" ] && ok "$e $tag: no lanes" || softfail "$e $tag: $n files in lanes with openssl"
        elif [ "${n:-0}" -ge 4 ]; then ok "$e $tag: $n large files hashed together in lanes"
        else softfail "$e $tag: ${n:-no} large files hashed together in lanes, want at least 4"; fi
    done
    [ "$e" = openssl ] && continue
    for tag in $tags; do
        if cmp -s "$WORK/openssl.$tag.files" "$WORK/$e.$tag.files"; then
            ok "$tag: files rows identical, openssl vs $e ($(wc -l <"$WORK/$e.$tag.files") rows)"
        else
            softfail "$tag: files rows differ, openssl vs $e"
            diff "$WORK/openssl.$tag.files" "$WORK/$e.$tag.files" | head -10 >&2
        fi
        cmp -s "$WORK/openssl.$tag.media" "$WORK/$e.$tag.media" || softfail "$tag: media hashes differ, openssl vs $e"
    done
done

# ground truth: every regular file of the tree against Python's hashlib (one pass), for the auto run
python3 - "$SRC" >"$WORK/truth" <<'PY'
import hashlib, os, sys
root = sys.argv[1]
rows = []
for d, _, names in os.walk(root):
    for n in names:
        p = os.path.join(d, n)
        b = open(p, "rb").read()
        rows.append("/" + os.path.relpath(p, root) + "\t" + "\t".join(
            hashlib.new(a, b).hexdigest() for a in ("md5", "sha1", "sha256")))
print("\n".join(sorted(rows)))
PY
sqlite3 -batch -noheader -separator $'\t' "$WORK/auto.tree.db" "SELECT f.path, coalesce(f.md5, l.md5),
    coalesce(f.sha1, l.sha1), coalesce(f.sha256, l.sha256) FROM files f LEFT JOIN files l ON l.id = f.content_of
    WHERE f.type = 'r'" | LC_ALL=C sort >"$WORK/got"
LC_ALL=C sort -o "$WORK/truth" "$WORK/truth"
n=$(wc -l <"$WORK/truth")
if cmp -s "$WORK/truth" "$WORK/got"; then ok "$n files equal hashlib md5/sha1/sha256"
else softfail "digests differ from hashlib:"; diff "$WORK/truth" "$WORK/got" | head -10 >&2; fi
[ "$n" -ge 600 ] || softfail "only $n files compared"
full=$(q "$WORK/auto.tree.db" "SELECT count(*) FROM files WHERE type = 'r' AND hash_status = 'full'")
[ "$full" -ge 600 ] && ok "$full files hashed in full" || softfail "only $full files with hash_status full"

if [ "$have_mke2fs" = 1 ]; then
    # the cut image: some large files partial, some full, all of them with digests (of what was read)
    np=$(q "$WORK/auto.cut.ext4.db" "SELECT count(*) FROM files WHERE type = 'r' AND size > 1048576 AND hash_status = 'partial' AND md5 IS NOT NULL")
    nf=$(q "$WORK/auto.cut.ext4.db" "SELECT count(*) FROM files WHERE type = 'r' AND size > 1048576 AND hash_status = 'full'")
    [ "$np" -ge 1 ] && [ "$nf" -ge 2 ] && ok "cut ext4: $np large files partial, $nf full" ||
        softfail "cut ext4: $np large files partial (want >= 1), $nf full (want >= 2)"
fi
ingest "$WORK/bad.db" "$SRC" --hash-engine sse && softfail "--hash-engine sse accepted" || ok "--hash-engine sse refused"
finish
