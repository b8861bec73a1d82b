#!/usr/bin/env python3
"""report_bench.py - makes the benchmark case of `dftriage report`: 1,000,000 messages and 100,000 files.

  report_bench.py DFTRIAGE RESEAL OUTDIR [--messages N] [--files N]

A real case is made by `dftriage ingest` of a one-file directory (so case_info, runs, the audit chain and
the schema are the binary's own); then python3's sqlite3 adds, in a few transactions:
  - N files (evidence 1, paths /data/dNNN/fNNNNNN.bin, sizes, times, hashes);
  - M messages in 2,000 threads over 4 apps (80-char bodies, in/out, one per 30 s from 2024-01-01);
  - 10,000 calls, 5,000 contacts, 1,000 persons (targets, workers, some possible victims),
    5,000 crypto addresses, 500 scam-script findings;
then `report_reseal` seals the rows, so the case passes the report's integrity checks.
Deterministic (fixed seed). Output: OUTDIR/case.db.
"""
import os
import random
import sqlite3
import subprocess
import sys
import time


def main():
    args = sys.argv[1:]
    if len(args) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    dft, reseal, out = args[:3]
    n_msg = int(args[args.index('--messages') + 1]) if '--messages' in args else 1_000_000
    n_files = int(args[args.index('--files') + 1]) if '--files' in args else 100_000
    os.makedirs(out, exist_ok=True)
    case = os.path.join(out, 'case.db')
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(case + suffix):
            os.remove(case + suffix)
    ev = os.path.join(out, 'ev')
    os.makedirs(ev, exist_ok=True)
    with open(os.path.join(ev, 'seed.txt'), 'w') as f:
        f.write('report benchmark\n')
    t0 = time.time()
    subprocess.run([dft, 'ingest', case, ev, '--case-number', 'BENCH-1M', '--examiner', 'Bench',
                    '--no-progress', '--time-zone', 'Asia/Bangkok'], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    rnd = random.Random(12345)
    db = sqlite3.connect(case)
    db.execute('PRAGMA synchronous=OFF')
    base = db.execute('SELECT coalesce(max(id), 0) FROM files').fetchone()[0]
    words = ('hello dear friend platform deposit usdt profit trust investor today tomorrow bank transfer '
             'please send wallet address code verify account bonus team boss work visa passport').split()

    def text(n):
        return ' '.join(rnd.choice(words) for _ in range(n))

    db.execute('BEGIN')
    rows = []
    for i in range(n_files):
        fid = base + 1 + i
        name = 'f%06d.bin' % i
        t = '2024-%02d-%02dT%02d:%02d:00Z' % (1 + i % 12, 1 + i % 28, i % 24, i % 60)
        h = '%064x' % (i * 2654435761 % (1 << 256))
        rows.append((fid, 1, None, None, '/data/d%03d/%s' % (i % 500, name), name, 1000 + i, 'r', 1 + (i * 37) % 65536,
                     1, t, t, t, None, h[:32], h[:40], h, 'full', 'application/octet-stream'))
    db.executemany('INSERT INTO files(id, evidence_id, filesystem_id, parent_id, path, name, meta_addr, type, size,'
                   ' allocated, mtime, atime, ctime, crtime, md5, sha1, sha256, hash_status, mime)'
                   ' VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)', rows)
    apps = ('whatsapp', 'telegram', 'line', 'signal')
    db_files = [base + 1 + k for k in range(4)]
    threads = [(apps[k % 4], '+6690000000%d' % (k % 4), '+6681%07d' % k) for k in range(2000)]
    start = 1704067200  # 2024-01-01

    def utc(t):
        return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(t))

    batch = []
    for i in range(n_msg):
        app, acc, peer = threads[rnd.randrange(2000)]
        out_dir = rnd.random() < 0.45
        batch.append((1, db_files[apps.index(app)], app, app, acc, peer, 'Peer ' + peer[-4:],
                      acc if out_dir else peer, peer if out_dir else acc, 'out' if out_dir else 'in',
                      utc(start + i * 30), text(12), 0, 'message:%d' % (i + 1)))
        if len(batch) == 50000:
            db.executemany('INSERT INTO messages(evidence_id, file_id, plugin, app, account, thread, thread_title,'
                           ' sender, recipient, direction, sent_utc, body, deleted, source)'
                           ' VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)', batch)
            batch = []
    if batch:
        db.executemany('INSERT INTO messages(evidence_id, file_id, plugin, app, account, thread, thread_title,'
                       ' sender, recipient, direction, sent_utc, body, deleted, source)'
                       ' VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)', batch)
    db.executemany('INSERT INTO calls(evidence_id, file_id, plugin, app, account, counterpart, direction, status, media,'
                   ' start_utc, duration_s, deleted, source) VALUES (1,?,?,?,?,?,?,?,?,?,?,0,?)',
                   [(db_files[0], 'whatsapp', 'whatsapp', '+66900000000', threads[k % 2000][2], 'in' if k % 2 else 'out',
                     'answered', 'voice', utc(start + k * 600), k % 300, 'calls:%d' % k) for k in range(10000)])
    db.executemany('INSERT INTO contacts(evidence_id, file_id, plugin, app, name, phone, handle, source)'
                   ' VALUES (1,?,?,?,?,?,?,?)',
                   [(db_files[0], 'whatsapp', 'whatsapp', 'Contact %d' % k, threads[k % 2000][2], None, 'c:%d' % k)
                    for k in range(5000)])
    db.executemany('INSERT INTO persons(evidence_id, file_id, plugin, role, name, phone, nationality, details)'
                   ' VALUES (1,?,?,?,?,?,?,?)',
                   [(db_files[1], 'roster', 'target' if k % 3 else 'worker', 'Person %d' % k, threads[k % 2000][2], 'TH',
                     '{"possible_trafficking_victim":true}' if k % 10 == 0 else '{}') for k in range(1000)])
    db.executemany('INSERT INTO findings(evidence_id, file_id, plugin, kind, subkind, value, offset, length, confidence)'
                   ' VALUES (1,?,?,?,?,?,?,?,?)',
                   [(base + 1 + (k * 17) % n_files, 'cryptoscan', 'crypto.address', ('btc', 'eth', 'trx')[k % 3],
                     'addr%034d' % (k % 2500), k, 34, 0.99) for k in range(5000)] +
                   [(base + 1 + k, 'scamscript', 'script.scam', 'pig_butchering', text(30), 0, 200, 0.8) for k in range(500)])
    db.commit()
    db.close()
    subprocess.run([reseal, case, '1'], check=True)
    print('bench case: %s (%d messages, %d files) made in %.1f s' % (case, n_msg, n_files, time.time() - t0))
    return 0


if __name__ == '__main__':
    sys.exit(main())
