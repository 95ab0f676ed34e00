"""The one term normaliser (nrkg.model.terms): what it equates, what it keeps apart, and that the
engines, the store loader and the output formats all reach it."""

from __future__ import annotations

import json

import pytest

from nrkg.model.terms import INTEGER_TYPES, XSD, Term, canonical, canonical_literal, canonical_nt, from_json


def lit(value, lang=None, datatype=None, kind="literal"):
    term = {"type": kind, "value": value}
    if lang:
        term["xml:lang"] = lang
    if datatype:
        term["datatype"] = XSD + datatype
    return canonical(from_json(term))


@pytest.mark.parametrize("a, b", [
    (lit("1.50", datatype="decimal"), lit("1.5", datatype="decimal")),
    (lit("2.0", datatype="decimal"), lit("2", datatype="decimal")),
    (lit("1.5E0", datatype="double"), lit("1.5", datatype="double")),
    (lit("1.0E1", datatype="double"), lit("10", datatype="double")),
    (lit("Hallo", "de-DE"), lit("Hallo", "de-de")),
    (lit("x", datatype="string"), lit("x")),
    (lit("62", datatype="nonNegativeInteger"), lit("62", datatype="integer")),
    (lit("+007", datatype="int"), lit("7", datatype="integer")),
    (lit("1", datatype="boolean", kind="typed-literal"), lit("true", datatype="boolean")),
])
def test_normaliser_equates_the_known_store_rewrites(a, b):
    assert a == b


@pytest.mark.parametrize("a, b", [
    (lit("1.5", datatype="decimal"), lit("1.6", datatype="decimal")),
    (lit("1", datatype="integer"), lit("1", datatype="decimal")),
    (lit("10", datatype="double"), lit("10", datatype="decimal")),
    (lit("x", "en"), lit("x", "de")),
    (lit("x", "en"), lit("x")),
    (lit("x"), lit("X")),
    (lit("2002", datatype="gYear"), lit("2002")),
    (lit("true"), lit("true", datatype="boolean")),
    (lit("0", datatype="boolean"), lit("1", datatype="boolean")),
    (canonical(from_json({"type": "uri", "value": "x"})), lit("x")),
    (canonical(Term("literal", "40", XSD + "integer")), canonical(Term("literal", "41", XSD + "integer"))),
])
def test_normaliser_keeps_real_differences(a, b):
    assert a != b


@pytest.mark.parametrize("lexical, datatype", [("1.0E1", "double"), ("40", "nonNegativeInteger"), ("+7", "int"),
                                               ("1.50", "decimal"), ("1", "boolean")])
def test_engine_store_and_dump_paths_give_one_answer(lexical, datatype):
    """The engines (Term), a store's JSON results and an N-Triples dump reach the same canonical form."""
    engine = canonical(Term("literal", lexical, XSD + datatype))
    store = canonical(from_json({"type": "typed-literal", "value": lexical, "datatype": XSD + datatype}))
    dump = canonical_nt(json.dumps(lexical) + f"^^<{XSD}{datatype}>")
    assert engine == store == dump == canonical_literal(lexical, None, XSD + datatype)


def test_double_ten_has_one_canonical_form():
    assert canonical(Term("literal", "1.0E1", XSD + "double")) == f'"10.0"^^<{XSD}double>'


def test_json_output_writes_every_integer_type_as_a_number():
    from nrkg.query.engines import Result
    from nrkg.query.render import render

    rows = [(Term("literal", "7", datatype),) for datatype in sorted(INTEGER_TYPES)]
    records = json.loads(render(Result("select", ["n"], rows), "json"))
    assert [r["n"] for r in records] == [7] * len(INTEGER_TYPES)


def test_blank_nodes_compare_equal_whatever_their_label():
    assert canonical(Term("bnode", "a")) == canonical(Term("bnode", "b")) == canonical_nt("_:x")
