/* viewer.js - the inline viewer of the dftriage HTML report (compiled into report_viewer.c by
 * gen_viewer.py). It pages and searches the section data files (data/<section>-<n>.js, loaded by
 * <script src>, since browsers block fetch() of file:// pages), draws the timeline and the contact
 * graph as SVG, and shows conversations as chat bubbles.
 * Safety: every value from the case is put into the page with textContent or as an SVG text node,
 * never as HTML, so a hostile file name or message body stays text. */
(function () {
  'use strict';
  var M = JSON.parse(document.getElementById('dft-manifest').textContent);
  var SVGNS = 'http://www.w3.org/2000/svg';
  var PAGE = 50;
  var THREAD_PAGE = 100;
  var MAX_CACHE = 40;
  var MAX_MATCHES = 1000;
  var PROV = { e: {}, f: {} };
  /* data/prov.js (every file a row points to: large for a large case) loads beside the first pages,
   * not before them; provenance cells drawn before it arrives are filled in when it does */
  var provLoaded = false;
  var provCells = [];
  var cache = {};
  var order = [];
  var waiting = {};
  var SEC = {};
  M.sections.forEach(function (s) { SEC[s.id] = s; });

  function keep(key, rows) {
    cache[key] = rows;
    order.push(key);
    while (order.length > MAX_CACHE) delete cache[order.shift()];
  }

  window.DFT = {
    chunk: function (sec, n, rows) {
      var key = sec + '-' + n;
      keep(key, rows);
      var w = waiting[key];
      delete waiting[key];
      if (w) w.ok.forEach(function (f) { f(rows); });
    },
    prov: function (p) {
      PROV = p;
      var w = waiting.prov;
      delete waiting.prov;
      if (w) w.ok.forEach(function (f) { f(p); });
    }
  };

  function loadScript(key, src) {
    return new Promise(function (resolve, reject) {
      if (cache[key]) { resolve(cache[key]); return; }
      if (waiting[key]) { waiting[key].ok.push(resolve); waiting[key].bad.push(reject); return; }
      waiting[key] = { ok: [resolve], bad: [reject] };
      var s = document.createElement('script');
      s.src = src;
      s.onerror = function () {
        var w = waiting[key];
        delete waiting[key];
        if (w) w.bad.forEach(function (f) { f(new Error('cannot load ' + src)); });
      };
      s.onload = function () { s.parentNode.removeChild(s); };
      document.body.appendChild(s);
    });
  }

  function chunk(sec, n) { return loadScript(sec + '-' + n, 'data/' + sec + '-' + n + '.js'); }

  /* rows [from, to) of a section, as arrays */
  function rows(sec, from, to) {
    var s = SEC[sec];
    to = Math.min(to, s.rows);
    if (from >= to) return Promise.resolve([]);
    var first = Math.floor(from / s.chunk), last = Math.floor((to - 1) / s.chunk);
    var ps = [];
    for (var c = first; c <= last; c++) ps.push(chunk(sec, c));
    return Promise.all(ps).then(function (parts) {
      var out = [];
      parts.forEach(function (p, i) {
        var base = (first + i) * s.chunk;
        for (var j = 0; j < p.length; j++) {
          var k = base + j;
          if (k >= from && k < to) out.push(p[j]);
        }
      });
      return out;
    });
  }

  function obj(sec, arr) {
    var o = {};
    SEC[sec].columns.forEach(function (c, i) { o[c] = arr[i]; });
    return o;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  /* ---- times: UTC as stored, and the case time zone beside it ---- */
  function localTime(utc) {
    var tz = M.time_zone;
    if (!utc || !tz || tz === 'UTC') return '';
    var d = new Date(utc);
    if (isNaN(d.getTime())) return '';
    var m = /^([+-])(\d\d):?(\d\d)$/.exec(tz);
    if (m) {
      var off = (m[1] === '-' ? -1 : 1) * (parseInt(m[2], 10) * 60 + parseInt(m[3], 10));
      return new Date(d.getTime() + off * 60000).toISOString().replace('T', ' ').replace(/(\.\d+)?Z$/, '') + ' ' + tz;
    }
    try {
      return new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(d) + ' ' + tz;
    } catch (e) { return ''; }
  }

  function timeCell(td, utc) {
    td.appendChild(el('span', null, utc));
    var l = localTime(utc);
    if (l) { td.appendChild(document.createElement('br')); td.appendChild(el('span', 'local', l)); }
  }

  /* ---- provenance: evidence sha256 > partition > file system > path (inode) > offset > source row ---- */
  function provCell(tag, sec, o) {
    var node = el(tag, 'prov', provText(sec, o) + (provLoaded ? '' : ' \u2026'));
    if (!provLoaded) provCells.push({ node: node, sec: sec, o: o });
    return node;
  }

  function provArrived() {
    provLoaded = true;
    provCells.forEach(function (c) { c.node.textContent = provText(c.sec, c.o); });
    provCells = [];
  }

  function provText(sec, o) {
    var p = [];
    var s = SEC[sec];
    if (sec === 'files') {
      var e0 = PROV.e[o.evidence_id];
      p.push('evidence ' + o.evidence_id + ' sha256 ' + (e0 && e0[0] ? e0[0] : '(item hashed per file)'));
      if (o.vol_slot !== null && o.vol_slot !== undefined) p.push('partition slot ' + o.vol_slot + ' @' + o.vol_offset);
      if (o.fs_type) p.push(o.fs_type + ' @' + o.fs_offset);
      if (o.meta_addr !== null) p.push('inode ' + o.meta_addr);
      p.push('case row files:' + o.id);
      return p.join(' \u203a ');
    }
    var f = (o.file_id !== null && o.file_id !== undefined) ? PROV.f[o.file_id] : null;
    var evid = (o.evidence_id !== null && o.evidence_id !== undefined) ? o.evidence_id : (f ? f[0] : null);
    var e = evid !== null ? PROV.e[evid] : null;
    if (e) p.push('evidence ' + evid + ' sha256 ' + (e[0] || '(' + e[2] + ': hashed per file)'));
    if (f) {
      if (f[5] !== null) p.push('partition slot ' + f[5] + ' @' + f[6]);
      if (f[3]) p.push(f[3] + ' @' + f[4]);
      p.push(f[1]);
      if (f[2] !== null) p.push('inode ' + f[2]);
      if (f[8] === 0) p.push('deleted file');
      if (f[7]) p.push('file sha256 ' + f[7]);
    }
    if (o.offset !== null && o.offset !== undefined) p.push('offset ' + o.offset);
    if (o.media_offset !== null && o.media_offset !== undefined) p.push('media offset ' + o.media_offset);
    if (o.decoded_path) p.push('decoded ' + o.decoded_path);
    if (o.source) p.push('source ' + (typeof o.source === 'string' ? o.source : JSON.stringify(o.source)));
    var id = o.id !== undefined ? o.id : o.finding_id;
    if (id !== undefined && id !== null) p.push('case row ' + (s.table === 'findings' || o.finding_id !== undefined ? 'findings' : s.table) + ':' + id);
    return p.join(' \u203a ');
  }

  var HIDDEN = { evidence_id: 1, file_id: 1, personal: 1, offset: 1, media_offset: 1, decoded_path: 1, source: 1,
    region_id: 1, vol_slot: 1, vol_offset: 1, fs_type: 1, fs_offset: 1, victim: 1, start: 1, finding_id: 1 };
  var TIMES = { sent_utc: 1, start_utc: 1, mtime: 1, atime: 1, ctime: 1, crtime: 1, first_utc: 1, last_utc: 1 };
  var FLAG_KINDS = { 'crypto.seed': 1, 'crypto.private_key': 1, 'crypto.xkey': 1 };

  function shown(sec) {
    return SEC[sec].columns.filter(function (c) { return !HIDDEN[c]; });
  }

  /* a script.scam value with its matched terms highlighted, and its stages */
  function scriptCell(td, o) {
    var d = null;
    try { d = o.details ? JSON.parse(o.details) : null; } catch (e) { d = null; }
    var text = o.value === null ? '' : String(o.value);
    var terms = [];
    if (d && Array.isArray(d.terms)) d.terms.forEach(function (t) {
      var s = typeof t === 'string' ? t : (t && t.term);
      if (s) terms.push(String(s));
    });
    var lower = text.toLowerCase(), marks = [];
    terms.forEach(function (t) {
      var tl = t.toLowerCase(), i = 0;
      if (!tl) return;
      while ((i = lower.indexOf(tl, i)) >= 0) { marks.push([i, i + tl.length]); i += tl.length; }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    marks.forEach(function (m) {
      if (m[0] < pos) return;
      td.appendChild(document.createTextNode(text.slice(pos, m[0])));
      td.appendChild(el('mark', null, text.slice(m[0], m[1])));
      pos = m[1];
    });
    td.appendChild(document.createTextNode(text.slice(pos)));
    if (d && d.family) { td.appendChild(document.createElement('br')); td.appendChild(el('span', 'badge amber', 'family: ' + d.family)); }
    if (d && Array.isArray(d.stages)) d.stages.forEach(function (st) { td.appendChild(el('span', 'badge', 'stage: ' + (typeof st === 'string' ? st : JSON.stringify(st)))); });
    if (terms.length) td.appendChild(el('div', 'sub', 'matched terms: ' + terms.join(', ')));
  }

  function cell(sec, col, o) {
    var td = el('td');
    var v = o[col];
    if (v === null || v === undefined) { td.appendChild(el('span', 'null', '\u2014')); return td; }
    if (TIMES[col]) { timeCell(td, v); return td; }
    if (col === 'value' && o.kind === 'script.scam') { scriptCell(td, o); return td; }
    if (col === 'role') {
      td.appendChild(el('span', v === 'target' ? 'badge red' : 'badge', v));
      if (o.victim) td.appendChild(el('span', 'badge amber', 'possible trafficking victim'));
      return td;
    }
    if (col === 'kind' && FLAG_KINDS[v]) { td.appendChild(el('span', 'badge red', v)); return td; }
    if (col === 'sha256' || col === 'md5' || col === 'address') td.className = 'hash';
    var t = typeof v === 'string' ? v : JSON.stringify(v);
    if (col === 'details' && t.length > 400) t = t.slice(0, 400) + '\u2026';
    td.textContent = t;
    return td;
  }

  function rowClass(sec, o) {
    if (sec === 'secrets' || FLAG_KINDS[o.kind]) return 'flag';
    if (sec === 'persons' && o.victim) return 'victim';
    if (sec === 'persons' && o.role === 'target') return 'flag';
    return '';
  }

  function table(sec, list, onClick) {
    var cols = shown(sec);
    var t = el('table', 'rows');
    var h = el('tr');
    cols.forEach(function (c) { h.appendChild(el('th', null, c)); });
    h.appendChild(el('th', null, 'provenance'));
    t.appendChild(h);
    list.forEach(function (arr) {
      var o = obj(sec, arr);
      var tr = el('tr', rowClass(sec, o));
      cols.forEach(function (c) { tr.appendChild(cell(sec, c, o)); });
      tr.appendChild(provCell('td', sec, o));
      if (onClick) { tr.className += ' click'; tr.addEventListener('click', function () { onClick(o); }); }
      t.appendChild(tr);
    });
    return t;
  }

  function pager(box, total, page, size, go) {
    var pages = Math.max(1, Math.ceil(total / size));
    var bar = el('div', 'tools');
    function btn(label, p) {
      var b = el('button', null, label);
      b.disabled = p < 0 || p >= pages || p === page;
      b.addEventListener('click', function () { go(p); });
      bar.appendChild(b);
    }
    btn('\u00ab', 0); btn('\u2039', page - 1);
    bar.appendChild(el('span', 'sub', 'page ' + (page + 1) + ' of ' + pages + ' (' + total + ' rows)'));
    btn('\u203a', page + 1); btn('\u00bb', pages - 1);
    box.appendChild(bar);
  }

  /* ---- a section: paged table + search over all its chunks ---- */
  function Section(node) {
    this.id = node.getAttribute('data-section');
    this.s = SEC[this.id];
    this.body = node.querySelector('.body');
    this.page = 0;
    this.matches = null;
    this.threadBox = null;
  }

  Section.prototype.tools = function () {
    var self = this;
    var bar = el('div', 'tools');
    var q = el('input');
    q.type = 'search';
    q.placeholder = 'search in ' + this.s.title.toLowerCase();
    var go = el('button', null, 'Search');
    var clear = el('button', null, 'Clear');
    var status = el('span', 'sub');
    go.addEventListener('click', function () { self.search(q.value, status); });
    q.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') self.search(q.value, status); });
    clear.addEventListener('click', function () { q.value = ''; status.textContent = ''; self.matches = null; self.show(0); });
    bar.appendChild(q); bar.appendChild(go); bar.appendChild(clear); bar.appendChild(status);
    this.bar = bar;
    this.list = el('div');
    this.threadBox = el('div');
    while (this.body.firstChild) this.body.removeChild(this.body.firstChild);
    this.body.appendChild(bar);
    this.body.appendChild(this.list);
    this.body.appendChild(this.threadBox);
  };

  Section.prototype.show = function (page) {
    var self = this;
    this.page = page;
    var total = this.matches ? this.matches.length : this.s.rows;
    var get = this.matches ? Promise.resolve(this.matches.slice(page * PAGE, page * PAGE + PAGE))
                           : rows(this.id, page * PAGE, page * PAGE + PAGE);
    return get.then(function (list) {
      while (self.list.firstChild) self.list.removeChild(self.list.firstChild);
      pager(self.list, total, page, PAGE, function (p) { self.show(p); });
      self.list.appendChild(table(self.id, list, self.id === 'threads' ? function (o) { self.thread(o, 0); } : null));
    }, function (err) { self.list.textContent = String(err.message || err); });
  };

  Section.prototype.search = function (text, status) {
    var self = this;
    var needle = String(text || '').toLowerCase();
    if (!needle) return;
    var found = [], n = 0, c = 0, chunks = this.s.chunks;
    status.textContent = 'searching\u2026';
    function next() {
      if (c >= chunks || found.length >= MAX_MATCHES) {
        self.matches = found;
        status.textContent = found.length + (found.length >= MAX_MATCHES ? '+' : '') + ' matches in ' + n + ' of ' + self.s.rows + ' rows';
        return self.show(0);
      }
      return chunk(self.id, c++).then(function (list) {
        for (var i = 0; i < list.length && found.length < MAX_MATCHES; i++) {
          var hay = JSON.stringify(list[i]).toLowerCase();
          if (hay.indexOf(needle) >= 0) found.push(list[i]);
        }
        n += list.length;
        status.textContent = 'searching\u2026 ' + n + ' of ' + self.s.rows + ' rows';
        return next();
      });
    }
    return next();
  };

  /* a conversation: the messages [start, start + count) of the messages section, as bubbles */
  Section.prototype.thread = function (t, page) {
    var self = this, box = this.threadBox;
    var from = t.start + page * THREAD_PAGE, to = Math.min(t.start + t.count, from + THREAD_PAGE);
    return rows('messages', from, to).then(function (list) {
      while (box.firstChild) box.removeChild(box.firstChild);
      var wrap = el('div', 'thread');
      wrap.appendChild(el('h3', null, (t.app || '?') + ': ' + (t.thread_title || t.thread || '(no thread)') +
        ' \u2014 account ' + (t.account || '?') + ' \u2014 ' + t.count + ' messages'));
      pager(wrap, t.count, page, THREAD_PAGE, function (p) { self.thread(t, p); });
      list.forEach(function (arr) {
        var m = obj('messages', arr);
        var b = el('div', 'bubble ' + (m.direction === 'out' ? 'out' : 'in') + (m.deleted ? ' deleted' : ''));
        var meta = el('div', 'meta');
        meta.appendChild(el('span', null, (m.sender || '?') + ' \u2192 ' + (m.recipient || '?') + '  '));
        timeCell(meta, m.sent_utc);
        if (m.deleted) meta.appendChild(el('span', 'badge red', 'deleted'));
        b.appendChild(meta);
        b.appendChild(el('div', null, m.body === null ? '' : m.body));
        if (m.attachment) b.appendChild(el('div', 'sub', 'attachment: ' + m.attachment));
        b.appendChild(provCell('div', 'messages', m));
        wrap.appendChild(b);
      });
      box.appendChild(wrap);
    });
  };

  /* ---- pictures ---- */
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = String(text);
    return e;
  }

  var SERIES = [['files', '#5b8def'], ['messages', '#2e9e5b'], ['calls', '#e8a200'], ['wallet/crypto', '#b3261e']];

  function drawTimeline() {
    var box = document.getElementById('timeline-chart');
    var days = M.timeline;
    if (!days.length) { box.appendChild(el('p', 'sub', 'No dated activity.')); return; }
    var data = days, unit = 'day';
    if (days.length > 730) { /* many years: per month */
      var by = {}, keys = [];
      days.forEach(function (d) {
        var k = d[0].slice(0, 7);
        if (!by[k]) { by[k] = [k, 0, 0, 0, 0]; keys.push(k); }
        for (var i = 1; i < 5; i++) by[k][i] += d[i];
      });
      data = keys.map(function (k) { return by[k]; });
      unit = 'month';
    }
    var W = 960, H = 220, L = 50, B = 30, T = 20;
    var max = 1;
    data.forEach(function (d) { max = Math.max(max, d[1] + d[2] + d[3] + d[4]); });
    var bw = Math.max(1, (W - L - 10) / data.length);
    var s = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img', 'aria-label': 'activity per ' + unit });
    s.appendChild(svg('line', { x1: L, y1: H - B, x2: W - 10, y2: H - B, stroke: '#888' }));
    s.appendChild(svg('text', { x: 4, y: T + 4, 'font-size': 11 }, String(max)));
    s.appendChild(svg('text', { x: 4, y: H - B, 'font-size': 11 }, '0'));
    data.forEach(function (d, i) {
      var y = H - B;
      for (var k = 1; k < 5; k++) {
        if (!d[k]) continue;
        var h = d[k] / max * (H - B - T);
        y -= h;
        var r = svg('rect', { x: L + i * bw, y: y, width: Math.max(1, bw - (bw > 3 ? 1 : 0)), height: Math.max(0.5, h), fill: SERIES[k - 1][1] });
        r.appendChild(svg('title', {}, d[0] + ': ' + d[k] + ' ' + SERIES[k - 1][0]));
        s.appendChild(r);
      }
    });
    s.appendChild(svg('text', { x: L, y: H - 10, 'font-size': 11 }, data[0][0]));
    s.appendChild(svg('text', { x: W - 10, y: H - 10, 'font-size': 11, 'text-anchor': 'end' }, data[data.length - 1][0]));
    SERIES.forEach(function (se, i) {
      s.appendChild(svg('rect', { x: L + 150 + i * 120, y: 4, width: 10, height: 10, fill: se[1] }));
      s.appendChild(svg('text', { x: L + 164 + i * 120, y: 13, 'font-size': 11 }, se[0]));
    });
    box.appendChild(s);
  }

  function drawGraph() {
    var box = document.getElementById('graph-chart');
    var edges = M.graph;
    if (!edges.length) { box.appendChild(el('p', 'sub', 'No messages or calls with a counterpart.')); return; }
    var left = [], right = [], li = {}, ri = {}, flagged = {};
    edges.forEach(function (e) {
      if (!(e[0] in li)) { li[e[0]] = left.length; left.push(e[0]); }
      if (!(e[1] in ri)) { ri[e[1]] = right.length; right.push(e[1]); }
      if (e[3]) flagged[e[1]] = 1;
    });
    var rowH = 18, W = 960, H = Math.max(left.length, right.length) * rowH + 40;
    var xl = 280, xr = 680, max = 1;
    edges.forEach(function (e) { max = Math.max(max, e[2]); });
    var s = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img', 'aria-label': 'contact graph' });
    function ly(i) { return 30 + i * rowH * Math.max(1, right.length / Math.max(1, left.length)); }
    function ry(i) { return 30 + i * rowH; }
    edges.forEach(function (e) {
      var w = 0.6 + 5 * Math.log(1 + e[2]) / Math.log(1 + max);
      var line = svg('line', { x1: xl, y1: ly(li[e[0]]), x2: xr, y2: ry(ri[e[1]]), stroke: e[3] ? '#b3261e' : '#7f95ad',
        'stroke-width': w.toFixed(2), 'stroke-opacity': 0.7 });
      line.appendChild(svg('title', {}, e[0] + ' \u2194 ' + e[1] + ': ' + e[2]));
      s.appendChild(line);
    });
    left.forEach(function (a, i) {
      s.appendChild(svg('circle', { cx: xl, cy: ly(i), r: 5, fill: '#14314f' }));
      s.appendChild(svg('text', { x: xl - 8, y: ly(i) + 4, 'font-size': 12, 'text-anchor': 'end' }, a));
    });
    right.forEach(function (c, i) {
      var f = flagged[c];
      s.appendChild(svg('circle', { cx: xr, cy: ry(i), r: f ? 6 : 4, fill: f ? '#b3261e' : '#5b8def' }));
      s.appendChild(svg('text', { x: xr + 8, y: ry(i) + 4, 'font-size': 12, fill: f ? '#b3261e' : '#1b1f24',
        'font-weight': f ? 'bold' : 'normal' }, c + (f ? ' (target list)' : '')));
    });
    s.appendChild(svg('text', { x: xl, y: 14, 'font-size': 12, 'text-anchor': 'middle', 'font-weight': 'bold' }, 'device accounts'));
    s.appendChild(svg('text', { x: xr, y: 14, 'font-size': 12, 'text-anchor': 'middle', 'font-weight': 'bold' }, 'counterparts'));
    box.appendChild(s);
  }

  function start(provReady) {
    drawTimeline();
    drawGraph();
    var nodes = document.querySelectorAll('section.data');
    var todo = [];
    for (var i = 0; i < nodes.length; i++) {
      var sec = new Section(nodes[i]);
      if (!sec.s || !sec.s.rows) continue;
      sec.tools();
      todo.push(sec);
    }
    /* the first page of every section, loaded in parallel; data-first-ms records when the first
     * section on the page was drawn, data-ready when all were (the browser test and the bench read them) */
    var first = true;
    Promise.all(todo.map(function (sec) {
      return sec.show(0).then(function () {
        if (first) { first = false; document.body.setAttribute('data-first-ms', String(Math.round(performance.now()))); }
      });
    }).concat([provReady])).then(function () {
      document.body.setAttribute('data-ready-ms', String(Math.round(performance.now())));
      document.body.setAttribute('data-ready', '1');
    });
  }

  start(loadScript('prov', 'data/prov.js').then(provArrived, function () {
    document.body.appendChild(el('p', 'alarm', 'data/prov.js is missing: copy the whole report folder.'));
    provArrived();
  }));
}());
