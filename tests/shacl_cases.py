"""Reading the negative-fixture files: SPARQL Update cases with their expected results."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from nrkg.model import iri

FIXTURES = Path(__file__).parent / "fixtures"
PREFIXES = dict(iri.PREFIXES, shape=iri.BASE + "shapes#", c=iri.claim_ns("fx"), an=iri.ANNO + "fx/",
                mn=iri.MENTION + "fx/", gdoc=iri.GRAPH_DOC)
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


@dataclass(frozen=True)
class Case:
    name: str
    update: str
    expect: frozenset  # of tuples (name, node) for shapes or (name, graph, node) for checks

    def __str__(self) -> str:
        return self.name

    def apply(self, ds) -> None:
        """Run the update on an rdflib Dataset, one operation at a time (each with the prefixes)."""
        for operation in re.split(r";\s*\n(?=\s*(?:INSERT|DELETE)\b)", self.update):
            ds.update(SPARQL_PREFIXES + operation)


def expand(term: str) -> str:
    if term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    prefix, sep, local = term.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return term


def read_cases(path: Path) -> list[Case]:
    cases, name, lines, expect = [], None, [], []

    def flush():
        if name is not None:
            cases.append(Case(name, "\n".join(lines).strip(), frozenset(expect)))

    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"#\s*case:\s*(\S+)", line)
        if match:
            flush()
            name, lines, expect = match.group(1), [], []
            continue
        match = re.match(r"#\s*expect:\s*(.+)", line)
        if match and name is not None:
            expect.append(tuple("" if t == "-" else expand(t) for t in match.group(1).split()))
            continue
        if name is not None and not line.startswith("#"):
            lines.append(line)
    flush()
    return cases


def good_dataset():
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(FIXTURES / "shacl" / "good.trig", format="trig")
    return ds
