#!/usr/bin/env bash
# e2e_docfmt.sh DFT_BIN FIXTURES PLUGIN_DIR WORKDIR - the second batch of document formats end to end:
# a directory (gen_docfmt.py evidence/) of an ODS, ODT, ODP, PPTX, legacy PPT (slide 2 named by its record
# offset; a second one with the marker in slide 2's speaker notes), RTF (cp936), HTML (GBK) and PDF,
# an iOS NoteStore.sqlite and a Google Keep keep.db (by path), each holding a BTC and a TRON address and a
# MARKER-* token (read by the `notes` plugin: a second note only in NoteStore.sqlite-wal, and a second
# user's keep.db without the Keep tables, one warning of plugin notes), plus a BIFF8 .xls and a Word 97 .doc (read from OLE2; markers in its footnotes and in a table), a password-protected ODS and .xls
# (a warning each), a bare OLE2 header named .doc (a warning: libgsf refuses it) and an RTF saved as .doc
# (read), a Google Takeout Keep export (two notes, one trashed; a JSON that is no note; a truncated one:
# a warning). crypto_scan
# and the e2e marker scanner must find each in the decoded text with the exact forensic path (sheet,
# slide, page, paragraphs, table, table:rowid) and offset; the locked ODS is one warning; a second run is identical.
set -euo pipefail
BIN=$1 FX=$2 PLUG=$3 WORK=$4
export LC_ALL=C.UTF-8 TZ=UTC
rm -rf "$WORK" && mkdir -p "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }

run() {
    "$BIN" ingest "$1" "$FX/evidence" --plugin-dir "$PLUG" --no-progress >"$WORK/out" 2>"$WORK/err" ||
        { cat "$WORK/err" >&2; fail "ingest exited non-zero"; }
}
rows() {
    sqlite3 -batch -noheader "$1" "SELECT (SELECT path FROM files WHERE id = f.file_id), f.plugin, f.kind, f.value,
        ifnull(f.offset, ''), replace(ifnull(f.decoded_path, ''), 'file ' || f.file_id || ' ', 'file '),
        ifnull(f.decoded_offset, '')
      FROM findings f WHERE f.kind IN ('test.marker', 'crypto.address', 'evidence.warning') ORDER BY 1, 3, 4, 6"
}

run "$WORK/a.db"
got=$(rows "$WORK/a.db")
want='/Takeout/Keep/Old.json|marker|test.marker|MARKER-KEEPJSON|43||
/Takeout/Keep/Old.json|marker|test.marker|MARKER-KEEPJSON||file → keep-json (trashed)|7
/Takeout/Keep/Wallets.json|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t|115||
/Takeout/Keep/Wallets.json|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t||file → keep-json|15
/Takeout/Keep/cut.json|notes|evidence.warning|cut.json: Keep JSON: premature end of input near '\''"userEditedTim'\'' (line 1)|||
/data/data/com.google.android.keep/databases/keep.db|crypto_scan|crypto.address|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2|16350||
/data/data/com.google.android.keep/databases/keep.db|crypto_scan|crypto.address|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2||file → list_item:1|5
/data/data/com.google.android.keep/databases/keep.db|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t||file → list_item:2|0
/data/data/com.google.android.keep/databases/keep.db|marker|test.marker|MARKER-KEEP|8175||
/data/data/com.google.android.keep/databases/keep.db|marker|test.marker|MARKER-KEEP||file → tree_entity:1|0
/data/user/10/com.google.android.keep/databases/keep.db|notes|evidence.warning|keep.db without tree_entity/list_item tables: nothing read|||
/invoice.pdf|crypto_scan|crypto.address|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2|644||
/invoice.pdf|crypto_scan|crypto.address|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2||file → page 2 lines 1-3|15
/invoice.pdf|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t|714||
/invoice.pdf|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t||file → page 2 lines 1-3|54
/invoice.pdf|marker|test.marker|MARKER-PDF|598||
/invoice.pdf|marker|test.marker|MARKER-PDF||file → page 2 lines 1-3|0
/locked.ods|documents|evidence.warning|password-protected ODF document: content not readable|||
/locked.ods|roster|evidence.warning|plugin roster on /locked.ods: unsupported: password-protected ODF document: content not readable|||
/locked.xls|documents|evidence.warning|password-protected .xls workbook (FILEPASS): content not readable|||
/memo.odt|crypto_scan|crypto.address|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2||file → paragraphs 1-3|18
/memo.odt|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t||file → paragraphs 1-3|56
/memo.odt|marker|test.marker|MARKER-ODT||file → paragraphs 1-3|0
/note.rtf|crypto_scan|crypto.address|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2|93||
/note.rtf|crypto_scan|crypto.address|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2||file → paragraphs 1-3|18
/note.rtf|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t|151||
/note.rtf|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t||file → paragraphs 1-3|53
/note.rtf|marker|test.marker|MARKER-RTF|61||
/note.rtf|marker|test.marker|MARKER-RTF||file → paragraphs 1-3|0
/notes.ppt|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t|2896||
/notes.ppt|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t||file → slide 2 (record 0x168) notes paragraphs 1-2|26
/notes.ppt|marker|test.marker|MARKER-PPTNOTES||file → slide 2 (record 0x168) notes paragraphs 1-2|10
/old.doc|documents|evidence.warning|plugin documents on /old.doc: corrupt: OLE2 container not readable: Unreasonable block sizes (ole2.c:38)|||
/old.doc|roster|evidence.warning|plugin roster on /old.doc: corrupt: OLE2 container not readable: Unreasonable block sizes (ole2.c:38)|||
/page.htm|crypto_scan|crypto.address|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2|83||
/page.htm|crypto_scan|crypto.address|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2||file → table 1 rows 1-1 (GB18030)|0
/page.htm|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t|126||
/page.htm|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t||file → table 1 rows 1-1 (GB18030)|35
/page.htm|marker|test.marker|MARKER-HTML|48||
/page.htm|marker|test.marker|MARKER-HTML||file → paragraphs 1-1 (GB18030)|0
/pitch.odp|crypto_scan|crypto.address|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2||file → slide 2 paragraphs 1-2|11
/pitch.odp|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t||file → slide 2 paragraphs 1-2|46
/pitch.odp|marker|test.marker|MARKER-ODP||file → slide 2 paragraphs 1-2|0
/pitch.ppt|crypto_scan|crypto.address|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2|2553||
/pitch.ppt|crypto_scan|crypto.address|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2||file → slide 2 (record 0x149) paragraphs 1-3|11
/pitch.ppt|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t|2623||
/pitch.ppt|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t||file → slide 2 (record 0x149) paragraphs 1-3|46
/pitch.ppt|marker|test.marker|MARKER-PPT|2301||
/pitch.ppt|marker|test.marker|MARKER-PPT||file → slide 2 (record 0x149) paragraphs 1-3|0
/pitch.pptx|crypto_scan|crypto.address|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2||file → slide 2 paragraphs 1-3|12
/pitch.pptx|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t||file → slide 2 paragraphs 1-3|47
/pitch.pptx|marker|test.marker|MARKER-PPTX||file → slide 2 paragraphs 1-3|0
/private/var/mobile/Containers/Shared/AppGroup/A1/NoteStore.sqlite|crypto_scan|crypto.address|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2||file → ZICNOTEDATA:3|13
/private/var/mobile/Containers/Shared/AppGroup/A1/NoteStore.sqlite|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t||file → ZICNOTEDATA:3|48
/private/var/mobile/Containers/Shared/AppGroup/A1/NoteStore.sqlite|marker|test.marker|MARKER-NOTES||file → ZICNOTEDATA:3|0
/private/var/mobile/Containers/Shared/AppGroup/A1/NoteStore.sqlite|marker|test.marker|MARKER-NOTESWAL||file → ZICNOTEDATA:4|0
/rtfsaved.doc|marker|test.marker|MARKER-DOCRTF|12||
/rtfsaved.doc|marker|test.marker|MARKER-DOCRTF||file → paragraphs 1-1|0
/script.doc|crypto_scan|crypto.address|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2|4626||
/script.doc|crypto_scan|crypto.address|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2||file → paragraphs 1-3|18
/script.doc|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t|4696||
/script.doc|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t||file → paragraphs 1-3|53
/script.doc|marker|test.marker|MARKER-DOC|4608||
/script.doc|marker|test.marker|MARKER-DOC||file → paragraphs 1-3|0
/script.doc|marker|test.marker|MARKER-DOCFTN||file → footnotes paragraphs 1-2|6
/script.doc|marker|test.marker|MARKER-DOCTABLE||file → table 1 rows 1-1|7
/wallets.ods|crypto_scan|crypto.address|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2||file → sheet "钱包" rows 1-3|21
/wallets.ods|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t||file → sheet "钱包" rows 1-3|61
/wallets.ods|marker|test.marker|MARKER-ODS||file → sheet "钱包" rows 1-3|10
/wallets.xls|crypto_scan|crypto.address|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2|2159||
/wallets.xls|crypto_scan|crypto.address|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2||file → sheet "钱包" rows 1-3|11
/wallets.xls|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t|2196||
/wallets.xls|crypto_scan|crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t||file → sheet "钱包" rows 1-3|46
/wallets.xls|marker|test.marker|MARKER-XLS|2285||
/wallets.xls|marker|test.marker|MARKER-XLS||file → sheet "钱包" rows 1-3|0'
if [ "$got" != "$want" ]; then
    printf 'got:\n%s\nwant:\n%s\n' "$got" "$want" >&2
    fail "findings differ"
fi
echo "ok: addresses and markers in ODS/ODT/ODP/PPTX/PPT/RTF/HTML/PDF/XLS/DOC text with exact decoded paths"

run "$WORK/b.db"
[ "$(rows "$WORK/b.db")" = "$got" ] || fail "second run differs"
echo "ok: deterministic"
echo PASS
