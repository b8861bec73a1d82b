// cdp_check.mjs - opens a dftriage HTML report in headless Chromium and checks it through the DevTools
// protocol (no puppeteer: Chromium's own --remote-debugging-port and the `ws` package).
//   node cdp_check.mjs CHROMIUM REPORT_DIR SCREENSHOT.png OUT.json
// Checks: the page and its data load with no console error, no uncaught exception and no failed load;
// every request is a file:// URL inside REPORT_DIR (or data:); the viewer finishes (body[data-ready]).
// Then it reads counts from the DOM, opens the first conversation (bubbles), runs a section search,
// measures the time to the first rendered page, writes a full-page PNG and OUT.json with what it saw.
// Exit 0 = all held, 1 = a check failed (printed), 2 = Chromium could not be driven.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

const [chromium, reportDir, shotFile, outFile] = process.argv.slice(2);
if (!outFile) { console.error('usage: node cdp_check.mjs CHROMIUM REPORT_DIR SCREENSHOT.png OUT.json'); process.exit(2); }
const dir = fs.realpathSync(reportDir);
const pageUrl = 'file://' + dir + '/index.html';
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dft-chromium-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const proc = spawn(chromium, ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--no-default-browser-check', '--disable-extensions', '--disable-background-networking', '--disable-sync',
  '--disable-component-update', '--disable-default-apps', '--metrics-recording-only', '--mute-audio',
  '--remote-debugging-port=0', '--user-data-dir=' + profile, '--window-size=1280,900', 'about:blank'],
  { stdio: ['ignore', 'ignore', 'pipe'] });
let stderr = '';
proc.stderr.on('data', (d) => { stderr += d; });

// Chromium's helper processes keep writing the profile for a moment after the browser is killed, so
// the exit code is decided before cleanup and removing the profile is retried, never a test failure.
let exiting = false;
function removeProfile() {
  try { fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }); }
  catch (e) { console.error('note: could not remove ' + profile + ': ' + e.code); }
}
function cleanup(code) {
  if (exiting) return;
  exiting = true;
  const finish = () => { removeProfile(); process.exit(code); };
  if (proc.exitCode !== null || proc.signalCode !== null) { finish(); return; }
  proc.once('exit', () => setTimeout(finish, 200));
  setTimeout(finish, 5000).unref();
  try { proc.kill('SIGKILL'); } catch (e) { finish(); }
}
const watchdog = setTimeout(() => { console.error('FAIL: timed out; chromium stderr:\n' + stderr.slice(-2000)); cleanup(1); }, 120000);

// the DevTools port, from the profile's DevToolsActivePort file
let port = null, wsPath = null;
for (let i = 0; i < 300 && !port; i++) {
  await sleep(100);
  const f = path.join(profile, 'DevToolsActivePort');
  if (fs.existsSync(f)) {
    const lines = fs.readFileSync(f, 'utf8').split('\n');
    if (lines.length >= 2 && lines[1]) { port = lines[0].trim(); wsPath = lines[1].trim(); }
  }
}
if (!port) { console.error('chromium did not start:\n' + stderr.slice(-2000)); clearTimeout(watchdog); cleanup(2); await new Promise(() => {}); }

const ws = new WebSocket(`ws://127.0.0.1:${port}${wsPath}`);
await new Promise((res, rej) => { ws.once('open', res); ws.once('error', rej); });
let nextId = 1;
const pending = new Map();
const events = [];
ws.on('message', (buf) => {
  const m = JSON.parse(buf.toString());
  if (m.id && pending.has(m.id)) {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error) p.rej(new Error(JSON.stringify(m.error)));
    else p.res(m.result);
  } else if (m.method) {
    events.push(m);
  }
});
function send(method, params = {}, sessionId) {
  const id = nextId++;
  const msg = { id, method, params };
  if (sessionId) msg.sessionId = sessionId;
  ws.send(JSON.stringify(msg));
  return new Promise((res, rej) => pending.set(id, { res, rej }));
}

const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
const S = (m, p) => send(m, p, sessionId);
await S('Page.enable');
await S('Runtime.enable');
await S('Log.enable');
await S('Network.enable');
await S('Emulation.setDeviceMetricsOverride', { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false });

const t0 = Date.now();
await S('Page.navigate', { url: pageUrl });
const evalJs = async (expr) => {
  const r = await S('Runtime.evaluate', { expression: expr, returnByValue: true, awaitPromise: true });
  if (r.exceptionDetails) throw new Error('evaluate failed: ' + JSON.stringify(r.exceptionDetails));
  return r.result.value;
};
let ready = false;
for (let i = 0; i < 600 && !ready; i++) {
  await sleep(50);
  try { ready = await evalJs("document.body && document.body.getAttribute('data-ready') === '1'"); } catch (e) { /* navigating */ }
}
const readyMs = Date.now() - t0;
const firstPaint = await evalJs("(performance.getEntriesByType('navigation')[0] || {}).domContentLoadedEventEnd || 0");
const firstSectionMs = await evalJs("+(document.body.getAttribute('data-first-ms') || 0)");
const allSectionsMs = await evalJs("+(document.body.getAttribute('data-ready-ms') || 0)");

const failures = [];
if (!ready) failures.push('the viewer never finished (body[data-ready] not set)');

// the DOM: counts in the navigation, rows rendered per section, pictures drawn
const dom = await evalJs(`(() => {
  const counts = {};
  document.querySelectorAll('nav span.count[data-section]').forEach((e) => { counts[e.dataset.section] = +e.textContent; });
  const rendered = {};
  document.querySelectorAll('section.data').forEach((s) => { rendered[s.dataset.section] = s.querySelectorAll('table.rows tr').length - (s.querySelector('table.rows') ? 1 : 0); });
  return { counts, rendered, title: document.title,
    timelineBars: document.querySelectorAll('#timeline-chart svg rect').length,
    graphEdges: document.querySelectorAll('#graph-chart svg line').length,
    flagged: document.querySelectorAll('#graph-chart svg circle[fill="#b3261e"]').length,
    scriptMarks: document.querySelectorAll('#sec-scripts mark').length,
    injected: document.querySelectorAll('img[src="x"]').length +
      [...document.scripts].filter((x) => /alert/.test(x.textContent) && !x.id && !/DFT/.test(x.textContent)).length };
})()`);

// open the first conversation, and search a section
const bubbles = await evalJs(`(async () => {
  const row = document.querySelector('#sec-threads table.rows tr.click');
  if (!row) return -1;
  row.click();
  for (let i = 0; i < 100; i++) {
    const n = document.querySelectorAll('#sec-threads .bubble').length;
    if (n) return n;
    await new Promise((r) => setTimeout(r, 50));
  }
  return 0;
})()`);
const search = await evalJs(`(async () => {
  const sec = document.querySelector('#sec-messages');
  if (!sec) return null;
  const input = sec.querySelector('input[type=search]');
  input.value = 'USDT';
  sec.querySelectorAll('.tools button')[0].click();
  for (let i = 0; i < 200; i++) {
    const st = sec.querySelector('.tools .sub');
    if (st && /matches/.test(st.textContent)) return st.textContent;
    await new Promise((r) => setTimeout(r, 50));
  }
  return 'no result';
})()`);

const shot = await S('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true,
  clip: { x: 0, y: 0, width: 1280, height: await evalJs('Math.min(document.documentElement.scrollHeight, 8000)'), scale: 1 } });
fs.writeFileSync(shotFile, Buffer.from(shot.data, 'base64'));
await sleep(300); // late console messages

// console errors, exceptions, failed loads, requests outside the report folder
const requests = [];
for (const e of events) {
  const p = e.params || {};
  if (e.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert'))
    failures.push('console.' + p.type + ': ' + (p.args || []).map((a) => a.value ?? a.description).join(' '));
  if (e.method === 'Runtime.exceptionThrown')
    failures.push('exception: ' + (p.exceptionDetails.exception?.description || p.exceptionDetails.text));
  if (e.method === 'Log.entryAdded' && p.entry.level === 'error') failures.push('log error: ' + p.entry.text + ' ' + (p.entry.url || ''));
  if (e.method === 'Network.requestWillBeSent') {
    const u = p.request.url;
    requests.push(u);
    if (!(u.startsWith('file://' + dir + '/') || u.startsWith('data:'))) failures.push('request outside the report: ' + u);
  }
  if (e.method === 'Network.loadingFailed') failures.push('load failed: ' + p.errorText + ' ' + (p.requestId || ''));
}
const out = { readyMs, domContentLoadedMs: firstPaint, firstSectionMs, allSectionsMs, dom, bubbles, search, requests: requests.length, failures };
fs.writeFileSync(outFile, JSON.stringify(out, null, 1));
console.log(JSON.stringify({ readyMs, dom, bubbles, search, requests: requests.length }));
for (const f of failures) console.log('FAIL: ' + f);
clearTimeout(watchdog);
ws.close();
cleanup(failures.length ? 1 : 0);
