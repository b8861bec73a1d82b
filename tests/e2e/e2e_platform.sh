#!/usr/bin/env bash
# e2e_platform - the plugin platform v2 end to end, through the external plugins hello_plugin.so (decodes
# gzip, xlsx shared strings, chat lines, XOR files; passes after the walk) and marker_plugin.so (a
# streaming scanner for MARKER-* tokens), both built against core/plugin.h only.
#  1. A token in a plain file, inside a gzip member, in a gzip inside a gzip, in an XLSX shared string
#     and in a chat message body is found by the scanner, with the file, the forensic path and the
#     offset inside the decoded bytes; the message-body finding is linked to its message (found_in).
#  2. Emitted rows: messages, contacts and links made with provisional references resolve to real ids.
#  3. A derived file (XOR-decrypted with a secret plugin option) is a files row (derived_from,
#     transform, its own sha256) scanned like any file; the secret is not stored in the case.
#  4. Evidence and case passes read back this run's rows and emit linked rows.
#  5. Caps: --max-decode-depth and --max-decoded are recorded as warnings; what is under them is found.
#  6. Same rows with 1 and 2 threads.
# Extra argument: the plugin directory (hello_plugin.so + marker_plugin.so).
source "$(dirname "$0")/lib.sh"
[ $# -eq 1 ] || fail "usage: ... PLUGIN_DIR"
PLUG=$1
EV=$WORK/ev
mkdir -p "$EV"
python3 - "$EV" <<'PY'
import gzip, io, os, sys, zipfile
ev = sys.argv[1]
def gz(data):
    b = io.BytesIO()
    with gzip.GzipFile(fileobj=b, mode="wb", mtime=0, filename="") as g: g.write(data)
    return b.getvalue()
open(os.path.join(ev, "notes.txt"), "wb").write(b"hello MARKER-PLAIN world\n")
open(os.path.join(ev, "member.txt.gz"), "wb").write(gz(b"xx MARKER-GZ yy\n"))
open(os.path.join(ev, "nested.txt.gz.gz"), "wb").write(gz(gz(b"MARKER-NESTED\n")))
with zipfile.ZipFile(os.path.join(ev, "book.xlsx"), "w") as z:
    for name, data in [("[Content_Types].xml", "<Types/>"),
                       ("xl/sharedStrings.xml", "<sst><si><t>first</t></si><si><t>pay to MARKER-XLSX now</t></si></sst>")]:
        info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
        z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
open(os.path.join(ev, "talk.chat"), "wb").write(
    b"+66811111111|hello\n+66811111111|wallet MARKER-CHAT here\n+85522222222|ok\n")
plain = b"derived MARKER-DERIVED text\n"
open(os.path.join(ev, "secret.txt.enc"), "wb").write(bytes(c ^ 0x5a for c in plain))
open(os.path.join(ev, "plain.sha256"), "w").write(__import__("hashlib").sha256(plain).hexdigest())
PY
PLAIN_SHA=$(cat "$EV/plain.sha256"); rm "$EV/plain.sha256"
SECRET=5a

CASE=$WORK/case.db
must_ingest "$CASE" "$EV" --plugin-dir "$PLUG" --plugin-opt hello.key=$SECRET --threads 2 --no-progress
fid() { q "$CASE" "SELECT id FROM files WHERE path = '/$1' AND derived_from IS NULL"; }
# every finding of a token, in id order, as file|offset|decoded_path|decoded_offset separated by ';'
marker() { q "$CASE" "SELECT group_concat(r, ';') FROM (SELECT coalesce(file_id,'') || '|' || coalesce(offset,'') || '|' ||
                      coalesce(decoded_path,'') || '|' || coalesce(decoded_offset,'') AS r FROM findings
                      WHERE kind = 'test.marker' AND value = '$1' ORDER BY id)"; }
expect() { [ "$2" = "$3" ] && ok "$1" || softfail "$1: got '$2', expected '$3'"; }
ARROW=$(printf '\xe2\x86\x92')

expect "plain file token" "$(marker MARKER-PLAIN)" "$(fid notes.txt)|6||"
g=$(fid member.txt.gz)
expect "gzip member token" "$(marker MARKER-GZ)" "$g||file $g $ARROW gzip|3"
n=$(fid nested.txt.gz.gz)
expect "gzip in gzip token" "$(marker MARKER-NESTED)" "$n||file $n $ARROW gzip $ARROW gzip|0"
x=$(fid book.xlsx)
expect "xlsx cell token" "$(marker MARKER-XLSX)" "$x||file $x $ARROW xl/sharedStrings.xml $ARROW string 1|7"
c=$(fid talk.chat)
# in the file's own bytes (offset 39), and in the body of the message the plugin emitted
expect "chat body token" "$(marker MARKER-CHAT)" "$c|39||;$c||file $c $ARROW message body|7"
body=$(q "$CASE" "SELECT m.body FROM links l JOIN findings f ON f.id = l.from_id JOIN messages m ON m.id = l.to_id
                  WHERE l.relation = 'found_in' AND l.from_table = 'findings' AND l.to_table = 'messages'
                  AND f.value = 'MARKER-CHAT'")
expect "chat token linked to its message" "$body" "wallet MARKER-CHAT here"

expect "messages" "$(q "$CASE" "SELECT count(*) || '|' || count(DISTINCT evidence_id) FROM messages WHERE plugin='hello'")" "3|1"
expect "contacts" "$(q "$CASE" "SELECT group_concat(phone) FROM (SELECT phone FROM contacts ORDER BY id)")" "+66811111111,+85522222222"
expect "message -> contact links resolved" "$(q "$CASE" "SELECT count(*) FROM links l JOIN messages m ON m.id = l.from_id
       JOIN contacts k ON k.id = l.to_id WHERE l.relation = 'sender' AND m.sender = k.phone")" 3
expect "no unresolved links" "$(q "$CASE" "SELECT count(*) FROM links WHERE from_id IS NULL OR to_id IS NULL OR from_id < 0 OR to_id < 0")" 0

s=$(fid secret.txt.enc)
d=$(q "$CASE" "SELECT id || '|' || name || '|' || transform || '|' || sha256 || '|' || hash_status FROM files WHERE derived_from = ${s:-0}")
did=${d%%|*}
expect "derived file row" "$d" "$did|secret.txt|xor-test|$PLAIN_SHA|full"
expect "derived file path" "$(q "$CASE" "SELECT path FROM files WHERE id = ${did:-0}")" "/secret.txt.enc#xor-test/secret.txt"
expect "derived file scanned" "$(marker MARKER-DERIVED)" "$did|8||"
expect "derived file claimed by name" "$(q "$CASE" "SELECT value FROM findings WHERE kind='test.hello' AND file_id=${did:-0}")" 28
# a derived file has no file on disk to re-hash: verify of the directory evidence holds (its seal covers it)
"$BIN" verify "$CASE" > "$WORK/verify.out" 2>&1 && ok "verify holds with a derived file" \
    || { cat "$WORK/verify.out" >&2; softfail "verify failed with a derived file"; }
leak=$(sqlite3 "$CASE" .dump | grep -c "hello.key=$SECRET" || true)
expect "secret option not stored" "$leak" 0

p=$(q "$CASE" "SELECT f.value || '|' || (SELECT count(*) FROM messages m WHERE m.id = l.to_id) FROM findings f
              JOIN links l ON l.from_table = 'findings' AND l.from_id = f.id AND l.relation = 'counts'
              WHERE f.kind = 'test.pass'")
expect "evidence pass: counted and linked" "$p" "3|1"
expect "case pass: case-level row" "$(q "$CASE" "SELECT value || '|' || coalesce(evidence_id, 'null') FROM findings WHERE kind='test.case'")" "3|null"

# 5. caps
must_ingest "$WORK/depth.db" "$EV" --plugin-dir "$PLUG" --plugin-opt hello.key=$SECRET --max-decode-depth 1 --no-progress
expect "depth cap: nested not scanned" "$(q "$WORK/depth.db" "SELECT count(*) FROM findings WHERE value='MARKER-NESTED'")" 0
expect "depth cap: one level still scanned" "$(q "$WORK/depth.db" "SELECT count(*) FROM findings WHERE value='MARKER-GZ'")" 1
expect "depth cap recorded" "$(q "$WORK/depth.db" "SELECT count(*) FROM findings WHERE kind='evidence.warning' AND value LIKE '%--max-decode-depth%'")" 1
must_ingest "$WORK/bytes.db" "$EV" --plugin-dir "$PLUG" --plugin-opt hello.key=$SECRET --max-decoded 12 --no-progress
expect "bytes cap recorded" "$(q "$WORK/bytes.db" "SELECT count(*) > 0 FROM findings WHERE kind='evidence.warning' AND value LIKE '%--max-decoded%'")" 1
expect "bytes cap: small decoded content still scanned" "$(q "$WORK/bytes.db" "SELECT count(*) FROM findings WHERE value='MARKER-XLSX'")" 0
expect "bytes cap: plain file unaffected" "$(q "$WORK/bytes.db" "SELECT count(*) FROM findings WHERE value='MARKER-PLAIN'")" 1

# 6. determinism
must_ingest "$WORK/t1.db" "$EV" --plugin-dir "$PLUG" --plugin-opt hello.key=$SECRET --threads 1 --no-progress
dumpit() { for t in files findings messages contacts links; do
    sqlite3 "$1" "SELECT * FROM $t ORDER BY id" | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z//g'; done; }
if [ "$(dumpit "$CASE" | md5sum)" = "$(dumpit "$WORK/t1.db" | md5sum)" ]; then ok "same rows with 1 and 2 threads"
else diff <(dumpit "$CASE") <(dumpit "$WORK/t1.db") | head >&2; softfail "rows differ between 1 and 2 threads"; fi
finish
