"""Generate the namespace module ``nrkg/model/vocab.py`` and the reference page ``docs/ontology.md``
from the ontology. Both are committed and kept up to date by tests; regenerate them with::

    python -m nrkg.devtools.ontology_docs generate          # writes both files
    python -m nrkg.devtools.ontology_docs generate --check  # exits 1 if either is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from nrkg.model import iri
from nrkg.model.ontology import KINDS, NS, PLURALS, header, load_ontology, terms

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
VOCAB_PATH = REPO_ROOT / "nrkg" / "model" / "vocab.py"
DOCS_PATH = REPO_ROOT / "docs" / "ontology.md"


# ---------------------------------------------------------------------------------------------------
# Generated namespace module
# ---------------------------------------------------------------------------------------------------


def generate_vocab(graph: "rdflib.Graph") -> str:
    """Python source of nrkg/model/vocab.py: an rdflib DefinedNamespace with every term of the ontology."""
    info = header(graph)
    lines = [
        '"""The nrkg ontology\'s terms as an rdflib namespace.',
        "",
        "GENERATED from ontology/nrkg.ttl by ``python -m nrkg.devtools.ontology_docs generate``; do not edit by hand.",
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
        "<!-- GENERATED from ontology/nrkg.ttl by `python -m nrkg.devtools.ontology_docs generate`; do not edit by hand. -->",
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
        print("usage: python -m nrkg.devtools.ontology_docs generate [--check]", file=sys.stderr)
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
