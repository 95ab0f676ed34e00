"""Run SPARQL over the built dataset: pyoxigraph by default, rdflib on request.

Both engines see the same dataset with the same default graph (the union of all graphs, or of the
graphs a scope selects), take parameters as RDF terms (a VALUES block of terms the tool serialised itself
on pyoxigraph, initBindings on rdflib — never user text pasted into the query), and return results in one engine-neutral
shape, so a conformance test can compare them row for row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from nrkg.model import iri
from nrkg.errors import NrkgError
from nrkg.model.terms import RDF_LANGSTRING, XSD, Term, from_ox, to_ox
from nrkg.model.catalog import PARAM_TYPES, StoredQuery

ENGINES = ("oxigraph", "rdflib")


@dataclass
class Result:
    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple] = field(default_factory=list)


# ----------------------------------------------------------------------------- parameters

_IRI_CHARS = r"[^\x00-\x20<>\"{}|^`\\]+"  # what an IRIREF may hold (SPARQL 1.1 grammar)

def expand(value: str) -> str | None:
    """An absolute IRI from '<…>', 'http(s)://…' or a project prefixed name; None otherwise."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if re.fullmatch(r"(?:[a-z][a-z0-9+.-]*://|urn:)" + _IRI_CHARS, value, re.IGNORECASE):
        return value
    prefix, sep, local = value.partition(":")
    if sep and prefix in iri.PREFIXES and re.fullmatch(_IRI_CHARS.replace("+", "*"), local):
        return iri.PREFIXES[prefix] + local
    return None


def bad_param(name: str, kind: str, value: str, why: str = "") -> NrkgError:
    return NrkgError("bad-parameter", f"parameter {name!r}: {value!r} is not {PARAM_TYPES[kind]}{why}",
                     f"pass it as -p {name} VALUE, where VALUE is {PARAM_TYPES[kind]}")


def literal_param(name: str, kind: str, value: str) -> Term:
    checks = {
        "integer": (r"[+-]?\d+", XSD + "integer"),
        "decimal": (r"[+-]?(\d+(\.\d*)?|\.\d+)", XSD + "decimal"),
        "boolean": (r"true|false", XSD + "boolean"),
        "date": (r"\d{4}-\d{2}-\d{2}", XSD + "date"),
        "year": (r"\d{4}", XSD + "gYear"),
    }
    if kind == "string":
        return Term("literal", value, XSD + "string")
    pattern, datatype = checks[kind]
    if kind == "boolean":
        value = value.lower()
    if not re.fullmatch(pattern, value):
        raise bad_param(name, kind, value)
    if kind == "date":
        import datetime

        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise bad_param(name, kind, value, " (no such day)") from None
    return Term("literal", value, datatype)


# ----------------------------------------------------------------------------- engines

class Engine:
    name = ""

    def __init__(self, nquads: Path):
        self.path = nquads

    def graphs(self) -> list[str]:
        raise NotImplementedError

    def execute(self, text: str, bindings: dict[str, Term], scope: list[str] | None, where: str) -> Result:
        raise NotImplementedError

    # -- shared logic built on execute()

    def resolve_scope(self, scope: str | None) -> list[str] | None:
        """None (all graphs, as a union) or the graph IRIs a --scope value selects."""
        if not scope or scope == "all":
            return None
        names = self.graphs()
        chosen: list[str] = []
        for part in scope.split(","):
            part = part.strip()
            if part == "asserted":
                chosen += [g for g in names if g not in (iri.GRAPH_INFERRED, iri.GRAPH_LINKS)]
            elif part == "documents":
                chosen += [g for g in names if iri.is_doc_graph(g)]
            elif part in ("entities", "corpus", "background", "inferred", "links", "ontology"):
                chosen += [g for g in names if g == iri.GRAPH + part]
            else:
                full = expand(part)
                matches = [g for g in names if g == full] if full else \
                    [g for g in names if iri.is_doc_graph(g) and iri.stem_of_doc_graph(g).startswith(part)]
                if len(matches) != 1:
                    raise NrkgError("bad-scope", f"--scope {part!r} matches {len(matches)} graphs",
                                    "use all, asserted, documents, entities, corpus, background, inferred, links, "
                                    "ontology, a document stem (or its unique start) or a graph IRI")
                chosen += matches
        return sorted(set(chosen))

    def bind(self, query: StoredQuery, given: dict[str, str]) -> dict[str, Term]:
        unknown = sorted(set(given) - {p.name for p in query.params})
        if unknown:
            names = ", ".join(p.name for p in query.params) or "none"
            raise NrkgError("bad-parameter", f"query {query.name!r} has no parameter {unknown[0]!r}",
                            f"its parameters are: {names}")
        bindings: dict[str, Term] = {}
        for param in query.params:
            value = given.get(param.name, param.default)
            if value is None:
                if param.required:
                    raise NrkgError("missing-parameter", f"query {query.name!r} needs parameter {param.name!r} "
                                    f"({PARAM_TYPES[param.type]})", f"pass it as -p {param.name} VALUE")
                continue
            bindings[param.name] = self.to_term(param.name, param.type, value)
        return bindings

    def to_term(self, name: str, kind: str, value: str) -> Term:
        if kind == "iri":
            full = expand(value)
            if not full:
                raise bad_param(name, kind, value)
            return Term("iri", full)
        if kind == "entity":
            return Term("iri", self.find_entity(name, value))
        if kind == "document":
            full = expand(value)
            stems = [iri.stem_of_doc_graph(g) for g in self.graphs() if iri.is_doc_graph(g)]
            if full:
                if full.startswith(iri.DOC) and full[len(iri.DOC):] in stems:
                    return Term("iri", full)
                raise bad_param(name, kind, value, " (no such document)")
            matches = [s for s in stems if s.startswith(value)]
            if len(matches) != 1:
                raise bad_param(name, kind, value, f" ({len(matches)} documents match; known: {', '.join(stems)})")
            return Term("iri", iri.doc_iri(matches[0]))
        return literal_param(name, kind, value)

    def find_entity(self, name: str, value: str) -> str:
        full = expand(value)
        if full:
            found = self.execute("ASK { GRAPH ?g { ?e ?p ?o } }", {"e": Term("iri", full)}, None, "entity lookup")
            if not found.boolean:
                raise bad_param(name, "entity", value, " (no such node in the graph)")
            return full
        lookup = (
            "SELECT DISTINCT ?e ?label WHERE { GRAPH <" + iri.GRAPH_ENTITIES + "> {"
            " ?e <http://www.w3.org/2004/02/skos/core#prefLabel>|<http://www.w3.org/2004/02/skos/core#altLabel> ?name ."
            " ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?label . }"
            " FILTER(LCASE(STR(?name)) = LCASE(STR(?wanted))) } ORDER BY ?e"
        )
        rows = self.execute(lookup, {"wanted": Term("literal", value, XSD + "string")}, None, "entity lookup").rows
        if len(rows) == 1:
            return rows[0][0].value
        if len(rows) > 1:
            listed = "; ".join(f"{iri.compact(r[0].value)} ({r[1].value})" for r in rows)
            raise NrkgError("ambiguous-entity", f"parameter {name!r}: {value!r} names {len(rows)} entities: {listed}",
                            "pass one of the IRIs instead, e.g. -p " + name + " " + iri.compact(rows[0][0].value))
        labels = self.execute(
            "SELECT DISTINCT ?l WHERE { GRAPH <" + iri.GRAPH_ENTITIES + "> { ?e "
            "<http://www.w3.org/2004/02/skos/core#prefLabel>|<http://www.w3.org/2004/02/skos/core#altLabel> ?l } }",
            {}, None, "entity lookup").rows
        import difflib

        names = sorted({r[0].value for r in labels})
        close = difflib.get_close_matches(value, names, n=3, cutoff=0.6)
        close += [n for n in names if value.lower() in n.lower() and n not in close][:5 - len(close)]
        hint = f"did you mean: {', '.join(close)}?" if close else "run `nrkg query entities` to list the entities"
        raise NrkgError("unknown-entity", f"parameter {name!r}: no entity is named {value!r}", hint)

    def run(self, query: StoredQuery, given: dict[str, str] | None = None, scope: str | None = None) -> Result:
        bindings = self.bind(query, given or {})
        where = str(query.path) if query.path else query.name
        return self.execute(query.text, bindings, self.resolve_scope(scope), where)


_MASKED = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*'
)


def mask(text: str) -> str:
    """The query with strings, IRIs and comments blanked out (same length), so braces and keywords can be found."""
    return _MASKED.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def where_brace(text: str) -> int:
    """Offset of the opening brace of the query's top-level WHERE group."""
    masked = mask(text)
    form = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", masked, re.IGNORECASE)
    if not form:
        raise NrkgError("query-syntax", "no SELECT, ASK, CONSTRUCT or DESCRIBE in the query", "check the query text")
    position = form.end()
    if form.group(1).upper() == "CONSTRUCT" and not re.match(r"\s*WHERE\b", masked[position:], re.IGNORECASE):
        depth, start = 0, masked.index("{", position)  # skip the template
        for index in range(start, len(masked)):
            depth += {"{": 1, "}": -1}.get(masked[index], 0)
            if depth == 0:
                position = index + 1
                break
    brace = masked.find("{", position)
    if brace == -1:
        raise NrkgError("query-syntax", "the query has no WHERE group", "check the query text")
    return brace


def with_values(text: str, bindings: dict[str, Term]) -> str:
    """Bind variables with a VALUES block at the start of the WHERE group.

    The values are RDF terms the tool serialised itself (escaped literals, checked IRIs), so this is the
    SPARQL way of giving initial bindings, not pasting user text into the query. Inserting on the brace's
    own line keeps the line numbers of error messages true to the file.
    """
    if not bindings:
        return text
    names = sorted(bindings)
    values = "VALUES (" + " ".join("?" + n for n in names) + ") { (" + " ".join(bindings[n].n3() for n in names) + ") } "
    brace = where_brace(text)
    return text[: brace + 1] + " " + values + text[brace + 1:]


def syntax_error(where: str, line: int | None, column: int | None, detail: str) -> NrkgError:
    position = f":{line}:{column}" if line is not None else ""
    return NrkgError("query-syntax", f"{where}{position}: {detail}", "fix the query at that position")


class OxigraphEngine(Engine):
    name = "oxigraph"

    def __init__(self, nquads: Path):
        import pyoxigraph as ox

        super().__init__(nquads)
        self.store = ox.Store()
        self.store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs())

    def execute(self, text, bindings, scope, where):
        import pyoxigraph as ox

        options = {}
        if scope is None:
            options["use_default_graph_as_union"] = True
        else:
            graphs = [ox.NamedNode(g) for g in scope]
            options["default_graph"] = graphs or [ox.DefaultGraph()]
            options["named_graphs"] = graphs
        try:
            result = self.store.query(with_values(text, bindings), **options)
        except SyntaxError as exc:
            match = re.match(r"error at (\d+):(\d+): (.*)", str(exc), re.DOTALL)
            if match:
                raise syntax_error(where, int(match.group(1)), int(match.group(2)), match.group(3)) from None
            raise syntax_error(where, None, None, str(exc)) from None
        except OSError as exc:  # e.g. an unreachable SERVICE endpoint
            raise NrkgError("query-failed", f"{where}: {exc}", "check the endpoints the query uses") from None
        if isinstance(result, ox.QueryBoolean):
            return Result("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = [tuple(from_ox(solution[v]) for v in variables) for solution in result]
            return Result("select", variables=variables, rows=rows)
        triples = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in result]
        return Result("graph", triples=triples)


class RdflibEngine(Engine):
    name = "rdflib"

    def __init__(self, nquads: Path):
        from rdflib import Dataset

        super().__init__(nquads)
        self.dataset = Dataset(default_union=True)
        self.dataset.parse(str(nquads), format="nquads")

    def graphs(self) -> list[str]:
        return sorted(str(g.identifier) for g in self.dataset.graphs() if str(g.identifier).startswith("http"))

    @staticmethod
    def to_rdflib(term: Term):
        from rdflib import Literal, URIRef

        if term.kind == "iri":
            return URIRef(term.value)
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype in (None, XSD + "string"):
            return Literal(term.value)  # rdflib keeps "x"^^xsd:string apart from "x"; RDF 1.1 does not
        return Literal(term.value, datatype=URIRef(term.datatype))

    @staticmethod
    def from_rdflib(term) -> Term | None:
        from rdflib import BNode, Literal, URIRef

        if term is None:
            return None
        if isinstance(term, URIRef):
            return Term("iri", str(term))
        if isinstance(term, BNode):
            return Term("bnode", str(term))
        if isinstance(term, Literal):
            if term.language:
                return Term("literal", str(term), RDF_LANGSTRING, term.language)
            return Term("literal", str(term), str(term.datatype) if term.datatype else XSD + "string")
        raise TypeError(f"unsupported term {term!r}")

    def _scoped(self, scope):
        if scope is None:
            return self.dataset
        from rdflib import Dataset, URIRef

        subset = Dataset(default_union=True)
        for name in scope:
            target = subset.graph(URIRef(name))
            for triple in self.dataset.graph(URIRef(name)):
                target.add(triple)
        return subset

    def execute(self, text, bindings, scope, where):
        from pyparsing import ParseException

        graph = self._scoped(scope)
        try:
            result = graph.query(text, initBindings={k: self.to_rdflib(v) for k, v in bindings.items()})
        except ParseException as exc:
            raise syntax_error(where, exc.lineno, exc.col, exc.msg) from None
        if result.type == "ASK":
            return Result("ask", boolean=bool(result.askAnswer))
        if result.type == "SELECT":
            variables = [str(v) for v in result.vars]
            rows = [tuple(self.from_rdflib(row[i]) for i in range(len(variables))) for row in result]
            return Result("select", variables=variables, rows=rows)
        triples = [tuple(self.from_rdflib(t) for t in triple) for triple in result]
        return Result("graph", triples=triples)


ENDPOINT_PLACEHOLDER = "urn:nrkg:endpoint:"


def apply_endpoints(query: StoredQuery, endpoints: dict[str, str]) -> StoredQuery:
    """Put endpoint IRIs in place of ``<urn:nrkg:endpoint:NAME>`` in a federated query.

    SERVICE targets cannot be bound portably, so this is the one place a value enters query text:
    only as an IRI term, after checking it is an absolute http(s) IRI with no character that could
    end the term.
    """
    text = query.text
    for name, url in sorted(endpoints.items()):
        if not re.fullmatch(r"https?://[^\s<>\"{}|^`\\]+", url):
            raise NrkgError("bad-endpoint", f"endpoint {name!r}: {url!r} is not an absolute http(s) IRI",
                            "pass --endpoint NAME=http://host:port/path")
        placeholder = f"<{ENDPOINT_PLACEHOLDER}{name}>"
        if placeholder not in text:
            raise NrkgError("bad-endpoint", f"query {query.name!r} has no endpoint named {name!r}",
                            "its endpoints are: " + (", ".join(sorted(set(re.findall(
                                re.escape("<" + ENDPOINT_PLACEHOLDER) + r"([\w-]+)>", text)))) or "none"))
        text = text.replace(placeholder, f"<{url}>")
    missing = sorted(set(re.findall(re.escape("<" + ENDPOINT_PLACEHOLDER) + r"([\w-]+)>", text)))
    if missing:
        raise NrkgError("missing-endpoint", f"query {query.name!r} needs an endpoint for {', '.join(missing)}",
                        f"pass --endpoint {missing[0]}=URL")
    from dataclasses import replace

    return replace(query, text=text)


def open_engine(name: str, nquads: Path) -> Engine:
    if name == "oxigraph":
        return OxigraphEngine(nquads)
    if name == "rdflib":
        return RdflibEngine(nquads)
    raise NrkgError("unknown-engine", f"no engine named {name!r}", f"engines are: {', '.join(ENGINES)}")


# ----------------------------------------------------------------------------- comparison

def row_multiset(result: Result) -> dict[tuple, int]:
    """A result as a multiset of rows in canonical form (:mod:`nrkg.model.terms`), for comparing engines
    and stores: row order is not part of a result's meaning, multiplicity is."""
    from collections import Counter

    from nrkg.model.terms import canonical

    if result.kind == "ask":
        return Counter({(str(result.boolean).lower(),): 1})
    items = result.rows if result.kind == "select" else result.triples
    return Counter(tuple(canonical(t) for t in row) for row in items)
