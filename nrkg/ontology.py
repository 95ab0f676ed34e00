"""The ontology as data: load it, list its terms, check their documentation, and generate from it the
namespace module ``nrkg/vocab.py`` and the reference page ``docs/ontology.md``.

Both generated files are committed and kept up to date by tests; regenerate them with::

    python -m nrkg.ontology generate          # writes nrkg/vocab.py and docs/ontology.md
    python -m nrkg.ontology generate --check  # exits 1 if either is out of date

rdflib is imported inside the functions that need it, so importing this module stays cheap.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import iri

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

NS = iri.ONTOLOGY
ONTOLOGY_FILE = "nrkg.ttl"

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

REPO_ROOT = Path(__file__).resolve().parent.parent
VOCAB_PATH = Path(__file__).resolve().parent / "vocab.py"
DOCS_PATH = REPO_ROOT / "docs" / "ontology.md"


def ontology_files(ontology_dir: Path | None = None) -> list[Path]:
    from .paths import data_dir

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


# ---------------------------------------------------------------------------------------------------
# Generated namespace module
# ---------------------------------------------------------------------------------------------------


def _wrap(text: str, width: int, indent: str) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False) or [indent.rstrip()]


def generate_vocab(graph: "rdflib.Graph") -> str:
    """Python source of nrkg/vocab.py: an rdflib DefinedNamespace with every term of the ontology."""
    info = header(graph)
    lines = [
        '"""The nrkg ontology\'s terms as an rdflib namespace.',
        "",
        "GENERATED from ontology/nrkg.ttl by ``python -m nrkg.ontology generate``; do not edit by hand.",
        f"Ontology version: {info.get('versionInfo', 'unknown')}.",
        "",
        "Build code only: this module imports rdflib, so the query path must not import it.",
        '"""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class NRKG(DefinedNamespace):",
        '    """Terms of https://w3id.org/nrkg/ontology# (classes, properties, individuals)."""',
        "",
        "    _fail = True",
    ]
    for kind, _ in KINDS:
        group = [t for t in terms(graph) if t.kind == kind]
        if not group:
            continue
        lines.append("")
        lines.append(f"    # {PLURALS[kind]}")
        for term in sorted(group, key=lambda t: t.name):
            lines.append(f"    {term.name}: URIRef  # {term.label or ''}".rstrip())
    lines += ["", f'    _NS = Namespace("{NS}")', ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------
# Generated reference page
# ---------------------------------------------------------------------------------------------------


def _c(value: str) -> str:
    compact = iri.compact(value)
    if compact == value:
        return f"<{value}>"
    return f"`{compact}`"


def _anchor(term_iri: str) -> str:
    return term_iri[len(NS):].lower()


def _link(value: str, own: set[str]) -> str:
    if value in own:
        return f"[`{iri.compact(value)}`](#{_anchor(value)})"
    return _c(value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def generate_docs(graph: "rdflib.Graph") -> str:
    """Markdown reference of the ontology: header, class tree, then every class, property and individual."""
    info = header(graph)
    all_terms = terms(graph)
    own = {t.iri for t in all_terms}
    by_iri = {t.iri: t for t in all_terms}
    out: list[str] = [
        "# Ontology reference",
        "",
        "<!-- GENERATED from ontology/nrkg.ttl by `python -m nrkg.ontology generate`; do not edit by hand. -->",
        "",
    ]
    if info:
        out += [
            f"**{info.get('title', 'nrkg ontology')}**, version {info.get('versionInfo', '?')}",
            "",
            f"- Ontology IRI: <{info['iri']}>",
            f"- Version IRI: <{info.get('versionIRI', '')}>",
            f"- Namespace: <{NS}> (prefix `nrkg:`)",
            f"- Creator: {info.get('creator', '')}",
            f"- Licence: <{info.get('license', '')}>",
            "",
            info.get("description", ""),
            "",
        ]
    counts = {kind: sum(1 for t in all_terms if t.kind == kind) for kind, _ in KINDS}
    out += [
        "| classes | object properties | datatype properties | individuals |",
        "|---|---|---|---|",
        f"| {counts['class']} | {counts['object property']} | {counts['datatype property']} | {counts['individual']} |",
        "",
        "Reused vocabularies (by IRI, not imported): PROV-O `prov:`, Web Annotation `oa:`, SKOS `skos:`,",
        "Dublin Core terms `dct:`, the W3C Organization ontology `org:`, schema.org `schema:`, OWL-Time `time:`.",
        "The ontology is in the OWL 2 RL profile (`nrkg ontology check`).",
        "",
        "## Class hierarchy",
        "",
    ]
    classes = [t for t in all_terms if t.kind == "class"]
    children: dict[str, list[str]] = {}
    roots = []
    for cls in classes:
        own_parents = [p for p in cls.parents if p in own]
        if not own_parents:
            roots.append(cls.iri)
        for p in own_parents:
            children.setdefault(p, []).append(cls.iri)

    def tree(node: str, depth: int) -> None:
        out.append(f"{'  ' * depth}- {_link(node, own)} — {by_iri[node].label or ''}")
        for child in sorted(children.get(node, []), key=lambda c: by_iri[c].name):
            tree(child, depth + 1)

    for root in sorted(roots, key=lambda r: by_iri[r].name):
        tree(root, 0)
    out.append("")

    def section(title: str, kind: str) -> None:
        group = sorted((t for t in all_terms if t.kind == kind), key=lambda t: t.name)
        if not group:
            return
        out.extend([f"## {title}", ""])
        for t in group:
            out.append(f"### {t.name}")
            out.append("")
            out.append(f"`{iri.compact(t.iri)}` — *{t.label or ''}*")
            out.append("")
            if t.definition:
                out.append(t.definition)
                out.append("")
            rows: list[tuple[str, str]] = []
            if kind == "class":
                if t.parents:
                    rows.append(("subclass of", ", ".join(_link(p, own) for p in t.parents)))
                subs = sorted(children.get(t.iri, []))
                if subs:
                    rows.append(("subclasses", ", ".join(_link(s, own) for s in subs)))
                if t.disjoint:
                    rows.append(("disjoint with", ", ".join(_link(d, own) for d in t.disjoint)))
                members = sorted(i.iri for i in all_terms if i.kind == "individual" and t.iri in i.types)
                if members:
                    rows.append(("individuals", ", ".join(_link(m, own) for m in members)))
            elif kind == "individual":
                rows.append(("type", ", ".join(_link(c, own) for c in t.types)))
            else:
                if t.parents:
                    rows.append(("sub-property of", ", ".join(_link(p, own) for p in t.parents)))
                rows.append(("domain", ", ".join(_link(d, own) for d in t.domain) or "—"))
                rows.append(("range", ", ".join(_link(r, own) for r in t.range) or "—"))
                if t.inverse:
                    rows.append(("inverse of", ", ".join(_link(i, own) for i in t.inverse)))
                if t.characteristics:
                    rows.append(("characteristics", ", ".join(t.characteristics)))
            for example in t.examples:
                rows.append(("example", _cell(example)))
            for note in t.notes:
                rows.append(("note", _cell(note)))
            if t.see_also:
                rows.append(("see also", ", ".join(_c(s) for s in t.see_also)))
            if rows:
                out.extend(["| | |", "|---|---|"])
                out.extend(f"| {k} | {v} |" for k, v in rows)
                out.append("")

    section("Classes", "class")
    section("Object properties", "object property")
    section("Datatype properties", "datatype property")
    section("Annotation properties", "annotation property")
    section("Individuals", "individual")
    return "\n".join(out).rstrip() + "\n"


def generated_files(graph: "rdflib.Graph") -> dict[Path, str]:
    return {VOCAB_PATH: generate_vocab(graph), DOCS_PATH: generate_docs(graph)}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in ("generate", "gen-vocab", "gen-docs"):
        print("usage: python -m nrkg.ontology generate [--check]", file=sys.stderr)
        return 2
    check = "--check" in args
    graph = load_ontology()
    files = generated_files(graph)
    if args[0] == "gen-vocab":
        files = {VOCAB_PATH: files[VOCAB_PATH]}
    elif args[0] == "gen-docs":
        files = {DOCS_PATH: files[DOCS_PATH]}
    stale = []
    for path, text in files.items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not check:
            path.write_text(text, encoding="utf-8")
    for path in stale:
        rel = path.relative_to(REPO_ROOT)
        print(f"{rel}: {'out of date' if check else 'written'}")
    return 1 if (check and stale) else 0


if __name__ == "__main__":
    raise SystemExit(main())
