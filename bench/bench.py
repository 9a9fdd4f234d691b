#!/usr/bin/env python3
"""deckgen benchmark: wall time from process start to file written.

    python3 bench/bench.py            # all three cases, median of several runs
    python3 bench/bench.py --quick    # fewer runs

Cases (the targets are those of issue 6):
  annual    decks/annual.yaml, one 38-slide deck, workbook read included
  review    decks/review.yaml --each: every agent of the shipped sample data
  review1k  the same over a generated workbook with 1,000 agents
  weekly-png  decks/weekly.yaml --png for 2026-W47: the deck and its chat picture (issue 17)

Each run is a fresh process; the time is measured around it with
time.perf_counter and the peak memory is the child's ru_maxrss (os.wait4).
Prints a Markdown table: the README's performance section is copied from it.
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "deckgen")

TARGETS = {"annual": (0.030, None), "review": (0.300, 200), "review1k": (5.0, 200), "weekly-png": (1.0, None)}


def run(args, cwd=ROOT):
    """One process: (seconds, peak RSS in MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(args)}\n{err}")
    return took, usage.ru_maxrss / 1024


def measure(name, args, runs, before=None, count=None):
    times, peaks = [], []
    for _ in range(runs + 1):  # the first run warms the file cache and is dropped
        if before:
            before()
        t, m = run(args)
        times.append(t)
        peaks.append(m)
    times, peaks = times[1:], peaks[1:]
    decks = count() if count else 1
    return {
        "name": name,
        "runs": runs,
        "decks": decks,
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "peak": max(peaks),
    }


def machine():
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}, load {load:.2f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer runs")
    ap.add_argument("--only", choices=sorted(TARGETS), action="append", help="run only this case")
    ap.add_argument("--no-build", action="store_true", help="do not run cargo build --release first")
    a = ap.parse_args()
    cases = a.only or ["annual", "review", "review1k", "weekly-png"]

    if not a.no_build:
        subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)

    work = tempfile.mkdtemp(prefix="deckgen-bench-")
    env_today = os.environ.setdefault("DECKGEN_TODAY", "2026-11-23")
    results = []
    try:
        out = os.path.join(work, "out")

        def clean():
            shutil.rmtree(out, ignore_errors=True)

        def decks():
            return len([f for f in os.listdir(out) if f.endswith(".pptx")])

        if "annual" in cases:
            results.append(measure(
                "annual (38 slides, 28 charts)",
                [BIN, "build", "decks/annual.yaml", "-o", os.path.join(work, "annual.pptx"), "-q"],
                7 if a.quick else 21))
        if "review" in cases:
            results.append(measure(
                "review --each (sample data)",
                [BIN, "build", "decks/review.yaml", "--each", "-o", out + "/", "-q"],
                3 if a.quick else 11, before=clean, count=decks))
        if "review1k" in cases:
            big = os.path.join(work, "big")
            os.makedirs(big)
            subprocess.run([BIN, "sample-data", os.path.join(big, "data"), "--agents", "1000"],
                           cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            shutil.copy(os.path.join(ROOT, "decks", "review.yaml"), big)
            results.append(measure(
                "review --each (1,000 agents)",
                [BIN, "build", os.path.join(big, "review.yaml"), "--each", "-o", out + "/", "-q"],
                2 if a.quick else 5, before=clean, count=decks))
        if "weekly-png" in cases:
            results.append(measure(
                "weekly --png (9 slides, picture 1080 px)",
                [BIN, "build", "decks/weekly.yaml", "--period", "2026-W47", "-o", os.path.join(work, "weekly.pptx"),
                 "--png", "-q"],
                7 if a.quick else 21))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"machine: {machine()}; DECKGEN_TODAY={env_today}")
    print()
    print("| case | decks | runs | median | min | max | peak RSS | target |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    keys = {"annual": 0, "review": 1, "review1k": 2, "weekly-png": 3}
    for r, key in zip(results, [c for c in sorted(cases, key=keys.get)]):
        t, mem = TARGETS[key]
        target = f"≤ {t * 1000:.0f} ms" if t < 1 else f"≤ {t:.0f} s"
        if mem:
            target += f", ≤ {mem} MB"
        ok = r["median"] <= t and (mem is None or r["peak"] <= mem)
        print(f"| {r['name']} | {r['decks']} | {r['runs']} | {fmt(r['median'])} | {fmt(r['min'])} "
              f"| {fmt(r['max'])} | {r['peak']:.0f} MB | {target} {'✓' if ok else '✗'} |")


def fmt(s):
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


if __name__ == "__main__":
    main()
