#!/usr/bin/env bash
# e2e_plugin_options - plugin options and data files through the command line.
# Extra argument: GOOD_DIR (hello_plugin.so, which declares hello.greeting and the secret hello.key,
# and records greetings.txt from its data directory).
#  1. `plugins` lists each option with its help, its default, and the secret flag.
#  2. An unknown plugin, an undeclared key or a malformed option is refused with one line naming it
#     (never the value) before anything is written: no case file.
#  3. Options from --plugin-opts FILE and --plugin-opt (which wins) reach the plugin.
#  4. The secret never reaches the case file or stderr: runs.plugins has {"supplied":true,"sha256"},
#     runs.command_line and the audit log have "<secret sha256:HEX>" in both --plugin-opt forms.
#  5. runs.plugins records greetings.txt with its version and SHA-256, from $DFTRIAGE_DATA_DIR.
source "$(dirname "$0")/lib.sh"
[ $# -eq 1 ] || fail "usage: ... GOOD_DIR"
GOOD=$1
SRC=$TI/logical
SECRET=Sup3rSecretKeyValue0123456789
SECRET2=AnotherSecretForTheEqualsForm
sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

"$BIN" plugins --plugin-dir "$GOOD" >"$WORK/p.out" 2>"$WORK/p.err" || fail "plugins: $(cat "$WORK/p.err")"
grep -q 'option hello.greeting: word put in .* \[default: hello\]' "$WORK/p.out" && ok "greeting listed with its default" ||
    softfail "hello.greeting not listed: $(cat "$WORK/p.out")"
grep -q 'option hello.key (secret): XOR key of \*.enc files' "$WORK/p.out" && ok "key listed as secret" ||
    softfail "hello.key not listed as secret: $(cat "$WORK/p.out")"

# 2. refusals, one line each, nothing written
n=0
for bad in "hello.colour=TOPSECRETVALUE" "hullo.key=TOPSECRETVALUE" "hello=TOPSECRETVALUE"; do
    n=$((n + 1))
    CASE=$WORK/refused$n.db
    rc=0; ingest "$CASE" "$SRC" --plugin-dir "$GOOD" --plugin-opt "$bad" || rc=$?
    [ $rc -ne 0 ] || softfail "--plugin-opt $bad accepted"
    one_line_error "$WORK/last.err" || softfail "--plugin-opt $bad: not one line"
    grep -q TOPSECRETVALUE "$WORK/last.err" && softfail "--plugin-opt $bad: the value is printed"
    [ -e "$CASE" ] && softfail "--plugin-opt $bad: a case file was written"
    ok "refused: $(cat "$WORK/last.err")"
done
rc=0; ingest "$WORK/r4.db" "$SRC" --plugin-dir "$GOOD" --plugin-opt hello.colour=x || rc=$?
grep -q "plugin hello has no option 'colour'" "$WORK/last.err" || softfail "unknown key not named: $(cat "$WORK/last.err")"
rc=0; ingest "$WORK/r5.db" "$SRC" --plugin-dir "$GOOD" --plugin-opt hullo.key=x || rc=$?
grep -q "no plugin named 'hullo'" "$WORK/last.err" || softfail "unknown plugin not named: $(cat "$WORK/last.err")"
printf 'hello.greeting=hi\nhello.key=%s\nhello.nope=1\n' "$SECRET" >"$WORK/bad.opts"
rc=0; ingest "$WORK/r6.db" "$SRC" --plugin-dir "$GOOD" --plugin-opts "$WORK/bad.opts" || rc=$?
{ [ $rc -ne 0 ] && one_line_error "$WORK/last.err" && grep -q "bad.opts:3: plugin hello has no option 'nope'" "$WORK/last.err"; } ||
    softfail "bad options file: exit $rc: $(cat "$WORK/last.err")"
grep -q "$SECRET" "$WORK/last.err" && softfail "the secret from the file is printed"
[ -e "$WORK/r6.db" ] && softfail "bad options file: a case file was written"

# 3-5. a good run
mkdir -p "$WORK/data/hello"
printf 'hello\nhi\nsawasdee\n' >"$WORK/data/hello/greetings.txt"
printf '# options for case 42\n\nhello.greeting=from-file\nhello.key=%s\n' "$SECRET" >"$WORK/good.opts"
CASE=$WORK/case.db
DFTRIAGE_DATA_DIR=$WORK/data must_ingest "$CASE" "$SRC" --plugin-dir "$GOOD" --plugin-opts "$WORK/good.opts" \
    --plugin-opt hello.greeting=hi --plugin-opt hello.key="$SECRET"
g=$(q "$CASE" "SELECT count(*) FROM findings WHERE kind = 'test.hello' AND details = '{\"greeting\":\"hi\",\"key_given\":true}'")
t=$(q "$CASE" "SELECT count(*) FROM findings WHERE kind = 'test.hello'")
[ "$g" -ge 4 ] && [ "$g" = "$t" ] && ok "$g findings saw greeting=hi (command line over file) and the key" ||
    softfail "options did not reach the plugin: $g of $t findings; $(q "$CASE" "SELECT details FROM findings WHERE kind = 'test.hello' LIMIT 1")"
w=$(q "$CASE" "SELECT count(*) FROM findings WHERE plugin = 'hello' AND kind = 'evidence.warning'")
[ "$w" -eq 0 ] || softfail "$w warnings from hello (thread state?): $(q "$CASE" "SELECT value FROM findings WHERE plugin = 'hello' LIMIT 1")"
P=$(q "$CASE" "SELECT plugins FROM runs ORDER BY id DESC LIMIT 1")
echo "$P" | grep -q "\"greeting\":\"hi\"" || softfail "runs.plugins lacks greeting: $P"
echo "$P" | grep -q "\"key\":{\"sha256\":\"$(sha "$SECRET")\",\"supplied\":true}" && ok "runs.plugins: key supplied + sha256" ||
    softfail "runs.plugins lacks the key's sha256: $P"
echo "$P" | grep -q "{\"name\":\"greetings.txt\",\"sha256\":\"$(sha256sum <"$WORK/data/hello/greetings.txt" | cut -d' ' -f1)\",\"version\":\"1.0\"}" &&
    ok "runs.plugins: greetings.txt version and sha256" || softfail "runs.plugins lacks the data file: $P"
C=$(q "$CASE" "SELECT command_line FROM runs ORDER BY id DESC LIMIT 1")
echo "$C" | grep -q "hello.key=<secret sha256:$(sha "$SECRET")>" && ok "command line redacted" ||
    softfail "command line not redacted: $C"
echo "$C" | grep -q "hello.greeting=hi" || softfail "command line lost a plain option: $C"

# the equals form, on a second evidence item... of a fresh case
CASE3=$WORK/case3.db
must_ingest "$CASE3" "$SRC" --plugin-dir "$GOOD" --plugin-opt=hello.key="$SECRET2"
C=$(q "$CASE3" "SELECT command_line FROM runs")
echo "$C" | grep -q "\"--plugin-opt=hello.key=<secret sha256:$(sha "$SECRET2")>\"" && ok "--plugin-opt= form redacted" ||
    softfail "--plugin-opt= form not redacted: $C"

# the secrets appear nowhere: not in any table, not in the file's bytes, not on stderr
for c in "$CASE" "$CASE3"; do
    sqlite3 "$c" .dump >"$WORK/dump.sql"
    if grep -q -e "$SECRET" -e "$SECRET2" "$WORK/dump.sql" || grep -qa -e "$SECRET" -e "$SECRET2" "$c"*; then
        softfail "a secret is stored in $c"
    else
        ok "no secret in $(basename "$c")"
    fi
done
grep -q -e "$SECRET" -e "$SECRET2" "$WORK/last.err" "$WORK/last.out" && softfail "a secret is printed"
finish
