"""The ground stage: pinning quotes, date bounds, hostnames, label attestation, coverage."""

from __future__ import annotations

import pytest
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from nrkg.model import iri
from nrkg.build.corpus import Document
from nrkg.errors import CheckFailed
from nrkg.build.ground import Span, date_bounds, ground, hostname_finding, locate, punycode, unique_context

TEXT = "NATO met Russia. NATO met Russia again. The bloc said no."
N = iri.ONTOLOGY
OA = "http://www.w3.org/ns/oa#"


def test_unique_quote_is_pinned_at_code_point_offsets():
    text = "«Привет» NATO’s council"
    span = locate(text, "NATO’s")
    assert (span.start, span.end) == (9, 15)
    assert text[span.start:span.end] == "NATO’s"


def test_absent_quote_is_refused():
    with pytest.raises(ValueError, match="does not occur"):
        locate(TEXT, "NATO met Ukraine")


def test_repeated_quote_without_pin_is_refused_with_its_offsets():
    with pytest.raises(ValueError, match=r"occurs 2 times \(at 0, 17\)"):
        locate(TEXT, "NATO met Russia")


def test_prefix_suffix_occurrence_and_start_each_pin_one_place():
    assert locate(TEXT, "NATO met Russia", suffix=" again") == Span(17, 32)
    assert locate(TEXT, "NATO met Russia", prefix=". ") == Span(17, 32)
    assert locate(TEXT, "NATO met Russia", occurrence=2) == Span(17, 32)
    assert locate(TEXT, "NATO met Russia", start=17) == Span(17, 32)


def test_wrong_pins_are_refused():
    with pytest.raises(ValueError, match="not the quote"):
        locate(TEXT, "NATO met Russia", start=3)
    with pytest.raises(ValueError, match="occurrence 3"):
        locate(TEXT, "NATO met Russia", occurrence=3)
    with pytest.raises(ValueError, match="not with this prefix"):
        locate(TEXT, "NATO met Russia", prefix="xx")


def test_unique_context_is_empty_for_unique_quotes_and_pins_repeated_ones():
    assert unique_context(TEXT, Span(44, 48)) == ("", "")  # "bloc"
    prefix, suffix = unique_context(TEXT, Span(17, 32))
    assert locate(TEXT, "NATO met Russia", prefix, suffix) == Span(17, 32)


@pytest.mark.parametrize("lexical,datatype,expected", [
    ("2014", "gYear", ("2014-01-01", "2014-12-31")),
    ("2024-02", "gYearMonth", ("2024-02-01", "2024-02-29")),
    ("2022-01", "gYearMonth", ("2022-01-01", "2022-01-31")),
    ("2025-05-15", "date", ("2025-05-15", "2025-05-15")),
    ("--04-20", "gMonthDay", None),
])
def test_date_bounds_follow_the_precision(lexical, datatype, expected):
    assert date_bounds(lexical, "http://www.w3.org/2001/XMLSchema#" + datatype) == expected


def test_mixed_script_hostname_is_a_finding_naming_what_it_imitates():
    written = "www.pr\u0435sid\u0435nt.g\u043ev.u\u0430"  # Cyrillic е, о, а
    finding = hostname_finding(written)
    assert finding == {"scripts": ["CYRILLIC", "LATIN"], "imitates": "www.president.gov.ua"}
    assert punycode(written).startswith("www.xn--") and punycode(written).isascii()


@pytest.mark.parametrize("hostname", ["www.president.gov.ua", "новини.укр", "politico.eu"])
def test_single_script_hostnames_are_not_findings(hostname):
    assert hostname_finding(hostname) is None


def _doc(text: str, stem: str = "900_test") -> Document:
    from pathlib import Path

    return Document(stem=stem, path=Path(f"{stem}.txt"), text=text, sha256="0" * 64, size=len(text.encode()))


def _dataset(claim_quotes: dict[str, list[str]], labels: dict[str, list[str]], refers: dict[str, str]):
    ds = Dataset()
    doc = ds.graph(URIRef(iri.doc_graph("900_test")))
    entities = ds.graph(URIRef(iri.GRAPH_ENTITIES))
    for slug, names in labels.items():
        entity = URIRef(iri.ENTITY + slug)
        entities.add((entity, RDF.type, URIRef(N + "Organization")))
        entities.add((entity, SKOS.prefLabel, Literal(names[0], lang="en")))
        for alt in names[1:]:
            entities.add((entity, SKOS.altLabel, Literal(alt, lang="en")))
    for name, quotes in claim_quotes.items():
        claim = URIRef(iri.claim_ns("900_test") + name)
        doc.add((claim, RDF.type, URIRef(N + "EventDescription")))
        for quote in quotes:
            node = BNode()
            doc.add((claim, URIRef(N + "hasEvidence"), node))
            doc.add((node, URIRef(OA + "exact"), Literal(quote)))
        if name in refers:
            doc.add((claim, URIRef(N + "agent"), URIRef(iri.ENTITY + refers[name])))
    return ds, doc


def test_grounding_replaces_shorthand_by_annotations_with_offsets():
    ds, doc = _dataset({"meeting": ["The bloc said no"]}, {"nato": ["NATO", "the bloc"]}, {"meeting": "nato"})
    coverage = ground(ds, [_doc(TEXT)])
    anno = URIRef(iri.ANNO + "900_test/40-56")
    claim = URIRef(iri.claim_ns("900_test") + "meeting")
    assert (claim, URIRef(N + "hasEvidence"), anno) in doc
    position = URIRef(str(anno) + "/position")
    assert int(doc.value(position, URIRef(OA + "start"))) == 40
    assert int(doc.value(position, URIRef(OA + "end"))) == 56
    assert not any(isinstance(t, BNode) for triple in doc for t in triple)
    assert coverage.facts > 0 and coverage.grounded == coverage.facts and not coverage.mention_failures


def test_mention_check_marks_facts_ungrounded_when_quotes_do_not_name_the_entity():
    ds, _ = _dataset({"meeting": ["The bloc said no"]}, {"russia": ["Russia"]}, {"meeting": "russia"})
    coverage = ground(ds, [_doc(TEXT)])
    assert coverage.grounded < coverage.facts
    assert coverage.mention_failures and "id:russia" in coverage.mention_failures[0]


def test_unattested_label_and_unpinnable_quote_are_reported_together():
    ds, _ = _dataset({"a": ["NATO met Russia"], "b": ["nowhere to be found"]},
                     {"nato": ["NATO", "North Atlantic Treaty Organization"]}, {})
    with pytest.raises(CheckFailed) as caught:
        ground(ds, [_doc(TEXT)])
    message = caught.value.message
    assert caught.value.error_id == "grounding-failed"
    assert "occurs 2 times" in message and "does not occur" in message
    assert "North Atlantic Treaty Organization" in message


def test_labels_match_whole_words_only():
    from nrkg.build.ground import find_label

    assert find_label("Russia and the US", "US").start() == 15
    assert find_label("Russia", "US") is None
    assert find_label("the Russia–NATO Council met", "russia–nato council").start() == 4


def test_labels_are_attested_by_mentions_in_the_entities_graph():
    ds, _ = _dataset({"a": ["The bloc said no"]}, {"nato": ["NATO", "the bloc"]}, {})
    ground(ds, [_doc(TEXT)])
    entities = ds.graph(URIRef(iri.GRAPH_ENTITIES))
    mentions = set(entities.objects(URIRef(iri.ENTITY + "nato"), URIRef(N + "attestedBy")))
    assert mentions == {URIRef(iri.MENTION + "900_test/0-4"), URIRef(iri.MENTION + "900_test/40-48")}


def test_dated_claims_get_bounds_and_candidates_give_a_span():
    ds, doc = _dataset({"a": ["NATO met Russia again"], "b": ["The bloc said no"]}, {}, {})
    a, b = (URIRef(iri.claim_ns("900_test") + x) for x in "ab")
    doc.add((a, URIRef(N + "date"), Literal("2014", datatype=XSD.gYear)))
    doc.add((b, URIRef(N + "date"), Literal("--04-20", datatype=XSD.gMonthDay)))
    doc.add((b, URIRef(N + "dateCandidate"), Literal("2016-04-20", datatype=XSD.date)))
    doc.add((b, URIRef(N + "dateCandidate"), Literal("2022-04-20", datatype=XSD.date)))
    ground(ds, [_doc(TEXT)])
    assert str(doc.value(a, URIRef(N + "earliestDate"))) == "2014-01-01"
    assert str(doc.value(a, URIRef(N + "latestDate"))) == "2014-12-31"
    assert str(doc.value(b, URIRef(N + "earliestDate"))) == "2016-04-20"
    assert str(doc.value(b, URIRef(N + "latestDate"))) == "2022-04-20"
