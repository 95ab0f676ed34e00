"""Load the dataset into a running triple store, graph by graph, and verify what the store holds.

Supported stores (``kind``):

- ``oxigraph``: Oxigraph's server. Graph Store Protocol at ``/store``, queries at ``/query``,
  updates at ``/update``; no authentication.
- ``virtuoso``: Virtuoso. Writes go to the authenticated per-graph Graph Store endpoint
  ``/sparql-graph-crud-auth`` (HTTP digest auth; one graph per request, as N-Triples: Virtuoso
  rejects N-Quads and has no dataset-level GSP), updates to ``/sparql-auth``, queries to ``/sparql``,
  always scoped to a graph (Virtuoso's default graph is the union of everything, system graphs
  included).
- ``gsp``: any SPARQL 1.1 Graph Store Protocol endpoint (``--into`` is the GSP URL), with the query
  endpoint and, for ``--replace``, the update endpoint given separately. HTTP basic or digest auth.

Every graph is sent as N-Triples with ``PUT`` (which replaces the graph: loads are idempotent because
the built dataset has no blank nodes). With ``replace=True`` each graph is first written to a staging
graph, verified there, and then swapped in with SPARQL Update ``MOVE <staging> TO <target>``, so a
failure leaves the previous version of the target graph as it was.

Verification compares, per graph, the triple count and a deterministic sample (all triples of a few
subjects chosen by hash) with the local dataset, after normalising the literal forms stores are known
to rewrite (language-tag case, decimal/double/integer/boolean lexical forms, ``xsd:string``, and the
integer-derived datatypes, which Oxigraph stores as ``xsd:integer``).

Only the standard library is used for HTTP; pyoxigraph parses the local N-Quads.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from nrkg.errors import CheckFailed, NrkgError
from nrkg.model.terms import canonical, canonical_nt, from_json
from nrkg.progress import Progress, silent

KINDS = ("oxigraph", "virtuoso", "gsp")
STAGING_PREFIX = "urn:nrkg:staging:"
SAMPLE_SUBJECTS = 8
LARGE_GRAPH_BYTES = 4_000_000



# ----------------------------------------------------------------------------- local dataset

@dataclass
class LocalGraph:
    name: str
    lines: list[str] = field(default_factory=list)  # canonical N-Triples lines, sorted, without " ."

    @property
    def count(self) -> int:
        return len(self.lines)

    def ntriples(self) -> bytes:
        return "".join(line + " .\n" for line in self.lines).encode("utf-8")

    def subjects(self) -> dict[str, list[tuple[str, str, str]]]:
        """Subject IRI -> its triples (IRIs hold no spaces, so a line splits into s, p, o at the first two)."""
        by_subject: dict[str, list[tuple[str, str, str]]] = {}
        for line in self.lines:
            s, p, o = line.split(" ", 2)
            by_subject.setdefault(s[1:-1], []).append((s, p, o))
        return by_subject

    def sample(self, size: int = SAMPLE_SUBJECTS) -> dict[str, set[tuple[str, str, str]]]:
        """A deterministic sample: the subjects with the smallest sha256(graph, subject), all their triples.

        Keys are subject IRIs; values are normalised (subject, predicate, object) triples.
        """
        subjects = {line[1:line.index(">")] for line in self.lines}
        chosen = set(sorted(subjects, key=lambda s: hashlib.sha256(f"{self.name}\0{s}".encode()).digest())[:size])
        sample: dict[str, set[tuple[str, str, str]]] = {s: set() for s in chosen}
        for line in self.lines:
            subject = line[1:line.index(">")]
            if subject in chosen:
                sample[subject].add(normalise_triple(tuple(line.split(" ", 2))))
        return sample


def read_dataset(path: Path, graphs: Iterable[str] | None = None) -> dict[str, LocalGraph]:
    """Parse an N-Quads file into per-graph N-Triples; refuse default-graph triples and blank nodes."""
    import pyoxigraph as ox

    wanted = set(graphs) if graphs else None
    result: dict[str, LocalGraph] = {}
    try:
        quads = ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)
        for quad in quads:
            if isinstance(quad.graph_name, ox.DefaultGraph):
                raise NrkgError("load-default-graph",
                                f"{path}: a triple in the default graph ({quad.triple}); stores differ in where they put it",
                                "put every triple in a named graph (the build always does)")
            if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
                raise NrkgError("load-blank-node", f"{path}: a blank node in {quad}; it cannot be verified in a store",
                                "give the node an IRI (the build never writes blank nodes)")
            name = quad.graph_name.value
            if wanted is not None and name not in wanted:
                continue
            graph = result.get(name)
            if graph is None:
                graph = result[name] = LocalGraph(name)
            graph.lines.append(f"{quad.subject} {quad.predicate} {quad.object}")
    except SyntaxError as exc:
        raise NrkgError("load-dataset-unreadable", f"{path}: not valid N-Quads: {exc}",
                        "load the dataset the build wrote (nrkg.nq)") from None
    except OSError as exc:
        raise NrkgError("load-dataset-unreadable", f"{path}: {exc.strerror or exc}",
                        "check the path, or omit --dataset to load the built dataset") from None
    if wanted is not None:
        missing = sorted(wanted - set(result))
        if missing:
            raise NrkgError("load-unknown-graph", f"graph(s) not in the dataset: {', '.join(missing)}",
                            "list the dataset's graphs with `nrkg query graphs` or omit --graph")
    for graph in result.values():
        graph.lines = sorted(set(graph.lines))
    return dict(sorted(result.items()))


def normalise_triple(triple: tuple[str, str, str]) -> tuple[str, str, str]:
    """A triple of N-Triples terms with the object in canonical form, to compare with a store's."""
    s, p, o = triple
    return s, p, canonical_nt(o)


# ----------------------------------------------------------------------------- HTTP

@dataclass
class Response:
    status: int
    headers: dict
    body: bytes


class Http:
    """urllib with digest/basic auth, bounded retries with exponential backoff on connection errors."""

    def __init__(self, base: str, user: str | None = None, password: str | None = None, timeout: float = 60,
                 retries: int = 4, backoff: float = 0.5, progress: Progress = silent):
        handlers = []
        if user is not None and password is not None:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, base, user, password)
            handlers = [urllib.request.HTTPDigestAuthHandler(manager), urllib.request.HTTPBasicAuthHandler(manager)]
        self.opener = urllib.request.build_opener(*handlers)
        self.has_credentials = bool(handlers)
        self.timeout, self.retries, self.backoff, self.progress = timeout, retries, backoff, progress
        self.base = base

    def request(self, method: str, url: str, body: bytes | None = None, headers: dict | None = None,
                what: str = "request", retry: bool = True) -> Response:
        attempts = 1 + (self.retries if retry else 0)
        last: Exception | None = None
        for attempt in range(attempts):
            if attempt:
                delay = min(self.backoff * 2 ** (attempt - 1), 8.0)
                self.progress(f"{what}: {describe(last)}; retry {attempt}/{attempts - 1} in {delay:g} s")
                time.sleep(delay)
            req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
            try:
                with self.opener.open(req, timeout=self.timeout) as response:
                    return Response(response.status, dict(response.headers), response.read())
            except urllib.error.HTTPError as exc:
                try:
                    payload = exc.read()
                except (OSError, http.client.HTTPException):
                    payload = b""
                return Response(exc.code, dict(exc.headers or {}), payload)
            except (urllib.error.URLError, http.client.HTTPException, ConnectionError, socket.timeout,
                    TimeoutError, OSError) as exc:
                last = exc
        raise StoreUnreachable(what, url, last, attempts)


class UploadProgress:
    """A request body sent in chunks with progress every quarter; iterable again for an auth retry."""

    CHUNK = 1 << 20

    def __init__(self, data: bytes, label: str, progress: Progress):
        self.data, self.label, self.progress = memoryview(data), label, progress

    def __len__(self) -> int:
        return len(self.data)

    def __iter__(self):
        total, reported = len(self.data), 0
        for start in range(0, total, self.CHUNK):
            yield self.data[start:start + self.CHUNK]
            quarter = (start + self.CHUNK) * 4 // total
            if quarter > reported and quarter < 4:
                reported = quarter
                self.progress(f"{self.label}: sent {quarter * 25}% of {total / 1e6:.1f} MB")


class StoreUnreachable(NrkgError):
    def __init__(self, what: str, url: str, cause: Exception | None, attempts: int):
        super().__init__("store-unreachable",
                         f"{what}: no answer from {strip_query(url)} after {attempts} attempt(s): {describe(cause)}",
                         "check that the store is running and --into is its address (e.g. http://127.0.0.1:7878)")
        self.cause = cause


def strip_query(url: str) -> str:
    return url.split("?", 1)[0]


def describe(exc: Exception | None) -> str:
    if exc is None:
        return "no error"
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        exc = exc.reason if isinstance(exc.reason, Exception) else exc
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, (ConnectionResetError, http.client.RemoteDisconnected, BrokenPipeError)):
        return "connection closed by the other side"
    if isinstance(exc, http.client.IncompleteRead):
        return "connection cut in the middle of the response"
    return str(exc) or type(exc).__name__


# ----------------------------------------------------------------------------- stores

class Store:
    """The operations the loader needs; subclasses know each store's endpoints and quirks."""

    kind = "gsp"

    def __init__(self, into: str, http: Http, query_url: str | None = None, update_url: str | None = None):
        self.into = into.rstrip("/")
        self.http = http
        self.query_url = query_url
        self.update_url = update_url

    # endpoints
    def gsp_url(self, graph: str) -> str:
        separator = "&" if "?" in self.into else "?"
        return f"{self.into}{separator}graph={urllib.parse.quote(graph, safe='')}"

    def put_content_type(self) -> str:
        return "application/n-triples"

    # operations
    def put_graph(self, graph: str, body: bytes) -> None:
        headers = {"Content-Type": self.put_content_type(), "Content-Length": str(len(body))}
        payload = UploadProgress(body, f"<{graph}>", self.http.progress) if len(body) >= LARGE_GRAPH_BYTES else body
        response = self.http.request("PUT", self.gsp_url(graph), payload, headers,  # type: ignore[arg-type]
                                     what=f"writing graph <{graph}>")
        self.check(response, f"writing graph <{graph}>", graph=graph)

    def update(self, text: str, what: str, retry: bool = True) -> None:
        if not self.update_url:
            raise NrkgError("store-endpoint-missing", f"{what}: no SPARQL Update endpoint is known for this store",
                            "pass --update-url (needed by --replace on a generic Graph Store Protocol store)")
        body = urllib.parse.urlencode({"update": text}).encode()
        response = self.http.request("POST", self.update_url, body,
                                     {"Content-Type": "application/x-www-form-urlencoded"}, what=what, retry=retry)
        self.check(response, what)

    def select(self, text: str, what: str) -> list[dict]:
        if not self.query_url:
            raise NrkgError("store-endpoint-missing", f"{what}: no SPARQL query endpoint is known for this store",
                            "pass --query-url (verification needs it)")
        return select(self.http, self.query_url, text, what, self.check)

    def check(self, response: Response, what: str, graph: str | None = None) -> None:
        if 200 <= response.status < 300:
            return
        detail = response.body.decode("utf-8", "replace").strip()[:400]
        if response.status == 401 or (response.status == 403 and graph is None):
            if self.http.has_credentials:
                said, hint = "the store refused the credentials", "check the user name and password"
            else:
                said = "the store requires credentials"
                hint = "set NRKG_STORE_USER and NRKG_STORE_PASSWORD to an account allowed to write"
            raise NrkgError("store-auth-refused", f"{what}: {said} (HTTP {response.status})"
                            + (f": {detail}" if detail else ""), hint)
        if graph is not None:
            raise NrkgError("store-rejected-graph", f"{what}: the store rejected it (HTTP {response.status})"
                            + (f": {detail}" if detail else ""),
                            "the store's message above says why; check its limits (request size, permissions)")
        raise NrkgError("store-request-failed", f"{what}: HTTP {response.status}" + (f": {detail}" if detail else ""),
                        "the store's message above says why")

    # derived operations
    def count(self, graph: str) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                           f"counting graph <{graph}>")
        try:
            return int(rows[0]["n"]["value"])
        except (IndexError, KeyError, ValueError):
            raise NrkgError("store-bad-response", f"counting graph <{graph}>: unexpected answer {rows!r}",
                            "check that --into (or --query-url) is a SPARQL endpoint") from None

    def triples_of(self, graph: str, subjects: list[str]) -> set[tuple[str, str, str]]:
        if not subjects:
            return set()
        values = " ".join(f"<{s}>" for s in subjects)
        rows = self.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ VALUES ?s {{ {values} }} ?s ?p ?o }} }}",
                           f"sampling graph <{graph}>")
        return {(canonical(from_json(r["s"])), canonical(from_json(r["p"])), canonical(from_json(r["o"]))) for r in rows}

    def drop(self, graph: str, retry: bool = True) -> None:
        self.update(f"DROP SILENT GRAPH <{graph}>", f"dropping graph <{graph}>", retry=retry)

    def move(self, source: str, target: str) -> None:
        self.update(f"MOVE <{source}> TO <{target}>", f"moving <{source}> to <{target}>", retry=False)


class OxigraphStore(Store):
    kind = "oxigraph"

    def __init__(self, into: str, http: Http, query_url: str | None = None, update_url: str | None = None):
        base = into.rstrip("/")
        for suffix in ("/store", "/query", "/update"):
            if base.endswith(suffix):
                base = base[: -len(suffix)]
        super().__init__(base, http, query_url or base + "/query", update_url or base + "/update")

    def gsp_url(self, graph: str) -> str:
        return f"{self.into}/store?graph={urllib.parse.quote(graph, safe='')}"


class VirtuosoStore(Store):
    kind = "virtuoso"

    def __init__(self, into: str, http: Http, query_url: str | None = None, update_url: str | None = None):
        base = into.rstrip("/")
        for suffix in ("/sparql-graph-crud-auth", "/sparql-graph-crud", "/sparql-auth", "/sparql"):
            if base.endswith(suffix):
                base = base[: -len(suffix)]
        super().__init__(base, http, query_url or base + "/sparql", update_url or base + "/sparql-auth")

    def gsp_url(self, graph: str) -> str:
        return f"{self.into}/sparql-graph-crud-auth?graph-uri={urllib.parse.quote(graph, safe='')}"


def select(http: Http, url: str, text: str, what: str, check: Callable | None = None,
           params: dict | None = None) -> list[dict]:
    """Run a SELECT, return the JSON bindings; refuse results a store silently truncated."""
    form = [("query", text)] + [(k, v) for k, values in (params or {}).items() for v in values]
    response = http.request("POST", url, urllib.parse.urlencode(form).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded",
                             "Accept": "application/sparql-results+json"}, what=what)
    if check:
        check(response, what)
    elif not 200 <= response.status < 300:
        raise NrkgError("store-request-failed", f"{what}: HTTP {response.status}: "
                        + response.body.decode("utf-8", "replace")[:400])
    try:
        bindings = json.loads(response.body)["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        raise NrkgError("store-bad-response", f"{what}: the answer from {url} is not SPARQL JSON results",
                        "check that the URL is a SPARQL query endpoint") from None
    max_rows = {k.lower(): v for k, v in response.headers.items()}.get("x-sparql-maxrows")
    if max_rows and len(bindings) >= int(max_rows):
        raise NrkgError("store-truncated-results", f"{what}: the store cut the results at {max_rows} rows",
                        "raise ResultSetMaxRows in virtuoso.ini ([SPARQL] section)")
    return bindings


def make_store(kind: str, into: str, user: str | None = None, password: str | None = None,
               query_url: str | None = None, update_url: str | None = None, timeout: float = 60,
               retries: int = 4, backoff: float = 0.5, progress: Progress = silent) -> Store:
    if kind not in KINDS:
        raise NrkgError("store-unknown-kind", f"unknown store kind {kind!r}", f"use one of {', '.join(KINDS)}")
    parsed = urllib.parse.urlsplit(into)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise NrkgError("store-bad-url", f"--into {into!r} is not an http(s) URL",
                        "give the store's address, e.g. http://127.0.0.1:7878")
    http = Http(f"{parsed.scheme}://{parsed.netloc}", user, password, timeout, retries, backoff, progress)
    cls = {"oxigraph": OxigraphStore, "virtuoso": VirtuosoStore, "gsp": Store}[kind]
    return cls(into, http, query_url, update_url)


# ----------------------------------------------------------------------------- load and verify

@dataclass
class GraphCheck:
    graph: str
    expected: int
    found: int
    missing: list = field(default_factory=list)   # sampled triples absent from the store
    extra: list = field(default_factory=list)     # triples of sampled subjects the dataset lacks

    @property
    def ok(self) -> bool:
        return self.expected == self.found and not self.missing and not self.extra

    def describe(self) -> str:
        parts = []
        if self.expected != self.found:
            parts.append(f"{self.found} triples in the store, {self.expected} in the dataset")
        if self.missing:
            parts.append(f"{len(self.missing)} sampled triple(s) missing, e.g. {' '.join(self.missing[0])}")
        if self.extra:
            parts.append(f"{len(self.extra)} unexpected triple(s), e.g. {' '.join(self.extra[0])}")
        return f"<{self.graph}>: " + ("; ".join(parts) or "ok")


def verify_graph(store: Store, local: LocalGraph, stored_as: str | None = None) -> GraphCheck:
    """Compare the store's copy of a graph (possibly under another name) with the local one."""
    name = stored_as or local.name
    found = store.count(name)
    sample = local.sample()
    remote = store.triples_of(name, list(sample))
    expected = set().union(*sample.values()) if sample else set()
    return GraphCheck(local.name, local.count, found, sorted(expected - remote), sorted(remote - expected))


def staging_graph(target: str) -> str:
    return STAGING_PREFIX + target


@dataclass
class LoadReport:
    complete: list[str] = field(default_factory=list)
    checks: list[GraphCheck] = field(default_factory=list)
    seconds: float = 0.0
    triples: int = 0


def load(store: Store, dataset: dict[str, LocalGraph], replace: bool = False, verify: bool = True,
         progress: Progress = silent) -> LoadReport:
    """Write every graph of ``dataset`` to ``store``; raise with the complete/incomplete lists on failure."""
    if verify and not store.query_url:
        raise NrkgError("store-endpoint-missing", "verification needs the store's SPARQL query endpoint, "
                        "and none is known", "pass --query-url, or --no-verify to load without checking")
    if replace and not store.update_url:
        raise NrkgError("store-endpoint-missing", "--replace needs the store's SPARQL Update endpoint (for MOVE), "
                        "and none is known", "pass --update-url")
    report = LoadReport()
    started = time.monotonic()
    total = sum(g.count for g in dataset.values())
    done = 0
    names = list(dataset)
    for index, name in enumerate(names):
        graph = dataset[name]
        body = graph.ntriples()
        t0 = time.monotonic()
        try:
            if replace:
                check = _replace_graph(store, graph, body, verify)
            else:
                store.put_graph(name, body)
                check = verify_graph(store, graph) if verify else None
                if check and not check.ok:
                    raise CheckFailed("load-verification-failed",
                                      f"the store's copy differs from the dataset: {check.describe()}",
                                      "the store may rewrite or drop some terms; run again, or compare with "
                                      "`nrkg load --verify-only`")
        except NrkgError as exc:
            raise _with_status(exc, report.complete, names[index:], replace) from None
        if check:
            report.checks.append(check)
        report.complete.append(name)
        done += graph.count
        elapsed = time.monotonic() - t0
        rate = f", {graph.count / elapsed:,.0f} triples/s" if elapsed > 0 and len(body) >= LARGE_GRAPH_BYTES else ""
        progress(f"[{index + 1}/{len(names)}] <{name}>: {graph.count} triples"
                 f"{' verified' if check else ''} in {elapsed:.2f} s ({done * 100 // max(total, 1)}% of {total}{rate})")
    report.seconds = time.monotonic() - started
    report.triples = total
    return report


def _replace_graph(store: Store, graph: LocalGraph, body: bytes, verify: bool) -> GraphCheck | None:
    staging = staging_graph(graph.name)
    try:
        store.put_graph(staging, body)
        check = verify_graph(store, graph, stored_as=staging) if verify else None
        if check and not check.ok:
            raise CheckFailed("load-verification-failed",
                              f"the staged copy differs from the dataset: {check.describe()}; "
                              f"the previous version of the graph is unchanged",
                              "the store may rewrite or drop some terms; see docs/loading.md")
    except NrkgError as exc:
        if not _drop_quietly(store, staging):
            exc.staging_left = staging  # type: ignore[attr-defined]
        raise
    expected = graph.count
    try:
        store.move(staging, graph.name)
    except StoreUnreachable:
        # The MOVE may or may not have happened. Never repeat it blindly: a MOVE from a graph that no
        # longer exists drops the target on some stores. Look at both graphs and decide.
        time.sleep(store.http.backoff)
        target_count, staging_count = store.count(graph.name), store.count(staging)
        if staging_count == 0 and target_count == expected:
            pass  # it happened
        elif staging_count == expected:
            store.move(staging, graph.name)
        else:
            raise
    if not verify:
        return None
    found = store.count(graph.name)
    if found != expected:
        raise CheckFailed("load-verification-failed",
                          f"<{graph.name}>: after the swap the store holds {found} triples, the dataset {expected}",
                          "the store did not apply MOVE as one operation; load again with --replace")
    return check


def _drop_quietly(store: Store, graph: str) -> bool:
    try:
        store.drop(graph, retry=False)
        return True
    except NrkgError:
        return False


def _with_status(exc: NrkgError, complete: list[str], rest: list[str], replace: bool) -> NrkgError:
    failed, untouched = rest[0], rest[1:]
    lines = [exc.message, f"complete ({len(complete)}): " + (", ".join(f"<{g}>" for g in complete) or "none")]
    if replace:
        state = "not loaded, previous version kept"
    else:
        state = "not complete (the store may hold a partial or previous version)"
    lines.append(f"{state}: <{failed}>" + (f" (failed), then {len(untouched)} not attempted: "
                                           + ", ".join(f"<{g}>" for g in untouched) if untouched else " (failed)"))
    staging = getattr(exc, "staging_left", None)
    if staging:
        lines.append(f"the staging graph <{staging}> could not be dropped and may hold a partial copy: the next "
                     f"run replaces it, or remove it with DROP SILENT GRAPH <{staging}>")
    hint = exc.hint or ""
    hint = (hint + "; " if hint else "") + "fix the cause and run the same command again: graphs are replaced whole"
    new = type(exc).__new__(type(exc))
    NrkgError.__init__(new, exc.error_id, "\n  ".join(lines), hint)
    new.complete, new.incomplete = list(complete), list(rest)
    return new


def verify_only(store: Store, dataset: dict[str, LocalGraph], progress: Progress = silent) -> list[GraphCheck]:
    checks = []
    for name, graph in dataset.items():
        check = verify_graph(store, graph)
        progress(f"<{name}>: {'ok' if check.ok else 'DIFFERS'} ({check.found}/{check.expected} triples)")
        checks.append(check)
    bad = [c for c in checks if not c.ok]
    if bad:
        raise CheckFailed("load-verification-failed",
                          "the store's copy differs from the dataset:\n  " + "\n  ".join(c.describe() for c in bad),
                          "load again (with --replace to keep the previous version until the new one is verified)")
    return checks
