#!/usr/bin/env python3
"""
report.py - turn bench/run.sh's results.tsv into the markdown table and target checks; optionally
replace the block between `<!-- bench:begin -->` and `<!-- bench:end -->` in a markdown file
(docs/performance.md), leaving the rest of that file as it is (the block is appended if missing).

Ratios: `ratio` is the row's wall time divided by tsk_loaddb's wall time on the same image. Targets
follow the project issue: dftriage wall <= 1.0x tsk_loaddb on mixed.raw, files/s >= 3x tsk_loaddb on
small.raw, dftriage on each E01 <= 1.2x dftriage on the raw image it was made from, peak RSS < 512 MiB.
"""
import argparse
import csv
import math
import re
import sys

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def load(path):
    rows = []
    with open(path) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            r["wall"] = float(r["wall_s"])
            r["nfiles"] = int(r["files"]) if r["files"].isdigit() else None
            r["rss_mib"] = int(r["peak_rss_kib"]) / 1024.0
            rows.append(r)
    return rows


def raw_of(image):
    """mixed-fast.E01 -> mixed.raw"""
    return re.sub(r"(-(fast|none))?\.(E01|raw)$", ".raw", image)


def fmt(x, nd=2):
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else ("%.*f" % (nd, x))


def build(rows, a):
    get = {(r["tool"], r["image"]): r for r in rows}
    out = []
    out.append("Measured %s on %s." % (a.date, a.machine))
    out.append("`%s`; dftriage threads: %s; %s run(s) per cell (median wall time, max peak RSS); "
               "every command ran after one `cat IMAGE > /dev/null` (warm page cache for all)." %
               (a.dftriage_version, a.threads, a.reps))
    out.append("")
    out.append("| tool | image | wall s | files | files/s | peak RSS MiB | ratio vs tsk_loaddb |")
    out.append("|---|---|---:|---:|---:|---:|---:|")
    for r in rows:
        tsk = get.get(("tsk_loaddb", r["image"]))
        fps = r["nfiles"] / r["wall"] if r["nfiles"] and r["wall"] > 0 else None
        ratio = r["wall"] / tsk["wall"] if tsk and tsk["wall"] > 0 else None
        out.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            r["tool"], r["image"], fmt(r["wall"]), r["nfiles"] if r["nfiles"] is not None else "-",
            fmt(fps, 0), fmt(r["rss_mib"], 1), fmt(ratio) + "×" if ratio is not None else "-"))
    out.append("")
    out.append("files: dftriage = `select count(*) from files` (files + directories + virtual); "
               "tsk_loaddb = `select count(*) from tsk_files where type = 0 and name not in ('.', '..')` "
               "(file-system rows: files, directories, orphan folder; slack rows excluded). "
               "openssl/ewfverify rows: hashing floor of the whole image (no files).")
    out.append("")
    out.append("| target | measured | goal | met |")
    out.append("|---|---:|---:|:-:|")

    def target(name, val, goal, ok):
        out.append("| %s | %s | %s | %s |" % (name, val, goal, "yes" if ok else "**no**"))

    d, t = get.get(("dftriage", "mixed.raw")), get.get(("tsk_loaddb", "mixed.raw"))
    if d and t:
        x = d["wall"] / t["wall"]
        target("dftriage wall / tsk_loaddb wall, mixed.raw", "%.2f×" % x, "≤ 1.0×", x <= 1.0)
    d, t = get.get(("dftriage", "small.raw")), get.get(("tsk_loaddb", "small.raw"))
    if d and t and d["nfiles"] and t["nfiles"]:
        x = (d["nfiles"] / d["wall"]) / (t["nfiles"] / t["wall"])
        target("dftriage files/s / tsk_loaddb files/s, small.raw", "%.2f×" % x, "≥ 3×", x >= 3.0)
    for r in rows:
        if r["tool"] == "dftriage" and r["image"].endswith(".E01"):
            base = get.get(("dftriage", raw_of(r["image"])))
            if base:
                x = r["wall"] / base["wall"]
                target("dftriage wall %s / %s" % (r["image"], base["image"]), "%.2f×" % x, "≤ 1.2×", x <= 1.2)
    ds = [r for r in rows if r["tool"] == "dftriage"]
    if ds:
        m = max(r["rss_mib"] for r in ds)
        target("dftriage peak RSS (max over all images)", "%.0f MiB" % m, "< 512 MiB", m < 512)
    for img in sorted({r["image"] for r in rows if r["image"].endswith(".raw")}):
        d, o = get.get(("dftriage", img)), get.get(("openssl", img))
        if d and o and o["wall"] > 0:
            out.append("| (info) dftriage wall / `openssl dgst -md5` wall, %s | %.2f× | - | - |" %
                       (img, d["wall"] / o["wall"]))
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--machine", default="?")
    ap.add_argument("--date", default="?")
    ap.add_argument("--reps", default="1")
    ap.add_argument("--threads", default="default")
    ap.add_argument("--dftriage-version", default="dftriage")
    ap.add_argument("--doc")
    a = ap.parse_args()
    text = build(load(a.results), a)
    sys.stdout.write(text)
    if a.doc:
        try:
            doc = open(a.doc).read()
        except FileNotFoundError:
            doc = "# Performance\n\n"
        block = BEGIN + "\n" + text + END
        if BEGIN in doc and END in doc:
            doc = doc[:doc.index(BEGIN)] + block + doc[doc.index(END) + len(END):]
        else:
            doc = doc.rstrip("\n") + "\n\n" + block + "\n"
        with open(a.doc, "w") as f:
            f.write(doc)
        print("report: wrote %s" % a.doc, file=sys.stderr)


if __name__ == "__main__":
    main()
