#!/usr/bin/env bash
# run.sh - dftriage ingest benchmark against its peers on the same images (see bench/README.md).
#
# Builds (or reuses) the images from bench/make_images.py, makes E01 copies with ewfacquire, then for
# every image runs, each after one warm-up read of the image (`cat > /dev/null`, so every tool runs
# with a warm page cache):
#   openssl dgst -md5 IMAGE        the hashing floor (raw images only)
#   ewfverify -q IMAGE.E01         the E01 floor: decompress + MD5 of the media (E01 images only)
#   tsk_loaddb -h -d TMP IMAGE     TSK's own loader: MD5 per file, one thread, no typing, no plugins
#   dftriage ingest CASE IMAGE     MD5+SHA-1+SHA-256 per file and of the media, libmagic, default plugins
# under `/usr/bin/time -v` (wall time, peak RSS), prints a markdown table and the target checks, and
# replaces the block between the bench markers in docs/performance.md (unless --no-doc).
#
# Invariants: images live outside the repo (OUTDIR, default /tmp/dftriage-bench); every temporary
# database goes to a fresh directory under OUTDIR/run and is removed at the end; with --reps N the
# median wall time and the maximum peak RSS of the N runs are reported.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)

usage() {
    cat <<EOF
usage: bench/run.sh [OUTDIR] [--reps N] [--threads N] [--e01 fast|none|both|off] [--only mixed|small]
                    [--dftriage PATH] [--doc FILE | --no-doc]
  OUTDIR        where images and temporary databases go (default /tmp/dftriage-bench)
  --reps N      runs per (tool, image); median wall time is reported (default 1)
  --threads N   passed to dftriage ingest --threads (default: dftriage's default = cores)
  --e01 MODE    E01 compression of the copies: fast, none, both (default both), off
  --only V      only the mixed or only the small-file image
  --dftriage P  binary to measure (default: build-bench/dftriage, rebuilt from this checkout first)
  --doc FILE    markdown file whose bench block is replaced (default docs/performance.md)
EOF
}

out=/tmp/dftriage-bench reps=1 threads="" e01=both only="" dft="" doc="$repo/docs/performance.md"
while [ $# -gt 0 ]; do
    case "$1" in
    --reps) reps=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --e01) e01=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --dftriage) dft=$2; shift 2 ;;
    --doc) doc=$2; shift 2 ;;
    --no-doc) doc=""; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) out=$1; shift ;;
    esac
done

for t in openssl tsk_loaddb ewfacquire ewfverify sqlite3 mke2fs python3; do
    command -v "$t" >/dev/null || { echo "run.sh: missing tool: $t" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time missing (Debian package: time)" >&2; exit 1; }

if [ -z "$dft" ]; then
    dft="$repo/build-bench/dftriage"
    # always brought up to date: a stale binary would be measured without a word
    [ -f "$repo/build-bench/CMakeCache.txt" ] ||
        cmake -S "$repo" -B "$repo/build-bench" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$repo/build-bench" -j"$(nproc)" --target dftriage >/dev/null
fi
[ -x "$dft" ] || { echo "run.sh: no dftriage binary at $dft" >&2; exit 1; }

mkdir -p "$out"
variants=(mixed small)
[ -n "$only" ] && variants=("$only")

# --- images ---------------------------------------------------------------------------------------
for v in "${variants[@]}"; do
    python3 "$here/make_images.py" "$out" --variant "$v" >/dev/null
done

# make_e01 RAW COMPRESSION -> prints the .E01 path; rebuilt only when older than the raw image.
make_e01() {
    local raw=$1 comp=$2 base
    base="${raw%.raw}-$comp"
    if [ ! -f "$base.E01" ] || [ "$base.E01" -ot "$raw" ]; then
        rm -f "$base".E??
        ewfacquire -u -q -t "$base" -c "deflate:$comp" -f encase6 -b 64 -S 7GiB -d sha1 \
            -C bench -D "dftriage bench $(basename "$raw")" -e bench -E 1 -N "bench/run.sh" \
            -m fixed -M physical "$raw" >/dev/null 2>&1 </dev/null ||
            { echo "run.sh: ewfacquire failed for $raw ($comp)" >&2; exit 1; }
    fi
    echo "$base.E01"
}

images=()
for v in "${variants[@]}"; do
    images+=("$out/$v.raw")
    case "$e01" in
    fast|none) images+=("$(make_e01 "$out/$v.raw" "$e01")") ;;
    both) [ "$v" = mixed ] && images+=("$(make_e01 "$out/$v.raw" none)")
          images+=("$(make_e01 "$out/$v.raw" fast)") ;;
    off) ;;
    *) echo "run.sh: bad --e01 $e01" >&2; exit 2 ;;
    esac
done

# --- measurement ----------------------------------------------------------------------------------
run="$out/run"
rm -rf "$run"
mkdir -p "$run"
trap 'rm -rf "$run"' EXIT
results="$out/results.tsv"
printf 'tool\timage\twall_s\tfiles\tpeak_rss_kib\n' >"$results"

# measure TOOL IMAGE FILES-COMMAND -- CMD...: runs CMD reps times under /usr/bin/time -v.
measure() {
    local tool=$1 img=$2 count_cmd=$3; shift 4
    local walls=() rss=0 files=0 r tf w k
    for ((r = 0; r < reps; r++)); do
        rm -rf "$run/db" && mkdir -p "$run/db"
        cat "$img" >/dev/null
        tf="$run/time.txt"
        if ! /usr/bin/time -v -o "$tf" "$@" >"$run/out.txt" 2>"$run/err.txt"; then
            echo "run.sh: $tool failed on $img:" >&2; tail -5 "$run/err.txt" >&2; cat "$tf" >&2 || true
            walls+=("nan"); continue
        fi
        w=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
                for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tf")
        k=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tf")
        walls+=("$w")
        [ "$k" -gt "$rss" ] && rss=$k
        files=$(eval "$count_cmd")
        [ "$tool" = dftriage ] && grep -h '^dftriage: evidence' "$run/err.txt" >&2 || true
    done
    w=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    printf '%s\t%s\t%s\t%s\t%s\n' "$tool" "$(basename "$img")" "$w" "$files" "$rss" >>"$results"
    printf '  %-10s %-18s %8ss %8s files %8s KiB\n' "$tool" "$(basename "$img")" "$w" "$files" "$rss" >&2
}

thr=()
[ -n "$threads" ] && thr=(--threads "$threads")
echo "run.sh: measuring (${reps} run(s) each) in $out" >&2
for img in "${images[@]}"; do
    case "$img" in
    *.raw) measure openssl "$img" "echo -" -- openssl dgst -md5 "$img" ;;
    *.E01) measure ewfverify "$img" "echo -" -- ewfverify -q -d sha1 "$img" ;;
    esac
    # tsk_files type 0 = file-system rows (slack/virtual rows excluded), without the . and .. entries
    measure tsk_loaddb "$img" \
        "sqlite3 '$run/db/tsk.db' \"select count(*) from tsk_files where type = 0 and name not in ('.', '..')\"" \
        -- tsk_loaddb -h -d "$run/db/tsk.db" "$img"
    measure dftriage "$img" "sqlite3 '$run/db/case.db' 'select count(*) from files'" \
        -- "$dft" ingest "$run/db/case.db" "$img" --no-progress "${thr[@]}"
done

# --- report ---------------------------------------------------------------------------------------
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
machine="$(nproc) cores, $cpu, $mem RAM, $(uname -sr)"
python3 "$here/report.py" "$results" --machine "$machine" --date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --reps "$reps" --threads "${threads:-default}" --dftriage-version "$("$dft" 2>&1 | head -1)" \
    ${doc:+--doc "$doc"}
