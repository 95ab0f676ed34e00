"""The reasoning stage: the OWL 2 RL closure of the ontology and the asserted domain triples.

owlrl is the reference reasoner; reasonable (Rust) computes the same closure about twenty times
faster and is what the build uses. Both sit behind :func:`infer`, and a test holds them to the same
inferred graph on the shipped data. The
reasoner reads the ontology and the asserted graphs it is given, minus the evidence layer (Web
Annotation annotations and selectors: nothing to infer there, and they would dominate the cost); the
caller never passes the links graph, whose ``owl:sameAs`` to external items would smush entities.

What comes back is only what the inputs do not already say, cleaned of reasoner noise:

- triples whose subject is not an IRI under ``https://w3id.org/nrkg/`` (literal and blank subjects,
  terms of other vocabularies), or is an ontology term (the TBox closure is not data);
- reflexive ``owl:sameAs``; blank-node objects;
- ``rdf:type`` owl:Thing, rdfs:Resource, owl:NamedIndividual, and types that are datatypes or
  metaclasses (rdfs:Datatype, rdfs:Literal, xsd:*, owl:Class, rdf:Property ...).

The inputs are never modified. Inconsistencies the reasoner detects (say, an individual in two
disjoint classes) raise :class:`~nrkg.errors.CheckFailed` ``reasoning-inconsistent``.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Iterable

from nrkg.model import iri
from nrkg.errors import CheckFailed

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

OA = "http://www.w3.org/ns/oa#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

EVIDENCE_TYPES = frozenset(OA + n for n in (
    "Annotation", "SpecificResource", "TextQuoteSelector", "TextPositionSelector"))

JUNK_TYPES = frozenset([
    OWL + "Thing", RDFS + "Resource", OWL + "NamedIndividual", RDFS + "Datatype", RDFS + "Literal",
    RDFS + "Class", OWL + "Class", RDF + "Property", OWL + "ObjectProperty", OWL + "DatatypeProperty",
    OWL + "AnnotationProperty",
])

ONTOLOGY_PREFIX = iri.BASE + "ontology"  # the namespace, the ontology IRI and its version IRIs


def domain_triples(graph: "rdflib.Graph") -> Iterable[tuple]:
    """The triples of an asserted graph the reasoner reads: all but the evidence layer."""
    from rdflib import RDF as R, URIRef

    evidence = {s for t in EVIDENCE_TYPES for s in graph.subjects(R.type, URIRef(t))}
    for s, p, o in graph:
        if s in evidence or str(p).startswith(OA):
            continue
        yield s, p, o


def is_junk(triple: tuple) -> bool:
    """True for inferred triples that say nothing about the project's own data."""
    from rdflib import BNode, URIRef

    s, p, o = triple
    if not isinstance(s, URIRef):
        return True
    subject = str(s)
    if not subject.startswith(iri.BASE) or subject.startswith(ONTOLOGY_PREFIX):
        return True
    if isinstance(o, BNode):
        return True
    predicate = str(p)
    if predicate == OWL + "sameAs" and s == o:
        return True
    if predicate == RDF + "type" and (str(o) in JUNK_TYPES or str(o).startswith(XSD)):
        return True
    return False


REASONERS = ("reasonable", "owlrl")
DEFAULT_REASONER = "reasonable"


def restore_rdflib_datatypes() -> None:
    """Undo owlrl's leftover literal converters, so ``"--05-15"^^xsd:gMonthDay`` is not ill-typed.

    owlrl swaps in its own lexical converters while it reasons and, afterwards, restores only the
    datatypes rdflib itself knows; its converters for the others (gMonthDay among them, which it gets
    wrong) stay registered for the rest of the process. Literals parsed later are then judged
    ill-typed, and SHACL datatype checks fail on valid dates. This removes those leftovers.
    """
    import sys

    module = sys.modules.get("owlrl.DatatypeHandling")
    if module is None:
        return
    from rdflib import term

    for datatype in getattr(module, "AltXSDToPYTHON", {}):
        if datatype not in term.XSDToPython and datatype in term._toPythonMapping:
            del term._toPythonMapping[datatype]


def _closure_owlrl(work: "rdflib.Graph") -> set:
    import owlrl
    import rdflib

    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(work)
    restore_rdflib_datatypes()
    errors = sorted(
        str(message)
        for node in work.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage"))
        for message in work.objects(node, rdflib.URIRef("http://www.daml.org/2002/03/agents/agent-ont#error"))
    )
    if errors:
        _inconsistent(errors)
    return set(work)


def _closure_reasonable(work: "rdflib.Graph") -> set:
    """The same OWL 2 RL closure from reasonable (Rust), some 20 times faster than owlrl here."""
    import reasonable
    from rdflib import Literal
    from rdflib.namespace import XSD as X

    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(work)
    closure = set(work)
    for s, p, o in reasoner.reason():
        if isinstance(o, Literal) and o.datatype == X.string and not o.language:
            o = Literal(str(o))  # reasonable types plain literals as xsd:string; RDF 1.1 says they are equal
        closure.add((s, p, o))
    return closure


def disjointness_violations(closure: set) -> list[str]:
    """Individuals typed with two classes the ontology declares disjoint (cax-dw, cax-adc)."""
    from rdflib import Graph, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import OWL as O, RDF as R

    graph = Graph()
    for triple in closure:
        graph.add(triple)
    pairs = set(graph.subject_objects(O.disjointWith))
    for group in graph.subjects(R.type, O.AllDisjointClasses):
        for members in graph.objects(group, O.members):
            classes = list(Collection(graph, members))
            pairs |= {(a, b) for i, a in enumerate(classes) for b in classes[i + 1:]}
    found = []
    for a, b in sorted(pairs):
        for individual in sorted(set(graph.subjects(R.type, a)) & set(graph.subjects(R.type, b))):
            if isinstance(individual, URIRef):
                found.append(f"{individual} is both {a} and {b}, which are disjoint")
    return found


def _inconsistent(errors: list[str]) -> None:
    shown = "; ".join(errors[:5]) + (f" (and {len(errors) - 5} more)" if len(errors) > 5 else "")
    raise CheckFailed(
        "reasoning-inconsistent",
        f"the ontology and the asserted graphs are inconsistent under OWL 2 RL: {shown}",
        "an entity is probably typed with two disjoint classes, or a property's domain or range "
        "clashes with its value's type; see docs/ontology.md for the classes and their disjointness",
    )


def infer(ontology: "rdflib.Graph", asserted: list["rdflib.Graph"],
          reasoner: str = DEFAULT_REASONER) -> "rdflib.Graph":
    """The OWL 2 RL closure of ``ontology`` + the domain triples of ``asserted``, minus every triple
    already in the inputs, with reasoner noise removed. The inputs are left unchanged.

    ``reasoner`` is ``reasonable`` (the build's default, fast) or ``owlrl`` (the reference); a test
    requires both to give the same inferred graph for the shipped data.
    """
    import rdflib

    if reasoner not in REASONERS:
        from nrkg.errors import NrkgError

        raise NrkgError("unknown-reasoner", f"no reasoner named {reasoner!r}", f"reasoners are: {', '.join(REASONERS)}")
    work = rdflib.Graph()
    for triple in ontology:
        work.add(triple)
    for graph in asserted:
        for triple in domain_triples(graph):
            work.add(triple)

    closure = _closure_owlrl(work) if reasoner == "owlrl" else _closure_reasonable(work)
    violations = disjointness_violations(closure)
    if violations:
        _inconsistent(violations)

    inferred = rdflib.Graph()
    inferred.namespace_manager.bind("nrkg", iri.ONTOLOGY)
    for triple in closure:
        if is_junk(triple) or triple in ontology:
            continue
        if any(triple in graph for graph in asserted):
            continue
        inferred.add(triple)
    return inferred


def summarize(inferred: "rdflib.Graph") -> list[tuple[str, int]]:
    """Inferred triples counted per predicate (IRI), largest first, ties by IRI."""
    counts = Counter(str(p) for p in inferred.predicates())
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def summarize_types(inferred: "rdflib.Graph") -> list[tuple[str, int]]:
    """Inferred ``rdf:type`` triples counted per class (IRI), largest first, ties by IRI."""
    from rdflib import RDF as R

    counts = Counter(str(o) for o in inferred.objects(None, R.type))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
