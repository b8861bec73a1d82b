#!/usr/bin/env bash
# browser - the HTML report in headless Chromium (cdp_check.mjs over the DevTools protocol): the page loads
# from file:// with no console error, no exception and no request outside the report folder; the
# counts in the navigation and the rows rendered per section are the case's; the first conversation
# opens as bubbles; a search finds the one message with "USDT"; the scam script's two terms are
# highlighted; the target-list counterpart is red in the contact graph; the hostile message body did not
# become markup. The screenshot is WORKDIR/report.png. Skipped (77) without Chromium or the node packages.
# usage: browser.sh DFT_BIN TESTIMAGES WORKDIR RESEAL_BIN NODE_DIR
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/mkcase.sh"
RESEAL=$1 NODE_DIR=$2
HERE=$(cd "$(dirname "$0")" && pwd)
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { echo "SKIP: chromium not installed"; exit 77; }
[ -d "$NODE_DIR/node_modules/ws" ] || { echo "SKIP: node packages not installed"; exit 77; }
cp "$HERE/cdp_check.mjs" "$NODE_DIR/"
cd "$WORK"
mkcase "$WORK/case.db" "$RESEAL"
"$BIN" report case.db --html html > /dev/null || fail "report --html"
node "$NODE_DIR/cdp_check.mjs" "$CHROMIUM" html "$WORK/report.png" "$WORK/cdp.json" > cdp.out 2>&1 || {
    cat cdp.out >&2
    fail "the page did not pass in Chromium"
}
ok "chromium: $(head -c 300 cdp.out)"
[ -s report.png ] && [ "$(head -c 8 report.png | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] || softfail "no PNG screenshot"
python3 - "$WORK/cdp.json" "$WORK/case.db" <<'PY' || softfail "DOM content"
import json, sqlite3, sys
d = json.load(open(sys.argv[1]))
db = sqlite3.connect('file:' + sys.argv[2] + '?mode=ro', uri=True)
n = lambda sql: db.execute(sql).fetchone()[0]
want = {'messages': n('SELECT count(*) FROM messages'), 'calls': n('SELECT count(*) FROM calls'),
        'persons': n('SELECT count(*) FROM persons'), 'files': n('SELECT count(*) FROM files'),
        'threads': n('SELECT count(*) FROM (SELECT DISTINCT app, account, thread FROM messages)'),
        'addresses': n("SELECT count(DISTINCT subkind || value) FROM findings WHERE kind = 'crypto.address'")}
bad = []
for k, v in want.items():
    if d['dom']['counts'].get(k) != v: bad.append(f"nav count {k} {d['dom']['counts'].get(k)} != {v}")
    if d['dom']['rendered'].get(k) != min(v, 50): bad.append(f"rendered rows {k} {d['dom']['rendered'].get(k)} != {min(v, 50)}")
if d['bubbles'] < 1: bad.append('no chat bubbles')
if not str(d['search']).startswith('1 matches'): bad.append('search: %s' % d['search'])
if d['dom']['scriptMarks'] != 2: bad.append('script terms highlighted: %d' % d['dom']['scriptMarks'])
if d['dom']['flagged'] < 1: bad.append('no flagged counterpart in the graph')
if d['dom']['timelineBars'] < 4: bad.append('timeline bars: %d' % d['dom']['timelineBars'])
if d['dom']['injected']: bad.append('hostile markup became elements')
if d['failures']: bad.append('; '.join(d['failures']))
print('\n'.join(bad))
sys.exit(1 if bad else 0)
PY
finish
