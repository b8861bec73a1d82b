#!/usr/bin/env bash
# e2e_fls_truth - the files table of a partitioned disk matches The Sleuth Kit's own tools.
#  1. For each file system of disk_mbr.raw, the multiset of (path, allocated) in `files` equals
#     `fls -r -p -o OFFSET` (a "*" in fls = deleted/unallocated name = allocated 0).
#     One normalisation, NTFS only: fls lists the named *index* attributes of metadata files
#     ("$Secure:$SDH", addr N-144-M) as entries of their own; they hold no file content, and the
#     case file records such a file once under its plain path ("/$Secure"). So an r/r entry with
#     an attribute type 144 maps to its path without ":$NAME", listed once.
#  2. sha256 of every allocated regular file equals `icat -o OFFSET IMG ADDR | sha256sum`.
#  3. Every allocated file of manifest.tsv (ground truth from the source files) is present with
#     the manifest sha256.
source "$(dirname "$0")/lib.sh"

IMG=$TI/disk_mbr.raw
CASE=$WORK/case.db
must_ingest "$CASE" "$IMG" --case-number FLS-1 --examiner tester
EV=$(q "$CASE" "SELECT id FROM evidence")
[ -n "$EV" ] || fail "no evidence row"

for fs in ext4 fat32 ntfs; do
    off=$(layout_offset disk_mbr.raw $fs)
    FS=$(fsid "$CASE" "$EV" "$off")
    if [ -z "$FS" ]; then
        softfail "$fs: no filesystems row at offset $off"
        continue
    fi
    ftype=$(q "$CASE" "SELECT type FROM filesystems WHERE id = $FS")
    case "$ftype" in "$fs"*) ok "$fs: filesystems.type = $ftype" ;; *) softfail "$fs: filesystems.type = '$ftype'" ;; esac

    # 1. names and allocation state, fls vs files.
    fls -r -p -o $((off / 512)) "$IMG" >"$WORK/$fs.fls"
    awk -F'\t' '{
            del = ($1 ~ / \* /) ? 0 : 1
            p = $0; sub(/^[^\t]*\t/, "", p)
            if ($1 ~ /^r\/r .*-144-[0-9]+:$/) {
                sub(/:\$[^\/]*$/, "", p)
                if (seen[p]++) next
            }
            print "/" p "\t" del
        }' "$WORK/$fs.fls" | LC_ALL=C sort >"$WORK/$fs.expected"
    q "$CASE" "SELECT path || char(9) || allocated FROM files WHERE filesystem_id = $FS" \
        | LC_ALL=C sort >"$WORK/$fs.actual"
    if diff -u "$WORK/$fs.expected" "$WORK/$fs.actual" >"$WORK/$fs.diff"; then
        ok "$fs: $(wc -l <"$WORK/$fs.expected") entries match fls"
    else
        softfail "$fs: files differ from fls (- fls, + files):"
        head -40 "$WORK/$fs.diff" >&2
    fi

    # 2. content hashes of allocated regular files, icat vs files.sha256.
    n=0
    while IFS=$'\t' read -r left path; do
        case "$left" in "r/r "*) ;; *) continue ;; esac
        case "$left" in *" * "* | *-144-*) continue ;; esac   # deleted; NTFS index attributes
        case "$path" in '$BadClus:$Bad') continue ;; esac     # sparse: icat omits sparse runs
        addr=${left#r/r }
        addr=${addr%:}
        icat -o $((off / 512)) "$IMG" "$addr" >"$WORK/icat.out"
        [ -s "$WORK/icat.out" ] || continue                    # empty: checked below, once
        want=$(sha256sum <"$WORK/icat.out" | cut -d' ' -f1)
        got=$(q "$CASE" "SELECT sha256 FROM files WHERE filesystem_id = $FS AND path = $(sqlq "/$path") AND allocated = 1")
        if [ "$got" != "$want" ]; then
            softfail "$fs: /$path (addr $addr): sha256 '$got', icat gives $want"
        fi
        n=$((n + 1))
    done <"$WORK/$fs.fls"
    [ $n -ge 8 ] || softfail "$fs: only $n regular files compared with icat"
    ok "$fs: $n allocated regular files compared with icat"

    # 3. manifest ground truth (includes /empty.txt: an empty file has a hash too, e3b0c442...).
    m=0
    while IFS=$'\t' read -r image mfs path sha del; do
        [ "$mfs" = "$fs" ] && [ "$del" = 0 ] || continue
        got=$(q "$CASE" "SELECT sha256 FROM files WHERE filesystem_id = $FS AND path = $(sqlq "$path") AND allocated = 1")
        [ "$got" = "$sha" ] || softfail "$fs: manifest file $path: sha256 '$got', expected $sha"
        m=$((m + 1))
    done < <(tail -n +2 "$TI/manifest.tsv")
    [ $m -ge 9 ] || softfail "$fs: only $m manifest rows"
    ok "$fs: $m manifest files checked"

    # Deleted files of the manifest must appear as unallocated entries (name may be mangled on FAT).
    d=$(q "$CASE" "SELECT count(*) FROM files WHERE filesystem_id = $FS AND allocated = 0 AND type = 'r'")
    [ "$d" -ge 3 ] || softfail "$fs: only $d deleted regular files recorded"
done
finish
