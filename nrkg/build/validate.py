"""The validate stage: SHACL over the union of the asserted graphs, with a report people can act on.

pyshacl validates each named graph of a dataset on its own, which breaks rules that span graphs, and
once the graphs are merged no shape can tell which graph a triple came from. So the shapes run over
one merged graph (every document graph, entities, background, corpus; never inferred, links or the
ontology), with the ontology given as ``ont_graph`` so that ``sh:targetClass`` reaches subclasses,
and every rule that depends on graphs is a SPARQL check (:mod:`nrkg.build.check`).

:func:`validate_dataset` is pure: a dataset in, a :class:`ValidationReport` out. It never writes
files and never raises on a non-conforming graph; the caller decides (the build fails on
violations but still writes the report; ``nrkg validate`` exits 1).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from nrkg.model import iri
from nrkg.build.reason import restore_rdflib_datatypes

SH = "http://www.w3.org/ns/shacl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"

SEVERITIES = ("Violation", "Warning", "Info")  # most severe first
_RANK = {"Violation": 3, "Warning": 2, "Info": 1}
FAIL_ON = {"violation": 3, "warning": 2, "info": 1}

#: Graphs that are not validated by SHACL: derived (inferred), external mappings (links), the TBox.
EXCLUDED_GRAPHS = (iri.GRAPH_INFERRED, iri.GRAPH_LINKS, iri.GRAPH_ONTOLOGY)


@dataclass(frozen=True)
class ValidationResult:
    focus: str
    label: str
    path: str
    value: str
    message: str
    severity: str
    shape: str
    component: str
    graphs: tuple[str, ...] = ()

    @property
    def document(self) -> str:
        """The graph(s) the focus node is described in, compacted (``graph:doc/…``), or ''."""
        return ", ".join(iri.compact(g) for g in self.graphs)

    def as_dict(self) -> dict:
        return {
            "severity": self.severity,
            "focus": self.focus,
            "label": self.label,
            "path": self.path,
            "value": self.value,
            "message": self.message,
            "shape": self.shape,
            "component": self.component,
            "graphs": list(self.graphs),
        }


@dataclass
class ValidationReport:
    results: list[ValidationResult]
    fail_on: str = "violation"
    graph: object = None  # the pyshacl report graph (rdflib.Graph)
    seconds: float = 0.0
    triples: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    shape_counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.fail_on not in FAIL_ON:
            raise ValueError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {self.fail_on!r}")
        self.counts = {s: sum(1 for r in self.results if r.severity == s) for s in SEVERITIES}
        shapes: dict[str, int] = {}
        for r in self.results:
            shapes[r.shape] = shapes.get(r.shape, 0) + 1
        self.shape_counts = dict(sorted(shapes.items(), key=lambda kv: (-kv[1], kv[0])))

    @property
    def conforms(self) -> bool:
        """True when no result reaches the ``fail_on`` severity."""
        threshold = FAIL_ON[self.fail_on]
        return not any(_RANK.get(r.severity, 3) >= threshold for r in self.results)

    def failing(self) -> list[ValidationResult]:
        threshold = FAIL_ON[self.fail_on]
        return [r for r in self.results if _RANK.get(r.severity, 3) >= threshold]

    # ------------------------------------------------------------------ text

    def summary(self) -> str:
        verdict = "conforms" if self.conforms else "does not conform"
        lines = [f"SHACL validation: {verdict} (fail on {self.fail_on}); "
                 f"{len(self.results)} result(s) over {self.triples} triples"]
        lines.append("  " + ", ".join(f"{self.counts[s]} {s.lower()}(s)" for s in SEVERITIES))
        if self.shape_counts:
            lines.append("  per shape:")
            width = max(len(iri_compact(s)) for s in self.shape_counts)
            for shape, count in self.shape_counts.items():
                lines.append(f"    {iri_compact(shape):<{width}}  {count}")
        return "\n".join(lines)

    def table_rows(self) -> list[list[str]]:
        rows = []
        for r in self.results:
            focus = iri_compact(r.focus) + (f' "{r.label}"' if r.label else "")
            rows.append([r.severity, focus, iri_compact(r.path), iri_compact(r.value), r.message,
                         r.document or "-", iri_compact(r.shape)])
        return rows

    def to_table(self, limit: int | None = None) -> str:
        header = ["severity", "focus node", "path", "value", "message", "document", "shape"]
        rows = self.table_rows()
        if limit is not None and len(rows) > limit:
            rows = rows[:limit]
        if not rows:
            return "(no results)"
        widths = [min(max(len(str(row[i])) for row in rows + [header]), cap)
                  for i, cap in enumerate((9, 60, 28, 40, 100, 32, 40))]

        def fit(text: str, width: int) -> str:
            text = str(text).replace("\n", " ")
            return text if len(text) <= width else text[: width - 1] + "…"

        out = ["  ".join(fit(h, w).ljust(w) for h, w in zip(header, widths)).rstrip(),
               "  ".join("-" * w for w in widths)]
        for row in rows:
            out.append("  ".join(fit(c, w).ljust(w) for c, w in zip(row, widths)).rstrip())
        return "\n".join(out)

    def to_text(self) -> str:
        return self.summary() + ("\n\n" + self.to_table() if self.results else "") + "\n"

    # ------------------------------------------------------------------ machine formats

    def to_json(self) -> str:
        data = {
            "conforms": self.conforms,
            "fail_on": self.fail_on,
            "triples": self.triples,
            "counts": self.counts,
            "shapes": self.shape_counts,
            "results": [r.as_dict() for r in self.results],
        }
        return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"

    def to_turtle(self) -> str:
        """The full SHACL report graph, with canonical blank-node labels so the output is stable."""
        from rdflib import Graph
        from rdflib.compare import to_canonical_graph

        graph = self.graph if self.graph is not None else Graph()
        canonical = to_canonical_graph(graph)
        out = Graph()
        out.bind("sh", SH)
        for prefix, ns in iri.PREFIXES.items():
            out.bind(prefix, ns)
        out.bind("shape", SHAPES_NS)
        for triple in canonical:
            out.add(triple)
        return out.serialize(format="turtle")

    def write(self, path: str | Path, fmt: str | None = None) -> Path:
        """Write the report as Turtle (``.ttl``) or JSON (``.json``); ``fmt`` overrides the extension."""
        path = Path(path)
        fmt = (fmt or path.suffix.lstrip(".") or "ttl").lower()
        if fmt in ("ttl", "turtle"):
            text = self.to_turtle()
        elif fmt == "json":
            text = self.to_json()
        elif fmt in ("txt", "text"):
            text = self.to_text()
        else:
            raise ValueError(f"unknown report format {fmt!r}: use .ttl, .json or .txt")
        from nrkg.files import write_atomic

        write_atomic(path, text.encode("utf-8"))
        return path


SHAPES_NS = iri.BASE + "shapes#"


def iri_compact(term: str) -> str:
    if not term:
        return ""
    if term.startswith(SHAPES_NS):
        return "shape:" + term[len(SHAPES_NS):]
    if term.startswith(SH):
        return "sh:" + term[len(SH):]
    return iri.compact(term)


# ---------------------------------------------------------------------------- loading

def shapes_path() -> Path:
    from nrkg.paths import data_dir

    return data_dir("shapes") / "nrkg-shapes.ttl"


def load_shapes(path: str | Path | None = None):
    """The shapes graph (kept apart from the ontology graph)."""
    from rdflib import Graph

    graph = Graph()
    paths = [Path(path)] if path else sorted(shapes_path().parent.glob("*.ttl"))
    for p in paths:
        graph.parse(p, format="turtle")
    return graph


_SHAPES_CACHE: dict[str, object] = {}


def _default_shapes():
    paths = sorted(shapes_path().parent.glob("*.ttl"))
    key = "shapes:" + "|".join(f"{p}:{p.stat().st_mtime_ns}" for p in paths)
    if key not in _SHAPES_CACHE:
        _SHAPES_CACHE[key] = load_shapes()
    return _SHAPES_CACHE[key]


def load_ontology():
    """The project's ontology from ontology/*.ttl (used when a dataset carries none); cached."""
    from rdflib import Graph

    from nrkg.paths import data_dir

    paths = sorted(data_dir("ontology").rglob("*.ttl"))
    key = "ontology:" + "|".join(f"{p}:{p.stat().st_mtime_ns}" for p in paths)
    if key not in _SHAPES_CACHE:
        graph = Graph()
        for path in paths:
            graph.parse(path, format="turtle")
        _SHAPES_CACHE[key] = graph
    return _SHAPES_CACHE[key]


def class_axioms(ontology):
    """The part of the ontology SHACL needs: class hierarchy and term types (named terms only).

    Mixing only these into the data graph keeps sh:targetClass and sh:class working through
    subclasses while sparing pyshacl the labels, definitions and restrictions of the ontology.
    """
    from rdflib import RDF, RDFS, Graph, URIRef

    slim = Graph()
    for predicate in (RDFS.subClassOf, RDF.type):
        for s, o in ontology.subject_objects(predicate):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                slim.add((s, predicate, o))
    return slim


def asserted_union(ds):
    """One rdflib Graph holding every asserted graph of the dataset (not inferred, links, ontology)."""
    from rdflib import Graph

    from rdflib import Literal

    restore_rdflib_datatypes()
    union = Graph()
    for graph in ds.graphs():
        if str(graph.identifier) in EXCLUDED_GRAPHS:
            continue
        for s, p, o in graph:
            if isinstance(o, Literal) and o.ill_typed:
                # judged under converters that are gone now: judge it again
                o = Literal(str(o), lang=o.language, datatype=o.datatype)
            union.add((s, p, o))
    return union


def _term(node) -> str:
    from rdflib import BNode, Literal

    if node is None:
        return ""
    if isinstance(node, BNode):
        return "_:" + str(node)
    if isinstance(node, Literal):
        text = str(node)
        if node.language:
            return f'"{text}"@{node.language}'
        if node.datatype is not None:
            return f'"{text}"^^{iri.compact(str(node.datatype))}'
        return f'"{text}"'
    return str(node)


def _path_text(report, path) -> str:
    """A property path as text: an IRI, or a SHACL path written out (alternatives joined by |)."""
    from rdflib import BNode, URIRef
    from rdflib.collection import Collection

    if path is None:
        return ""
    if isinstance(path, URIRef):
        return str(path)
    if isinstance(path, BNode):
        alt = report.value(path, URIRef(SH + "alternativePath"))
        if alt is not None:
            return "|".join(iri_compact(str(p)) for p in Collection(report, alt))
        inverse = report.value(path, URIRef(SH + "inversePath"))
        if inverse is not None:
            return "^" + iri_compact(str(inverse))
        items = list(Collection(report, path)) if report.value(path, URIRef(
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#first")) is not None else []
        if items:
            return "/".join(iri_compact(str(p)) for p in items)
    return _term(path)


def _severity(term) -> str:
    text = str(term or SH + "Violation")
    return text[len(SH):] if text.startswith(SH) else text


def validate_dataset(ds, ontology=None, fail_on: str = "violation", shapes=None) -> ValidationReport:
    """Validate the union of the asserted graphs of ``ds`` against the shapes.

    ``ontology`` defaults to the dataset's ontology graph; ``shapes`` (an rdflib Graph) to the
    project's shapes. Returns a ValidationReport whose ``conforms`` is judged at ``fail_on``.
    """
    import time

    from rdflib import Graph, URIRef

    if fail_on not in FAIL_ON:
        raise ValueError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    started = time.perf_counter()
    import pyshacl

    data = asserted_union(ds)
    triples = len(data)
    if ontology is None:
        onto = ds.graph(URIRef(iri.GRAPH_ONTOLOGY))
        ontology = onto if len(onto) else load_ontology()
    if shapes is None:
        shapes = _default_shapes()
    conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=class_axioms(ontology), inference="none",
        inplace=True,  # the union is our own copy: let pyshacl mix the ontology in without cloning it
        abort_on_first=False, allow_infos=False, allow_warnings=False,
        meta_shacl=False, advanced=False, js=False, debug=False,
    )
    if not isinstance(report, Graph):  # pragma: no cover - pyshacl returns a Graph for rdflib inputs
        raise TypeError("pyshacl returned no report graph")
    results = _results(report, ds, data, ontology)
    return ValidationReport(results=results, fail_on=fail_on, graph=report,
                            seconds=time.perf_counter() - started, triples=triples)


def _results(report, ds, data, ontology) -> list[ValidationResult]:
    from rdflib import RDF, URIRef

    sh = lambda name: URIRef(SH + name)  # noqa: E731
    graphs_of: dict[str, tuple[str, ...]] = {}

    def graphs(focus) -> tuple[str, ...]:
        key = str(focus)
        if key not in graphs_of:
            found = sorted({str(g.identifier) for g in ds.graphs()
                            if str(g.identifier) not in EXCLUDED_GRAPHS and (focus, None, None) in g})
            graphs_of[key] = tuple(found)
        return graphs_of[key]

    def label(focus) -> str:
        for prop in (SKOS + "prefLabel", RDFS + "label"):
            values = sorted(str(v) for v in data.objects(focus, URIRef(prop)))
            if values:
                return values[0]
            if ontology is not None:
                values = sorted(str(v) for v in ontology.objects(focus, URIRef(prop)))
                if values:
                    return values[0]
        return ""

    results = []
    for node in report.subjects(RDF.type, sh("ValidationResult")):
        focus = report.value(node, sh("focusNode"))
        messages = sorted(str(m) for m in report.objects(node, sh("resultMessage")))
        results.append(ValidationResult(
            focus=_term(focus),
            label=label(focus) if focus is not None else "",
            path=_path_text(report, report.value(node, sh("resultPath"))),
            value=_term(report.value(node, sh("value"))),
            message=messages[0] if messages else "",
            severity=_severity(report.value(node, sh("resultSeverity"))),
            shape=_term(report.value(node, sh("sourceShape"))),
            component=_term(report.value(node, sh("sourceConstraintComponent"))),
            graphs=graphs(focus) if focus is not None else (),
        ))
    results.sort(key=lambda r: (-_RANK.get(r.severity, 3), r.focus, r.path, r.shape, r.value, r.message))
    return results


def load_dataset(path: str | Path):
    """An rdflib Dataset from a built ``.nq`` or ``.trig`` file."""
    from rdflib import Dataset

    restore_rdflib_datatypes()
    path = Path(path)
    fmt = {".nq": "nquads", ".nquads": "nquads", ".trig": "trig"}.get(path.suffix)
    if fmt is None:
        raise ValueError(f"{path}: expected a .nq or .trig dataset")
    ds = Dataset()
    ds.parse(path, format=fmt)
    return ds
