#!/usr/bin/env python3
# bench/cli_search.py — the wall time of one `luutru search` process, start
# to exit, as a person or a script at the command line waits for it
# (bench/README.md, "CLI search").
#
#   bench/cli_search.py AR QUERIES [--kinds words,phrase] [--reps 3]
#                       [--bin build/luutru] [--bin OTHER[:AR2] ...]
#
# AR: a data directory (bench/search_speed.sh makes one); QUERIES: the
# query set of bench/make_corpus.sh ("kind<TAB>query" lines). Each query
# of the kinds listed runs once to warm the page cache, then REPS times as
# its own process, `luutru --data AR search QUERY --clearance 0`; the time
# is taken around the child (fork, exec, exit), with nothing else
# started. With several --bin the binaries take turns query by query, so
# that a load that comes and goes falls on each alike (OTHER:AR2: that one
# on its own copy of the archive, when their catalog versions differ).
# Prints per binary
# and kind the number of queries and the p50 and p95 over queries of each
# query's median time, in ms. Every search appends its audit entry, as
# always.
import argparse
import os
import statistics
import subprocess
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ar")
    ap.add_argument("queries")
    ap.add_argument("--kinds", default="words,phrase")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--bin", action="append")
    a = ap.parse_args()
    bins = a.bin or [os.path.join(os.environ.get("BUILD", "build"), "luutru")]
    kinds = a.kinds.split(",")
    queries = []
    with open(a.queries, encoding="utf-8") as f:
        for line in f:
            kind, _, q = line.rstrip("\n").partition("\t")
            if kind in kinds:
                queries.append((kind, q))

    def once(spec, q):
        b, _, ar = spec.partition(":")
        t0 = time.perf_counter()
        subprocess.run([b, "--data", ar or a.ar, "search", q, "--clearance", "0"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return (time.perf_counter() - t0) * 1000

    times = {b: {} for b in bins}
    print("load average at start: %.2f" % os.getloadavg()[0])
    for kind, q in queries:
        for b in bins:
            once(b, q)
        for _ in range(a.reps):
            for b in bins:
                times[b].setdefault(kind, {}).setdefault(q, []).append(once(b, q))
    print("load average at end: %.2f" % os.getloadavg()[0])
    print("| binary | kind | queries | p50 ms | p95 ms |")
    print("| --- | --- | ---: | ---: | ---: |")
    for b in bins:
        for kind in kinds:
            per_q = sorted(statistics.median(v) for v in times[b].get(kind, {}).values())
            if not per_q:
                continue
            p95 = per_q[max(0, int(round(0.95 * len(per_q))) - 1)]
            print("| %s | %s | %d | %.1f | %.1f |" % (b, kind, len(per_q),
                                                      statistics.median(per_q), p95))


if __name__ == "__main__":
    main()
