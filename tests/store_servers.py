"""Real triple stores for the tests: Oxigraph's server and Virtuoso, on free loopback ports.

Each server is started in a temporary directory, bound to 127.0.0.1 only, polled until it answers,
and stopped by its process id. A missing binary skips the test on a developer machine and fails it
when CI=true (see :func:`require_binary`).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from support import find_binary, require

VIRTUOSO_INI = """\
[Database]
DatabaseFile       = db/virtuoso.db
ErrorLogFile       = db/virtuoso.log
LockFile           = db/virtuoso.lck
TransactionFile    = db/virtuoso.trx
xa_persistent_file = db/virtuoso.pxa
TempStorage        = TempDatabase
[TempDatabase]
DatabaseFile       = db/virtuoso-temp.db
TransactionFile    = db/virtuoso-temp.trx
[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
DirsAllowed        = ., import
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
[HTTPServer]
ServerPort         = 127.0.0.1:{http_port}
ServerRoot         = www
[SPARQL]
ResultSetMaxRows   = 1000000
MaxQueryExecutionTime = 120
"""


def require_binary(name: str, why: str) -> str:
    """The path of a binary, or skip (developer machine) / fail (CI=true) with the reason."""
    path = find_binary(name)
    require(path is not None, f"{name} not found ({why})")
    return path  # type: ignore[return-value]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, process: subprocess.Popen, timeout: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            detail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}\n{detail}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                response.read()
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.05)
    raise RuntimeError(f"server did not answer {url} within {timeout} s")


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class OxigraphServer:
    """`oxigraph serve` on a free loopback port; in memory unless a location is given."""

    kind = "oxigraph"

    def __init__(self, binary: str, location: Path | None = None):
        self.binary = binary
        self.location = location
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> "OxigraphServer":
        args = [self.binary, "serve", "--bind", f"127.0.0.1:{self.port}"]
        if self.location:
            args += ["--location", str(self.location)]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_http(self.url + "/", self.process, 20)
        return self

    def stop(self) -> None:
        if self.process:
            stop(self.process)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class VirtuosoServer:
    """`virtuoso-t` with a throwaway database in a temporary directory, loopback ports only."""

    kind = "virtuoso"
    user = "dba"
    password = "dba"

    def __init__(self, binary: str):
        self.binary = binary
        self.dir = Path(tempfile.mkdtemp(prefix="nrkg-virtuoso-"))
        self.sql_port = free_port()
        self.port = free_port()
        while self.port == self.sql_port:
            self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> "VirtuosoServer":
        for sub in ("db", "import", "www"):
            (self.dir / sub).mkdir(exist_ok=True)
        (self.dir / "virtuoso.ini").write_text(VIRTUOSO_INI.format(sql_port=self.sql_port, http_port=self.port))
        log = self.dir / "virtuoso.out"
        with open(log, "wb") as out:
            self.process = subprocess.Popen([self.binary, "+foreground", "+configfile", "virtuoso.ini"],
                                            cwd=self.dir, stdout=out, stderr=subprocess.STDOUT)
        wait_http(self.url + "/sparql?query=ASK%7B%7D", self.process, 60, log)
        return self

    def stop(self) -> None:
        if self.process:
            stop(self.process)  # SIGTERM: quick shutdown, fine for a throwaway database
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# ----------------------------------------------------------------------------- helpers for store tests

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "store" / "dataset.nq"
ENTITIES = "https://w3id.org/nrkg/graph/entities"
DOC_A = "https://w3id.org/nrkg/graph/doc/a"


def raw_select(query_url: str, query: str, params: dict | None = None) -> list[dict]:
    """A SELECT straight over HTTP (independent of the loader's own client)."""
    import json
    import urllib.parse

    form = [("query", query)] + [(k, v) for k, values in (params or {}).items() for v in values]
    request = urllib.request.Request(query_url, data=urllib.parse.urlencode(form).encode(), method="POST",
                                     headers={"Accept": "application/sparql-results+json",
                                              "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())["results"]["bindings"]


def raw_update(update_url: str, update: str, user: str | None = None, password: str | None = None) -> None:
    import urllib.parse

    handlers = []
    if user:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, update_url, user, password)
        handlers.append(urllib.request.HTTPDigestAuthHandler(manager))
    request = urllib.request.Request(update_url, data=urllib.parse.urlencode({"update": update}).encode(),
                                     method="POST", headers={"Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.build_opener(*handlers).open(request, timeout=60) as response:
        response.read()


def graph_counts(query_url: str) -> dict[str, int]:
    """Triples per graph, for the project's graphs and staging graphs only (not Virtuoso's system graphs)."""
    rows = raw_select(query_url, 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } '
                                 'FILTER(STRSTARTS(STR(?g), "https://w3id.org/nrkg/") || STRSTARTS(STR(?g), "urn:nrkg:")) }'
                                 ' GROUP BY ?g')
    return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}


def local_counts(path: Path) -> dict[str, int]:
    import pyoxigraph as ox

    counts: dict[str, int] = {}
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
    return counts


def write_v2(path: Path, extra: int = 300) -> Path:
    """The fixture, changed: one literal of doc/a altered, and `extra` more triples in entities (large)."""
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    changed = [line.replace('"0.50"^^', '"0.75"^^') for line in lines]
    assert changed != lines
    for n in range(extra):
        changed.append(f'<https://w3id.org/nrkg/id/extra-{n:04d}> <http://www.w3.org/2004/02/skos/core#prefLabel> '
                       f'"Extra entity number {n} with a fairly long label to make the graph large"@en <{ENTITIES}> .')
    path.write_text("\n".join(sorted(changed)) + "\n", encoding="utf-8")
    return path


def invoke(runner, args: list[str], env: dict | None = None):
    """Run `nrkg ARGS` in-process with click's runner; the project's group maps errors to exit codes."""
    from nrkg.cli import cli

    return runner.invoke(cli, args, env=env, catch_exceptions=False)


def staging_graphs(query_url: str) -> list[str]:
    return sorted(g for g in graph_counts(query_url) if g.startswith("urn:nrkg:staging:"))


# ----------------------------------------------------------------------------- stored queries on a store

def engine_term(term) -> str | None:
    """An engine Term (nrkg.query.engines) normalised like store results."""
    from nrkg.model.terms import canonical

    return None if term is None else canonical(term)


def store_rows(query_url: str, text: str, variables: list[str], graphs: list[str]) -> list[tuple]:
    """Rows of a SELECT on a store, with the dataset's graphs as default (union) and named graphs."""
    from nrkg.model.terms import canonical, from_json

    bindings = raw_select(query_url, text, {"default-graph-uri": graphs, "named-graph-uri": graphs})
    return [tuple(None if b.get(v) is None else canonical(from_json(b.get(v))) for v in variables) for b in bindings]


def store_ask(query_url: str, text: str, graphs: list[str]) -> bool:
    import json
    import urllib.parse

    form = [("query", text)] + [(k, g) for k in ("default-graph-uri", "named-graph-uri") for g in graphs]
    request = urllib.request.Request(query_url, data=urllib.parse.urlencode(form).encode(), method="POST",
                                     headers={"Accept": "application/sparql-results+json",
                                              "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return bool(json.loads(response.read())["boolean"])


def multiset_difference(expected: list[tuple], found: list[tuple]) -> tuple[list, list]:
    """(rows only expected, rows only found), counting duplicates."""
    from collections import Counter

    want, got = Counter(expected), Counter(found)
    return sorted((want - got).elements(), key=repr), sorted((got - want).elements(), key=repr)


def stored_query_names() -> list[str]:
    """Every stored query and check, by name (for parametrising at collection time)."""
    from nrkg.model.catalog import catalog, check_queries

    return sorted(catalog()) + sorted(q.name for q in check_queries())


def stored_query(name: str):
    from nrkg.model.catalog import catalog, check_queries

    found = catalog().get(name) or next((q for q in check_queries() if q.name == name), None)
    assert found is not None, name
    return found


_ENGINES: dict = {}


def embedded_engine(nquads: Path):
    from nrkg.query.engines import OxigraphEngine

    key = str(nquads)
    if key not in _ENGINES:
        _ENGINES[key] = OxigraphEngine(nquads)
    return _ENGINES[key]


def compare_stored_query(name: str, nquads: Path, query_url: str) -> int:
    """Run one stored query (or check) on the embedded engine and on a store; assert the same rows.

    The store gets the dataset's graphs as its default graph (their union) and as its named graphs,
    which keeps Virtuoso's system graphs out. Rows are compared as multisets after normalising the
    known literal differences; a query must return rows unless its header declares it empty (checks
    are declared empty by their name). Parameters take their defaults. Returns the row count.
    """
    from nrkg.query.engines import with_values

    engine = embedded_engine(nquads)
    query = stored_query(name)
    required = [p.name for p in query.params if p.required and p.default is None]
    assert not required, f"{name}: required parameters without default: {required}"
    graphs = engine.graphs()
    text = with_values(query.text, engine.bind(query, {}))
    expected = engine.execute(text, {}, None, query.name)
    declared_empty = query.empty is not None or query.name.endswith("-violation")
    if expected.kind == "ask":
        assert store_ask(query_url, text, graphs) == expected.boolean, f"{name}: ASK differs"
        return 1
    assert expected.kind == "select", f"{name}: only SELECT and ASK are compared"
    want = [tuple(engine_term(t) for t in row) for row in expected.rows]
    got = store_rows(query_url, text, expected.variables, graphs)
    missing, extra = multiset_difference(want, got)
    assert not missing and not extra, (
        f"{name}: {len(want)} rows embedded, {len(got)} on the store; {len(missing)} only embedded, e.g. "
        f"{missing[:2]}; {len(extra)} only on the store, e.g. {extra[:2]}")
    if not declared_empty:
        assert want, f"{name}: no rows, and the query does not declare itself empty"
    return len(want)
