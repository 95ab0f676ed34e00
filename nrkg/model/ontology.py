"""The ontology as data: load it, list its terms and check their documentation.

The generated namespace module ``nrkg/model/vocab.py`` and the reference page ``docs/ontology.md`` are
written from it by :mod:`nrkg.devtools.ontology_docs`. rdflib is imported inside the functions that
need it, so importing this module stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from nrkg.model import iri

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

NS = iri.ONTOLOGY

OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"

KINDS = (
    ("class", OWL + "Class"),
    ("object property", OWL + "ObjectProperty"),
    ("datatype property", OWL + "DatatypeProperty"),
    ("annotation property", OWL + "AnnotationProperty"),
    ("individual", OWL + "NamedIndividual"),
)

PLURALS = {
    "class": "Classes",
    "object property": "Object properties",
    "datatype property": "Datatype properties",
    "annotation property": "Annotation properties",
    "individual": "Individuals",
}

def ontology_files(ontology_dir: Path | None = None) -> list[Path]:
    from nrkg.paths import data_dir

    directory = ontology_dir if ontology_dir is not None else data_dir("ontology")
    return sorted(directory.rglob("*.ttl"))


def load_ontology(ontology_dir: Path | None = None) -> "rdflib.Graph":
    """Parse every Turtle file under ontology/ into one graph."""
    import rdflib

    graph = rdflib.Graph()
    for path in ontology_files(ontology_dir):
        graph.parse(path, format="turtle")
    return graph


# ---------------------------------------------------------------------------------------------------
# Terms
# ---------------------------------------------------------------------------------------------------


@dataclass
class Term:
    iri: str
    kind: str
    label: str | None = None
    definition: str | None = None
    examples: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)  # subClassOf / subPropertyOf, named only
    types: list[str] = field(default_factory=list)  # for individuals: their classes
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)
    inverse: list[str] = field(default_factory=list)
    characteristics: list[str] = field(default_factory=list)
    disjoint: list[str] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.iri[len(NS):]


def _en(graph: "rdflib.Graph", subject, predicate) -> list[str]:
    """Literal values, English (or untagged) first, sorted for determinism."""
    values = [o for o in graph.objects(subject, predicate)]
    preferred = sorted(str(v) for v in values if getattr(v, "language", None) in ("en", None))
    return preferred or sorted(str(v) for v in values)


def _named(values) -> list[str]:
    import rdflib

    return sorted(str(v) for v in values if isinstance(v, rdflib.URIRef))


def terms(graph: "rdflib.Graph") -> list[Term]:
    """Every term in the project namespace the ontology declares, sorted by kind then name."""
    from rdflib import RDF as R, RDFS as RS, OWL as O, URIRef
    from rdflib.namespace import SKOS as S

    result: list[Term] = []
    seen: set[str] = set()
    for kind, type_iri in KINDS:
        for subject in sorted(set(graph.subjects(R.type, URIRef(type_iri))), key=str):
            s = str(subject)
            if not s.startswith(NS) or s in seen or s == NS:
                continue
            seen.add(s)
            labels = _en(graph, subject, RS.label)
            definitions = _en(graph, subject, S.definition)
            term = Term(iri=s, kind=kind, label=labels[0] if labels else None,
                        definition=definitions[0] if definitions else None,
                        examples=_en(graph, subject, S.example), notes=_en(graph, subject, S.scopeNote))
            if kind == "class":
                term.parents = _named(graph.objects(subject, RS.subClassOf))
                disjoint = set(_named(graph.objects(subject, O.disjointWith)))
                disjoint |= set(_named(graph.subjects(O.disjointWith, subject)))
                for group in graph.subjects(R.type, O.AllDisjointClasses):
                    members = [str(m) for m in graph.items(graph.value(group, O.members))]
                    if s in members:
                        disjoint |= {m for m in members if m != s}
                term.disjoint = sorted(disjoint)
            elif kind == "individual":
                term.types = [t for t in _named(graph.objects(subject, R.type)) if t != OWL + "NamedIndividual"]
            else:
                term.parents = _named(graph.objects(subject, RS.subPropertyOf))
                term.domain = _named(graph.objects(subject, RS.domain))
                term.range = _named(graph.objects(subject, RS.range))
                inverse = set(_named(graph.objects(subject, O.inverseOf)))
                inverse |= set(_named(graph.subjects(O.inverseOf, subject)))
                term.inverse = sorted(inverse)
                term.characteristics = sorted(
                    str(t)[len(OWL):].replace("Property", "").lower()
                    for t in graph.objects(subject, R.type)
                    if str(t) in (OWL + "TransitiveProperty", OWL + "SymmetricProperty",
                                  OWL + "FunctionalProperty", OWL + "InverseFunctionalProperty",
                                  OWL + "AsymmetricProperty", OWL + "ReflexiveProperty",
                                  OWL + "IrreflexiveProperty"))
            term.see_also = _named(graph.objects(subject, RS.seeAlso))
            result.append(term)
    return result


def undocumented(graph: "rdflib.Graph") -> list[str]:
    """Problems with the ontology's own documentation: terms without an English rdfs:label or
    skos:definition, and nrkg: IRIs used in the ontology but never declared."""
    import rdflib

    problems = []
    declared = {t.iri for t in terms(graph)}
    for term in terms(graph):
        if not term.label:
            problems.append(f"{iri.compact(term.iri)} ({term.kind}) has no rdfs:label")
        if not term.definition:
            problems.append(f"{iri.compact(term.iri)} ({term.kind}) has no skos:definition")
    used = set()
    for triple in graph:
        for node in triple:
            if isinstance(node, rdflib.URIRef) and str(node).startswith(NS) and str(node) != NS:
                used.add(str(node))
    for name in sorted(used - declared):
        problems.append(f"{iri.compact(name)} is used in the ontology but not declared")
    return problems


def header(graph: "rdflib.Graph") -> dict[str, str]:
    from rdflib import RDF as R, OWL as O, URIRef

    onto = URIRef(iri.ONTOLOGY_IRI)
    if (onto, R.type, O.Ontology) not in graph:
        return {}
    get = lambda p: graph.value(onto, URIRef(p))  # noqa: E731
    return {k: str(v) for k, v in {
        "iri": onto,
        "versionIRI": get(OWL + "versionIRI"),
        "versionInfo": get(OWL + "versionInfo"),
        "title": get(DCT + "title"),
        "description": get(DCT + "description"),
        "creator": get(DCT + "creator"),
        "license": get(DCT + "license"),
    }.items() if v is not None}
