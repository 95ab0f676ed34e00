"""Load throughput into Oxigraph's server: a synthetic dataset, loaded and verified with `nrkg load`'s code.

A benchmark, not a test: it prints numbers. It writes a synthetic N-Quads file (default 1,000,000
triples in 10 named graphs, literals of several datatypes, no blank nodes), starts `oxigraph serve`
on a free loopback port (on disk in a temporary directory, or in memory with --memory), then times
the three phases separately: reading the dataset, loading it graph by graph (HTTP PUT, N-Triples),
and verifying it (counts and samples). The server is stopped by its pid.

    python bench/load_bench.py                  # 1M triples, persistent store
    python bench/load_bench.py --triples 100000 --memory
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nrkg.progress import to_stderr  # noqa: E402
from nrkg.publish import load as loader  # noqa: E402

XSD = "http://www.w3.org/2001/XMLSchema#"


def synthetic(path: Path, triples: int, graphs: int) -> None:
    """Deterministic quads: entities with labels (language-tagged), years, integers, decimals, links."""
    per_graph = triples // graphs
    with open(path, "w", encoding="utf-8") as out:
        for g in range(graphs):
            graph = f"<https://w3id.org/nrkg/graph/bench/g{g:02d}>"
            for i in range(per_graph):
                s = f"<https://w3id.org/nrkg/id/bench-{g:02d}-{i // 5:07d}>"
                kind = i % 5
                if kind == 0:
                    line = f'{s} <http://www.w3.org/2004/02/skos/core#prefLabel> "Entity {g}-{i // 5} – ünïcode"@en'
                elif kind == 1:
                    line = f'{s} <https://w3id.org/nrkg/ontology#year> "{1990 + i % 40}"^^<{XSD}gYear>'
                elif kind == 2:
                    line = f'{s} <https://w3id.org/nrkg/ontology#offset> "{i}"^^<{XSD}nonNegativeInteger>'
                elif kind == 3:
                    line = f'{s} <https://w3id.org/nrkg/ontology#score> "{i % 1000}.25"^^<{XSD}decimal>'
                else:
                    line = f"{s} <https://w3id.org/nrkg/ontology#related> <https://w3id.org/nrkg/id/bench-{g:02d}-{(i * 7) % per_graph // 5:07d}>"
                out.write(f"{line} {graph} .\n")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_oxigraph() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else (shutil.which("oxigraph") or sys.exit("oxigraph not found: pip install oxigraph"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--graphs", type=int, default=10)
    parser.add_argument("--memory", action="store_true", help="in-memory server instead of a store on disk")
    parser.add_argument("--replace", action="store_true", help="load with --replace (staging graph + MOVE)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="nrkg-bench-"))
    process = None
    try:
        data = work / "bench.nq"
        t0 = time.monotonic()
        synthetic(data, args.triples, args.graphs)
        print(f"dataset: {args.triples:,} triples in {args.graphs} graphs, {data.stat().st_size / 1e6:.1f} MB "
              f"(generated in {time.monotonic() - t0:.1f} s)")

        port = free_port()
        command = [find_oxigraph(), "serve", "--bind", f"127.0.0.1:{port}"]
        if not args.memory:
            command += ["--location", str(work / "store")]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)

        t0 = time.monotonic()
        dataset = loader.read_dataset(data)
        read_s = time.monotonic() - t0
        store = loader.make_store("oxigraph", url, timeout=600)
        t0 = time.monotonic()
        loader.load(store, dataset, replace=args.replace, verify=False, progress=to_stderr)
        load_s = time.monotonic() - t0
        t0 = time.monotonic()
        checks = loader.verify_only(store, dataset)
        verify_s = time.monotonic() - t0
        total = sum(g.count for g in dataset.values())
        assert sum(c.found for c in checks) == total

        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"store: Oxigraph server {'in memory' if args.memory else 'on disk'}"
              f"{', --replace' if args.replace else ''}")
        print(f"read + group:  {read_s:7.2f} s  ({total / read_s:10,.0f} triples/s)")
        print(f"load (PUT):    {load_s:7.2f} s  ({total / load_s:10,.0f} triples/s)")
        print(f"verify:        {verify_s:7.2f} s  (counts and samples of {len(checks)} graphs)")
        print(f"end to end:    {read_s + load_s + verify_s:7.2f} s  ({total / (read_s + load_s + verify_s):10,.0f} triples/s)")
        print(f"client peak RSS: {rss:,.0f} MB")
    finally:
        if process is not None:
            process.terminate()
            process.wait(30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
