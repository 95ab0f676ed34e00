"""Benchmark: a cold `nrkg query` against a fresh-process rdflib baseline doing the same work.

    python bench/query_bench.py [QUERY] [--runs N]    (default: conflicts)

Both sides are whole processes, run interleaved so they share the machine's conditions: nrkg runs
the stored query on its built dataset (pyoxigraph); the baseline imports rdflib, parses the built
TriG into ``Dataset(default_union=True)`` and runs the same query text. Prints the medians and their
ratio. This is a benchmark, not a test: timings on shared machines are noisy, ratios less so.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASELINE = """
import sys
from rdflib import Dataset
ds = Dataset(default_union=True)
ds.parse(sys.argv[1], format="trig")
rows = list(ds.query(open(sys.argv[2], encoding="utf-8").read()))
print(len(rows))
"""


def timed(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("query", nargs="?", default="conflicts")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    from nrkg.build.pipeline import ensure_built
    from nrkg.model.catalog import catalog

    build = ensure_built()
    stored = catalog()[args.query]
    if any(p.default is not None or p.required for p in stored.params):
        parser.error(f"{args.query} binds parameters by default; the baseline runs the bare query text, "
                     "so pick a query without bound parameters (e.g. conflicts, documents, outlets)")
    env = dict(os.environ, NRKG_OUT=str(build.dir))
    nrkg_cmd = [sys.executable, "-m", "nrkg", "-q", "query", args.query, "-f", "csv"]
    base_cmd = [sys.executable, "-c", BASELINE, str(build.trig), str(stored.path)]
    for command in (nrkg_cmd, base_cmd):  # warm the file cache, not the processes
        timed(command, env)
    ours, theirs = [], []
    for _ in range(args.runs):
        ours.append(timed(nrkg_cmd, env))
        theirs.append(timed(base_cmd, env))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"query: {args.query}; dataset: {build.info.get('quads')} quads; {args.runs} cold runs each, interleaved")
    print(f"nrkg query (pyoxigraph)          median {a * 1000:7.1f} ms  (min {min(ours) * 1000:.1f})")
    print(f"rdflib baseline (parse + query)  median {b * 1000:7.1f} ms  (min {min(theirs) * 1000:.1f})")
    print(f"ratio baseline / nrkg: {b / a:.1f}x")


if __name__ == "__main__":
    main()
