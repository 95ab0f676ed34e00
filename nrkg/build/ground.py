"""The ground stage: tie every claim to the words that state it.

* Evidence shorthand (``nrkg:hasEvidence [ oa:exact "…" ]``) becomes a Web Annotation with an IRI
  derived from the document and the code-point offsets, a quote selector and a position selector.
* Each entity label is attested by a mention annotation at its first occurrence in the corpus.
* Dated claims get interval bounds; hostnames get their punycode form and, when they mix scripts,
  a reliability finding.
* Coverage: the share of document-graph facts whose subject is a claim with evidence that passes the
  mention check.

All problems are collected and reported together, so a curator fixes a whole file in one pass.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from nrkg.model import iri
from nrkg.build.corpus import Document
from nrkg.errors import CheckFailed

OA = "http://www.w3.org/ns/oa#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
N = iri.ONTOLOGY

EVIDENCE_PROPERTIES = (N + "hasEvidence", N + "hasContextEvidence")
LABEL_PROPERTIES = (SKOS + "prefLabel", SKOS + "altLabel")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class Coverage:
    facts: int = 0
    grounded: int = 0
    per_document: dict[str, tuple[int, int]] = field(default_factory=dict)
    mention_failures: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.grounded / self.facts if self.facts else 1.0


# ----------------------------------------------------------------------------- locating quotes

def find_all(text: str, needle: str) -> list[int]:
    """Every start index of needle in text, overlapping matches included."""
    found, index = [], text.find(needle)
    while index != -1 and needle:
        found.append(index)
        index = text.find(needle, index + 1)
    return found


def locate(text: str, exact: str, prefix: str = "", suffix: str = "",
           occurrence: int | None = None, start: int | None = None) -> Span:
    """Pin a quote to one place in the text, or raise ValueError saying why it cannot be pinned."""
    if not exact:
        raise ValueError("the quote is empty")
    if start is not None:
        if text[start:start + len(exact)] != exact:
            raise ValueError(f"the text at offset {start} is {text[start:start + len(exact)]!r}, not the quote")
        if prefix and text[max(0, start - len(prefix)):start] != prefix:
            raise ValueError(f"the prefix does not precede offset {start}")
        if suffix and text[start + len(exact):start + len(exact) + len(suffix)] != suffix:
            raise ValueError(f"the suffix does not follow the quote at offset {start}")
        return Span(start, start + len(exact))
    starts = [i + len(prefix) for i in find_all(text, prefix + exact + suffix)]
    if not starts:
        if prefix or suffix:
            if find_all(text, exact):
                raise ValueError("the quote occurs, but not with this prefix/suffix")
        raise ValueError("the quote does not occur in the document")
    if occurrence is not None:
        if not 1 <= occurrence <= len(starts):
            raise ValueError(f"occurrence {occurrence} asked for, but the quote occurs {len(starts)} time(s)")
        begin = starts[occurrence - 1]
        return Span(begin, begin + len(exact))
    if len(starts) > 1:
        raise ValueError(f"the quote occurs {len(starts)} times (at {', '.join(map(str, starts))}): "
                         "add oa:prefix/oa:suffix, nrkg:occurrence or oa:start to pin one")
    return Span(starts[0], starts[0] + len(exact))


def unique_context(text: str, span: Span, max_len: int = 60) -> tuple[str, str]:
    """The shortest prefix/suffix (grown together) that makes the span unique; ('', '') if already unique."""
    exact = text[span.start:span.end]
    if len(find_all(text, exact)) == 1:
        return "", ""
    for size in range(1, max_len + 1):
        prefix = text[max(0, span.start - size):span.start]
        suffix = text[span.end:span.end + size]
        if len(find_all(text, prefix + exact + suffix)) == 1:
            return prefix, suffix
    return text[max(0, span.start - max_len):span.start], text[span.end:span.end + max_len]


def label_pattern(label: str) -> re.Pattern:
    """A label as a whole word or phrase, case-insensitively ("US" must not match inside "Russia")."""
    return re.compile(r"(?<!\w)" + re.escape(label) + r"(?!\w)", re.IGNORECASE)


def find_label(text: str, label: str) -> re.Match | None:
    """Case-insensitive whole-word occurrence of a label, with offsets into the original text."""
    return label_pattern(label).search(text)


# ----------------------------------------------------------------------------- dates

def date_bounds(lexical: str, datatype: str) -> tuple[str, str] | None:
    """Earliest and latest day of a date literal when its year is known."""
    try:
        if datatype == XSD + "date":
            day = lexical[:10]
            return day, day
        if datatype == XSD + "gYearMonth":
            year, month = int(lexical[:4]), int(lexical[5:7])
            last = calendar.monthrange(year, month)[1]
            return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
        if datatype == XSD + "gYear":
            year = int(lexical[:4])
            return f"{year:04d}-01-01", f"{year:04d}-12-31"
        if datatype == XSD + "dateTime":
            day = lexical[:10]
            return day, day
    except ValueError:
        return None
    return None  # gMonthDay and anything else has no year


# ----------------------------------------------------------------------------- hostnames

def punycode(hostname: str) -> str:
    labels = []
    for label in hostname.split("."):
        labels.append(label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii"))
    return ".".join(labels)


def hostname_finding(hostname: str) -> dict | None:
    """Scripts mixed in a hostname and the all-Latin name it imitates; None for a plain hostname."""
    from confusable_homoglyphs import categories, confusables

    scripts = sorted({categories.alias(ch) for ch in hostname if ch.isalpha()})
    if len(scripts) < 2:
        return None
    skeleton = []
    for ch in hostname:
        if ch.isalpha() and categories.alias(ch) != "LATIN":
            found = confusables.is_confusable(ch, greedy=True, preferred_aliases=["latin"]) or []
            latin = [g["c"] for item in found for g in item["homoglyphs"] if categories.alias(g["c"][0]) == "LATIN"]
            skeleton.append(latin[0] if latin else ch)
        else:
            skeleton.append(ch)
    return {"scripts": scripts, "imitates": "".join(skeleton)}


# ----------------------------------------------------------------------------- the stage

def anno_iri(kind: str, stem: str, span: Span) -> str:
    return f"{iri.BASE}{kind}/{stem}/{span.start}-{span.end}"


def _add_annotation(graph, kind: str, document: Document, span: Span, body, prefix: str = "", suffix: str = ""):
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, XSD as X

    oa = lambda name: URIRef(OA + name)  # noqa: E731
    base = anno_iri(kind, document.stem, span)
    anno, target = URIRef(base), URIRef(base + "/target")
    quote, position = URIRef(base + "/quote"), URIRef(base + "/position")
    graph.add((anno, RDF.type, oa("Annotation")))
    graph.add((anno, oa("hasBody"), body))
    graph.add((anno, oa("motivatedBy"), oa("identifying" if kind == "mention" else "describing")))
    graph.add((anno, oa("hasTarget"), target))
    graph.add((target, RDF.type, oa("SpecificResource")))
    graph.add((target, oa("hasSource"), URIRef(iri.doc_iri(document.stem))))
    graph.add((target, oa("hasSelector"), quote))
    graph.add((target, oa("hasSelector"), position))
    graph.add((quote, RDF.type, oa("TextQuoteSelector")))
    graph.add((quote, oa("exact"), Literal(document.text[span.start:span.end])))
    if prefix:
        graph.add((quote, oa("prefix"), Literal(prefix)))
    if suffix:
        graph.add((quote, oa("suffix"), Literal(suffix)))
    graph.add((position, RDF.type, oa("TextPositionSelector")))
    graph.add((position, oa("start"), Literal(span.start, datatype=X.nonNegativeInteger)))
    graph.add((position, oa("end"), Literal(span.end, datatype=X.nonNegativeInteger)))
    return anno


def _single(graph, subject, predicate):
    values = list(graph.objects(subject, predicate))
    return values[0] if len(values) == 1 else (None if not values else values)


def ground_evidence(graph, document: Document, problems: list[str], where: str) -> None:
    """Replace evidence shorthand blank nodes in one document graph by annotations."""
    from rdflib import BNode, URIRef

    oa = lambda name: URIRef(OA + name)  # noqa: E731
    for prop in EVIDENCE_PROPERTIES:
        for claim, node in sorted(graph.subject_objects(URIRef(prop))):
            if not isinstance(node, BNode):
                continue
            exact = _single(graph, node, oa("exact"))
            prefix = _single(graph, node, oa("prefix")) or ""
            suffix = _single(graph, node, oa("suffix")) or ""
            occurrence = _single(graph, node, URIRef(N + "occurrence"))
            start = _single(graph, node, oa("start"))
            label = f"{where}: {iri.compact(str(claim))}"
            if exact is None or isinstance(exact, list):
                problems.append(f"{label}: evidence needs exactly one oa:exact")
                continue
            if any(isinstance(v, list) for v in (prefix, suffix, occurrence, start)):
                problems.append(f"{label}: evidence has a repeated oa:prefix/oa:suffix/nrkg:occurrence/oa:start")
                continue
            try:
                span = locate(document.text, str(exact), str(prefix), str(suffix),
                              int(occurrence) if occurrence is not None else None,
                              int(start) if start is not None else None)
            except ValueError as why:
                problems.append(f"{label}: quote {str(exact)[:60]!r}: {why}")
                continue
            for triple in list(graph.triples((node, None, None))):
                graph.remove(triple)
            graph.remove((claim, URIRef(prop), node))
            anno = _add_annotation(graph, "anno", document, span, claim, str(prefix), str(suffix))
            graph.add((claim, URIRef(prop), anno))


def add_date_bounds(graph) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD as X

    date_p, cand_p = URIRef(N + "date"), URIRef(N + "dateCandidate")
    earliest_p, latest_p = URIRef(N + "earliestDate"), URIRef(N + "latestDate")
    for claim in sorted(set(graph.subjects(date_p, None)) | set(graph.subjects(cand_p, None))):
        if (claim, earliest_p, None) in graph or (claim, latest_p, None) in graph:
            continue  # curated bounds win
        bounds = []
        for value in list(graph.objects(claim, date_p)):
            found = date_bounds(str(value), str(getattr(value, "datatype", "") or ""))
            if found:
                bounds.append(found)
        if not bounds:
            for value in graph.objects(claim, cand_p):
                found = date_bounds(str(value), str(getattr(value, "datatype", "") or ""))
                if found:
                    bounds.append(found)
        if bounds:
            graph.add((claim, earliest_p, Literal(min(b[0] for b in bounds), datatype=X.date)))
            graph.add((claim, latest_p, Literal(max(b[1] for b in bounds), datatype=X.date)))


def add_hostname_findings(graph, stem: str) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF

    host_p = URIRef(N + "hostname")
    evidence_p = URIRef(N + "hasEvidence")
    for number, (claim, host) in enumerate(sorted(graph.subject_objects(host_p)), 1):
        written = str(host)
        graph.add((claim, URIRef(N + "hostnamePunycode"), Literal(punycode(written))))
        finding = hostname_finding(written)
        if finding is None:
            continue
        node = URIRef(f"{iri.claim_ns(stem)}finding-hostname-{number}")
        graph.add((node, RDF.type, URIRef(N + "ReliabilityFinding")))
        graph.add((node, URIRef(N + "concerns"), URIRef(iri.doc_iri(stem))))
        graph.add((node, URIRef(N + "findingType"), URIRef(N + "ConfusableHostname")))
        graph.add((node, URIRef(N + "hostname"), Literal(written)))
        graph.add((node, URIRef(N + "hostnamePunycode"), Literal(punycode(written))))
        graph.add((node, URIRef(N + "imitates"), Literal(finding["imitates"])))
        for script in finding["scripts"]:
            graph.add((node, URIRef(N + "scripts"), Literal(script)))
        graph.add((node, URIRef(N + "modality"), URIRef(N + "Asserted")))
        graph.add((node, URIRef(N + "basedOn"), claim))
        for anno in graph.objects(claim, evidence_p):
            graph.add((node, evidence_p, anno))
            graph.add((anno, URIRef(OA + "hasBody"), node))


def entity_labels(entities) -> dict[str, list[str]]:
    labels: dict[str, list[str]] = {}
    from rdflib import URIRef

    for prop in LABEL_PROPERTIES:
        for entity, label in entities.subject_objects(URIRef(prop)):
            labels.setdefault(str(entity), []).append(str(label))
    return {k: sorted(v) for k, v in labels.items()}


def attest_labels(entities, documents: list[Document], problems: list[str]) -> None:
    """Add a mention annotation for each entity label at its first occurrence in the corpus."""
    from rdflib import URIRef

    attested_p = URIRef(N + "attestedBy")
    for entity, labels in sorted(entity_labels(entities).items()):
        for label in labels:
            for document in documents:
                match = find_label(document.text, label)
                if match:
                    span = Span(match.start(), match.end())
                    mention = _add_annotation(entities, "mention", document, span, URIRef(entity))
                    entities.add((URIRef(entity), attested_p, mention))
                    break
            else:
                problems.append(f"graph/entities.ttl: {iri.compact(entity)}: label {label!r} occurs in no document")


def claim_quotes(graph, claim) -> list[str]:
    from rdflib import URIRef

    quotes = []
    for prop in EVIDENCE_PROPERTIES:
        for anno in graph.objects(claim, URIRef(prop)):
            for target in graph.objects(anno, URIRef(OA + "hasTarget")):
                for selector in graph.objects(target, URIRef(OA + "hasSelector")):
                    quotes.extend(str(q) for q in graph.objects(selector, URIRef(OA + "exact")))
    return quotes


def measure_coverage(doc_graphs: dict[str, object], labels: dict[str, list[str]]) -> Coverage:
    """Grounded facts / facts over the document graphs (evidence structure excluded)."""
    from rdflib import URIRef

    coverage = Coverage()
    evidence_p = URIRef(N + "hasEvidence")
    structure = {URIRef(OA + n) for n in ("Annotation", "SpecificResource", "TextQuoteSelector", "TextPositionSelector")}
    for stem, graph in sorted(doc_graphs.items()):
        prefix = iri.claim_ns(stem)
        status: dict[object, bool] = {}
        facts = grounded = 0
        for s, p, o in graph:
            if any((s, URIRef(RDF_TYPE), t) in graph for t in structure):
                continue
            facts += 1
            if s not in status:
                ok = str(s).startswith(prefix) and (s, evidence_p, None) in graph
                if ok:
                    quotes = claim_quotes(graph, s)
                    for entity in sorted({str(x) for x in graph.objects(s, None) if str(x).startswith(iri.ENTITY)}):
                        names = labels.get(entity, [])
                        if not any(find_label(quote, name) for name in names for quote in quotes):
                            ok = False
                            coverage.mention_failures.append(
                                f"{stem}: {iri.compact(str(s))} refers to {iri.compact(entity)}, "
                                "but none of its labels occurs in the claim's quotes")
                status[s] = ok
            grounded += status[s]
        coverage.per_document[stem] = (grounded, facts)
        coverage.facts += facts
        coverage.grounded += grounded
    return coverage


def skolemize(graph, base: str) -> None:
    """Give the ontology's blank nodes (OWL lists, restrictions) stable IRIs under base.

    The labels come from rdflib's canonical labelling, so the same ontology always gets the same IRIs.
    """
    from rdflib import BNode, URIRef
    from rdflib.compare import to_canonical_graph

    if not any(isinstance(t, BNode) for triple in graph for t in triple):
        return
    canonical = to_canonical_graph(graph)
    skolem = lambda t: URIRef(base + str(t)) if isinstance(t, BNode) else t  # noqa: E731
    for triple in list(graph):
        graph.remove(triple)
    for s, p, o in canonical:
        graph.add((skolem(s), p, skolem(o)))


def ground(dataset, documents: list[Document]) -> Coverage:
    """Run the stage in place on the dataset; raise CheckFailed listing every quote that cannot be pinned."""
    from rdflib import BNode, URIRef

    problems: list[str] = []
    skolemize(dataset.graph(URIRef(iri.GRAPH_ONTOLOGY)), iri.ONTOLOGY_IRI + "/genid/")
    by_stem = {d.stem: d for d in documents}
    doc_graphs = {}
    for stem, document in by_stem.items():
        graph = dataset.graph(URIRef(iri.doc_graph(stem)))
        doc_graphs[stem] = graph
        ground_evidence(graph, document, problems, f"graph/documents/{stem}.ttl")
        add_date_bounds(graph)
        add_hostname_findings(graph, stem)
    entities = dataset.graph(URIRef(iri.GRAPH_ENTITIES))
    attest_labels(entities, documents, problems)
    for graph in dataset.graphs():
        for s, p, o in graph:
            if isinstance(s, BNode) or isinstance(o, BNode):
                problems.append(f"{graph.identifier}: blank node in ({iri.compact(str(s))} {iri.compact(str(p))} …): "
                                "blank nodes are only allowed as evidence shorthand; give the node an IRI")
                break
    if problems:
        shown = "\n  ".join(problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        raise CheckFailed("grounding-failed", f"{len(problems)} evidence problem(s):\n  {shown}{more}",
                          "use `nrkg locate DOC \"quote\"` to find offsets and a unique prefix/suffix")
    return measure_coverage(doc_graphs, entity_labels(entities))
