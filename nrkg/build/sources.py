"""Parse the curated sources into an rdflib Dataset, one named graph per file role.

Syntax is checked first with pyoxigraph, whose errors carry the line and column; rdflib then parses
the same bytes for the build. Which graph a file fills follows from where the file lives (see
docs/data-model.md), so a triple cannot land in the wrong graph by a typo in a GRAPH block.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nrkg.model import iri
from nrkg.errors import NrkgError, SourceSyntaxError


@dataclass(frozen=True)
class SourceFile:
    path: Path
    graph: str


def source_files(ontology_dir: Path, graph_dir: Path, stems: list[str]) -> list[SourceFile]:
    """Every curated Turtle file with the graph it fills, in a stable order."""
    files = [SourceFile(p, iri.GRAPH_ONTOLOGY) for p in sorted(ontology_dir.rglob("*.ttl"))]
    known = {"entities.ttl": iri.GRAPH_ENTITIES, "background.ttl": iri.GRAPH_BACKGROUND}
    for path in sorted(graph_dir.glob("*")):
        if path.is_dir():
            continue
        if path.name not in known:
            raise NrkgError("source-unknown-file", f"{path}: not a known graph file",
                            "graph/ holds entities.ttl, background.ttl and documents/<stem>.ttl")
        files.append(SourceFile(path, known[path.name]))
    for path in sorted((graph_dir / "documents").glob("*")):
        if path.suffix != ".ttl" or path.stem not in stems:
            raise NrkgError("source-unknown-file", f"{path}: no document {path.stem}.txt in documents/",
                            "name each document graph file after its document: documents/<stem>.txt ↔ graph/documents/<stem>.ttl")
        files.append(SourceFile(path, iri.doc_graph(path.stem)))
    return files


def check_syntax(path: Path, data: bytes) -> None:
    """Raise SourceSyntaxError with file:line:col and the offending token when the Turtle is malformed."""
    import pyoxigraph as ox

    try:
        for _ in ox.parse(data, format=ox.RdfFormat.TURTLE, path=None, base_iri=None):
            pass
    except SyntaxError as exc:
        line, column = exc.lineno, exc.offset
        token = None
        lines = data.decode("utf-8", errors="replace").splitlines()
        end = getattr(exc, "end_offset", None)
        if line and column and line <= len(lines):
            text = lines[line - 1]
            token = text[column - 1:(end - 1) if end and end > column else column + 9].strip() or None
        detail = str(exc.msg if hasattr(exc, "msg") else exc)
        # pyoxigraph puts the position in the message too; keep only the explanation
        if ": " in detail and detail.startswith("Parser error"):
            detail = detail.split(": ", 1)[1]
        raise SourceSyntaxError(str(path), line, column, detail, token) from None


def read_source(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise NrkgError("source-unreadable", f"{path}: cannot be read ({exc.strerror})",
                        "check that the file exists and is readable") from None


def parse_sources(files: list[SourceFile]):
    """Parse every file into its graph of a new rdflib Dataset."""
    from rdflib import Dataset, URIRef

    dataset = Dataset()
    for source in files:
        data = read_source(source.path)
        check_syntax(source.path, data)
        graph = dataset.graph(URIRef(source.graph))
        graph.parse(data=data, format="turtle", publicID=iri.BASE)
    return dataset
