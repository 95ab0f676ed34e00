"""Graph-level checks: rules that depend on which graph a triple lives in, which SHACL cannot see.

Each check is a SPARQL query ``queries/checks/NAME-violation.rq`` run over the whole dataset with
explicit ``GRAPH`` patterns (pyoxigraph, union default graph off). Every check returns rows
``?graph ?node ?problem``; a row is a problem, no rows is a pass. The header of each file gives
``# title:``, ``# description:`` and ``# severity: error|warning``.

One check is Python, because it reads the documents: ``evidence-offsets`` verifies that every
position selector's ``oa:start``/``oa:end`` cut the quote (``oa:exact``, with its prefix and suffix)
out of the document text, counted in Unicode code points, and that the annotation's IRI carries the
same offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from nrkg.model import iri

SEVERITIES = ("error", "warning")
OFFSETS_CHECK = "evidence-offsets"


@dataclass(frozen=True)
class CheckQuery:
    name: str
    path: Path | None
    title: str
    description: str
    severity: str
    text: str = ""


@dataclass
class CheckResult:
    name: str
    severity: str
    rows: list[dict] = field(default_factory=list)
    title: str = ""
    description: str = ""

    @property
    def failed(self) -> bool:
        """True when this is an error-severity check with rows."""
        return self.severity == "error" and bool(self.rows)

    @property
    def passed(self) -> bool:
        return not self.rows

    def as_dict(self) -> dict:
        return {"name": self.name, "severity": self.severity, "title": self.title,
                "description": self.description, "rows": self.rows}


def parse_header(text: str) -> dict[str, str]:
    """The ``# key: value`` lines at the top of a query file."""
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = re.match(r"#\s*([A-Za-z_-]+)\s*:\s*(.*)$", line)
        if match:
            header[match.group(1).lower()] = match.group(2).strip()
    return header


def checks_dir() -> Path:
    from nrkg.paths import data_dir

    return data_dir("queries") / "checks"


def load_check_queries(directory: Path | None = None) -> list[CheckQuery]:
    from nrkg.errors import NrkgError

    directory = Path(directory) if directory else checks_dir()
    queries = []
    for path in sorted(directory.glob("*-violation.rq")):
        text = path.read_text(encoding="utf-8")
        header = parse_header(text)
        severity = header.get("severity", "error").lower()
        if severity not in SEVERITIES:
            raise NrkgError("check-header", f"{path}: severity {severity!r} is not one of {', '.join(SEVERITIES)}",
                            "write '# severity: error' or '# severity: warning' in the query header")
        name = path.name[: -len("-violation.rq")]
        queries.append(CheckQuery(name, path, header.get("title", name), header.get("description", ""),
                                  severity, text))
    return queries


OFFSETS = CheckQuery(
    OFFSETS_CHECK, None, "Evidence offsets match the document text",
    "Every quote's oa:start/oa:end cut exactly its oa:exact (with oa:prefix before and oa:suffix after) out "
    "of the source document, in Unicode code points, and the annotation IRI carries the same offsets.",
    "error")


# ---------------------------------------------------------------------------- store

def open_store(source):
    """A pyoxigraph Store from a Store, a ``.nq``/``.trig`` path, or an rdflib Dataset."""
    import pyoxigraph as ox

    if isinstance(source, ox.Store):
        return source
    if isinstance(source, (str, Path)):
        path = Path(source)
        fmt = {".nq": ox.RdfFormat.N_QUADS, ".nquads": ox.RdfFormat.N_QUADS,
               ".trig": ox.RdfFormat.TRIG}.get(path.suffix)
        if fmt is None:
            raise ValueError(f"{path}: expected a .nq or .trig dataset")
        store = ox.Store()
        store.load(path=str(path), format=fmt)
        return store
    if hasattr(source, "graphs"):  # an rdflib Dataset
        store = ox.Store()
        data = source.serialize(format="nquads")
        store.load(input=data.encode("utf-8") if isinstance(data, str) else data, format=ox.RdfFormat.N_QUADS)
        return store
    raise TypeError(f"cannot run checks over {type(source).__name__}")


def term_text(term) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value


def run_query(store, query: CheckQuery) -> list[dict]:
    solutions = store.query(query.text, use_default_graph_as_union=False)
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        rows.append({name: term_text(solution[name]) for name in names})
    rows.sort(key=lambda r: (r.get("graph", ""), r.get("node", ""), r.get("problem", "")))
    return rows


# ---------------------------------------------------------------------------- offsets (Python)

_SELECTORS = """
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?graph ?anno ?source ?exact ?prefix ?suffix ?start ?end WHERE {
  GRAPH ?graph {
    ?anno oa:hasTarget ?target .
    ?target oa:hasSource ?source ; oa:hasSelector ?quote, ?position .
    ?quote oa:exact ?exact .
    ?position oa:start ?start ; oa:end ?end .
    OPTIONAL { ?quote oa:prefix ?prefix }
    OPTIONAL { ?quote oa:suffix ?suffix }
  }
}
"""


def read_document(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def check_offsets(store, documents_dir: Path) -> list[dict]:
    texts: dict[str, str | None] = {}
    rows = []
    for solution in store.query(_SELECTORS, use_default_graph_as_union=False):
        graph, anno = term_text(solution["graph"]), term_text(solution["anno"])
        source, exact = term_text(solution["source"]), term_text(solution["exact"])
        prefix, suffix = term_text(solution["prefix"]), term_text(solution["suffix"])

        def row(problem: str) -> None:
            rows.append({"graph": graph, "node": anno, "problem": problem})

        try:
            start, end = int(term_text(solution["start"])), int(term_text(solution["end"]))
        except ValueError:
            row("oa:start/oa:end are not integers")
            continue
        if not source.startswith(iri.DOC):
            row(f"source <{source}> is not a project document")
            continue
        stem = source[len(iri.DOC):]
        if stem not in texts:
            path = Path(documents_dir) / f"{stem}.txt"
            texts[stem] = read_document(path) if path.is_file() else None
        text = texts[stem]
        if text is None:
            row(f"document {stem}.txt not found, so the quote cannot be verified")
            continue
        found = text[start:end] if 0 <= start <= end <= len(text) else None
        if found != exact:
            shown = "outside the document" if found is None else repr(found[:60])
            row(f"offsets {start}-{end} give {shown}, not the quote {exact[:60]!r}")
            continue
        if prefix and text[max(0, start - len(prefix)):start] != prefix:
            row(f"oa:prefix {prefix!r} does not precede offset {start}")
        if suffix and text[end:end + len(suffix)] != suffix:
            row(f"oa:suffix {suffix!r} does not follow offset {end}")
        match = re.search(r"/(\d+)-(\d+)$", anno)
        if match and (int(match.group(1)), int(match.group(2))) != (start, end):
            row(f"annotation IRI says {match.group(1)}-{match.group(2)}, its position selector {start}-{end}")
    rows.sort(key=lambda r: (r["graph"], r["node"], r["problem"]))
    return rows


# ---------------------------------------------------------------------------- entry point

def run_checks(store_or_nquads_path, documents_dir: Path | str | None = None,
               directory: Path | str | None = None, only: list[str] | None = None) -> list[CheckResult]:
    """Run every ``*-violation.rq`` check and the evidence-offsets check; results sorted by name."""
    store = open_store(store_or_nquads_path)
    if documents_dir is None:
        from nrkg.paths import data_dir

        documents_dir = data_dir("documents")
    results = []
    for query in load_check_queries(Path(directory) if directory else None) + [OFFSETS]:
        if only and query.name not in only:
            continue
        rows = check_offsets(store, Path(documents_dir)) if query.path is None else run_query(store, query)
        results.append(CheckResult(query.name, query.severity, rows, query.title, query.description))
    results.sort(key=lambda r: r.name)
    return results


def check_names(directory: Path | str | None = None) -> list[str]:
    return sorted([q.name for q in load_check_queries(Path(directory) if directory else None)] + [OFFSETS_CHECK])


def failed(results: list[CheckResult]) -> list[CheckResult]:
    return [r for r in results if r.failed]


def format_results(results: list[CheckResult], limit: int | None = 20) -> str:
    """A readable listing: one line per check, its rows indented below."""
    lines = []
    for result in results:
        status = "ok" if result.passed else f"{len(result.rows)} row(s)"
        lines.append(f"[{result.severity}] {result.name}: {status} — {result.title}")
        shown = result.rows if limit is None else result.rows[:limit]
        for r in shown:
            lines.append(f"    {iri.compact(r.get('graph', ''))}  {iri.compact(r.get('node', '')) or '(blank)'}  "
                         f"{r.get('problem', '')}")
        if limit is not None and len(result.rows) > limit:
            lines.append(f"    … and {len(result.rows) - limit} more")
    errors = sum(1 for r in results if r.failed)
    warnings = sum(1 for r in results if r.severity == "warning" and r.rows)
    lines.append(f"{len(results)} check(s): {errors} failed, {warnings} warning(s)")
    return "\n".join(lines)
