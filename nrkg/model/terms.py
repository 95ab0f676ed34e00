"""RDF terms in one engine-neutral shape, and the one canonical form used to compare them.

Engines (pyoxigraph, rdflib), stores (Oxigraph's server, Virtuoso, any SPARQL endpoint) and the output
formats each hand back the same RDF term with small differences: xsd:string or a plain literal, a
language tag's case, ``1.50`` or ``1.5``, an ``xsd:nonNegativeInteger`` that a store keeps as
``xsd:integer``. :func:`canonical_literal` removes exactly those differences, so that rows are compared
as RDF 1.1 and the stores compare them, and every comparison in the project goes through it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
XSD_INTEGER = XSD + "integer"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# XSD types derived from xsd:integer. Oxigraph (0.5) stores every one of them as xsd:integer, so a
# nonNegativeInteger written to it comes back as an integer: they are compared as xsd:integer.
INTEGER_TYPES = frozenset(XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"))
FLOAT_TYPES = frozenset((XSD + "double", XSD + "float"))


@dataclass(frozen=True)
class Term:
    """An RDF term: kind is "iri", "literal" or "bnode"."""

    kind: str
    value: str
    datatype: str | None = None
    language: str | None = None

    def n3(self) -> str:
        """The term in SPARQL/N-Triples syntax, escaped, so it can stand in a VALUES block."""
        if self.kind == "iri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        escaped = (self.value.replace("\\", "\\\\").replace('"', '\\"')
                   .replace("\n", "\\n").replace("\r", "\\r"))
        if self.language:
            return f'"{escaped}"@{self.language}'
        if self.datatype and self.datatype != XSD_STRING:
            return f'"{escaped}"^^<{self.datatype}>'
        return f'"{escaped}"'


def canonical_number(datatype: str, lexical: str) -> str:
    """The canonical lexical form of a number or boolean, compared by value; other values unchanged.

    Integers (of every derived type) by their value; decimals without trailing zeros (``1.50`` →
    ``1.5``, ``2.0`` → ``2``); doubles and floats as Python's shortest round-tripping form
    (``1.0E1`` → ``10.0``); booleans as ``true``/``false``.
    """
    text = lexical.strip()
    try:
        if datatype in INTEGER_TYPES:
            return str(int(text))
        if datatype == XSD + "decimal":
            value = Decimal(text)
            if value == value.to_integral_value():
                return str(value.quantize(Decimal(1)))
            return format(value.normalize(), "f")
        if datatype in FLOAT_TYPES:
            return repr(float(text))
        if datatype == XSD + "boolean":
            return {"1": "true", "0": "false"}.get(text, text.lower())
    except (ValueError, InvalidOperation):
        return lexical
    return lexical


def canonical_literal(value: str, language: str | None = None, datatype: str | None = None) -> str:
    """A literal as N-Triples-like text with the differences engines and stores introduce removed."""
    escaped = json.dumps(value, ensure_ascii=False)
    if language:
        return f"{escaped}@{language.lower()}"
    if not datatype or datatype in (XSD_STRING, RDF_LANGSTRING):
        return escaped
    number = json.dumps(canonical_number(datatype, value), ensure_ascii=False)
    return f"{number}^^<{XSD_INTEGER if datatype in INTEGER_TYPES else datatype}>"


def canonical(term: Term | None) -> str:
    """The canonical form of a term; blank nodes compare equal to each other (their labels are local)."""
    if term is None:
        return "UNBOUND"
    if term.kind == "iri":
        return f"<{term.value}>"
    if term.kind == "bnode":
        return "_:b"
    return canonical_literal(term.value, term.language, term.datatype)


def from_json(term: dict | None) -> Term | None:
    """A term of the SPARQL 1.1 JSON results format (Virtuoso's "typed-literal" included)."""
    if term is None:
        return None
    kind = term.get("type")
    if kind == "uri":
        return Term("iri", term["value"])
    if kind == "bnode":
        return Term("bnode", term["value"])
    if kind in ("literal", "typed-literal"):
        language = term.get("xml:lang")
        return Term("literal", term["value"], RDF_LANGSTRING if language else term.get("datatype") or XSD_STRING,
                    language)
    raise ValueError(f"unexpected term in SPARQL results: {term!r}")


def from_ox(term) -> Term | None:
    """A pyoxigraph term."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Term("literal", term.value, RDF_LANGSTRING, term.language)
        return Term("literal", term.value, term.datatype.value)
    raise TypeError(f"unsupported term {term!r}")


def to_ox(term: Term):
    """The pyoxigraph term for a Term."""
    import pyoxigraph as ox

    if term.kind == "iri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.language:
        return ox.Literal(term.value, language=term.language)
    return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype or XSD_STRING))


def canonical_nt(text: str) -> str:
    """An N-Triples term (as pyoxigraph writes it) in canonical form."""
    if not text.startswith('"'):
        return "_:b" if text.startswith("_:") else text
    end = text.rindex('"')
    value = json.loads(text[: end + 1])
    rest = text[end + 1:]
    if rest.startswith("@"):
        return canonical_literal(value, rest[1:])
    if rest.startswith("^^<"):
        return canonical_literal(value, None, rest[3:-1])
    return canonical_literal(value)
