#!/usr/bin/env bash
# e2e_documents.sh DFT_BIN FIXTURES PLUGIN_DIR WORKDIR - the documents plugin end to end: a directory
# of an XLSX (shared strings, 70 rows -> two decoded blocks), a DOCX (paragraphs + table), a GB18030
# CSV with a multi-line field, a UTF-16LE text with BOM and CRLF, a UTF-8 text and a UTF-8 text with CRLF
# and CR-only line ends and a UTF-8 CSV (not decoded again: the scanners read these bytes already), a zip
# named .xlsx that is no workbook (nothing extracted, no warning), a zip bomb, and subdocuments: a DOCX
# footnote and comment, PPTX speaker notes, an XLSX cell comment, a flat ODF text (.fodt, also read raw
# by the scanners).
# The e2e marker scanner must find each MARKER-* token in the decoded text with the exact forensic
# path and offset; the bomb is one evidence.warning; a second run gives the same rows.
set -euo pipefail
BIN=$1 FX=$2 PLUG=$3 WORK=$4
export LC_ALL=C.UTF-8 TZ=UTC
rm -rf "$WORK" && mkdir -p "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }

run() {
    "$BIN" ingest "$1" "$FX/evidence" --plugin-dir "$PLUG" --no-progress >"$WORK/out" 2>"$WORK/err" ||
        { cat "$WORK/err" >&2; fail "ingest exited non-zero"; }
}
# file ids replaced by the file's path so the expectation does not depend on walk numbering
rows() {
    sqlite3 -batch -noheader "$1" "SELECT (SELECT path FROM files WHERE id = f.file_id), f.plugin, f.value,
        ifnull(f.offset, ''), replace(ifnull(f.decoded_path, ''), 'file ' || f.file_id || ' ', 'file '),
        ifnull(f.decoded_offset, '')
      FROM findings f WHERE f.kind = 'test.marker' ORDER BY 1, 3, 5"
}

run "$WORK/a.db"
got=$(rows "$WORK/a.db")
want='/cr.txt|marker|MARKER-CR|8||
/crlf.txt|marker|MARKER-CRLF|9||
/flat.fodt|marker|MARKER-FODT|293||
/flat.fodt|marker|MARKER-FODT||file → paragraphs 1-1|0
/gb.csv|marker|MARKER-CSV-GB|61||
/gb.csv|marker|MARKER-CSV-GB||file → csv rows 1-3 (GB18030)|73
/letter.docx|marker|MARKER-DOCX-P||file → paragraphs 1-2|6
/letter.docx|marker|MARKER-DOCX-T||file → table 1 rows 1-2|2
/letter2.docx|marker|MARKER-DOCX-CMT||file → comments paragraphs 1-1|4
/letter2.docx|marker|MARKER-DOCX-FOOT||file → footnotes paragraphs 1-1|0
/list.xlsx|marker|MARKER-XLSX-SST||file → sheet "客户" rows 65-70|22
/notabook.xlsx|marker|MARKER-NOT-OOXML|40||
/noted.xlsx|marker|MARKER-XLSX-NOTE||file → sheet 1 comments paragraphs 1-1|4
/plain.txt|marker|MARKER-UTF8|16||
/talk.pptx|marker|MARKER-PPTX-NOTES||file → slide 1 notes paragraphs 1-1|0
/u16.txt|marker|MARKER-U16LE||file → text lines 1-2 (UTF-16LE)|10
/u8.csv|marker|MARKER-CSV-U8|23||'
if [ "$got" != "$want" ]; then
    printf 'got:\n%s\nwant:\n%s\n' "$got" "$want" >&2
    fail "marker findings differ"
fi
echo "ok: 17 marker findings with exact decoded paths and offsets"

# (the plugin's own warnings: roster reads .xlsx too and reports the same bomb under its name)
w=$(sqlite3 -batch -noheader "$WORK/a.db" "SELECT count(*) FROM findings WHERE kind = 'evidence.warning'
      AND plugin = 'documents' AND file_id = (SELECT id FROM files WHERE path = '/bomb.xlsx') AND value LIKE '%zip bomb?%'")
[ "$w" = 1 ] || fail "bomb.xlsx: $w zip bomb warnings, expected 1"
o=$(sqlite3 -batch -noheader "$WORK/a.db" "SELECT count(*) FROM findings WHERE kind = 'evidence.warning'
      AND plugin = 'documents'")
[ "$o" = 1 ] || fail "$o warnings in all, expected only the bomb's"
echo "ok: the zip bomb is one warning, nothing else warned"

run "$WORK/b.db"
[ "$(rows "$WORK/b.db")" = "$got" ] || fail "second run differs"
echo "ok: deterministic"
echo PASS
