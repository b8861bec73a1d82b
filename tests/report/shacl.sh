#!/usr/bin/env bash
# shacl - the CASE/UCO JSON-LD export conforms to the CASE 1.4.0 ontology's SHACL shapes (ontology/, a copy
# of the files CASE-Utilities-Python ships; licences beside them), validated offline by validate_shacl.mjs
# (rdf-validate-shacl + jsonld + n3, pinned in package-lock.json): the plain export, the redacted one,
# and the export of a schema-1 case. Zero results are required (not even Info/Warning).
# usage: shacl.sh DFT_BIN TESTIMAGES WORKDIR RESEAL_BIN NODE_DIR
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/mkcase.sh"
RESEAL=$1 NODE_DIR=$2
HERE=$(cd "$(dirname "$0")" && pwd)
[ -d "$NODE_DIR/node_modules/rdf-validate-shacl" ] || { echo "SKIP: node packages not installed"; exit 77; }
# ES modules resolve packages from the script's folder: run the validator from NODE_DIR
cp "$HERE/validate_shacl.mjs" "$NODE_DIR/"
cd "$WORK"
mkcase "$WORK/case.db" "$RESEAL"
"$BIN" report case.db --case-uco case.jsonld > /dev/null || fail "report --case-uco"
"$BIN" report case.db --redact --case-uco redacted.jsonld > /dev/null || fail "report --redact --case-uco"
sqlite3 v1.db < "$HERE/../store/fixtures/case_v1.sql" && chmod 600 v1.db
"$BIN" report v1.db --case-uco v1.jsonld > /dev/null 2>&1 || fail "report --case-uco of a v1 case"
for f in case.jsonld redacted.jsonld v1.jsonld; do
    if node "$NODE_DIR/validate_shacl.mjs" "$f" "$HERE/ontology/case-1.4.0.ttl" "$HERE/ontology/case-1.4.0-subclasses.ttl" \
        > "$f.shacl" 2>&1; then
        ok "$f conforms: $(tail -1 "$f.shacl")"
    else
        head -40 "$f.shacl" >&2
        softfail "$f does not conform"
    fi
done
grep -q 'results: 0$' case.jsonld.shacl || softfail "validation results present"
finish
