"""OWL 2 RL profile check of the ontology, plus the project's own ontology rules.

The profile itself is checked by py-horned-owl (module ``pyhornedowl``), which reads the ontology as
RDF/XML (rdflib converts the Turtle first). On top of the profile, the project forbids:

- ``owl:FunctionalProperty`` / ``owl:InverseFunctionalProperty``: cardinality is checked by the SHACL
  shapes instead; a functional axiom on a property with many values makes RL reasoners blow up;
- ``owl:imports``: the build has no network, and reused vocabularies are referred to by IRI only.

``check_profile`` returns the violations (empty when the ontology conforms); it never raises for a
violation, only when the checker itself is missing (``NrkgError`` ``profile-checker-missing``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Union

from nrkg.errors import NrkgError

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True, order=True)
class Violation:
    rule: str  # "owl2-rl" for profile violations, else the project rule's name
    message: str
    where: str = ""  # the offending axiom (functional syntax) or term IRI, when known

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}" + (f": {self.where}" if self.where else "")


def _as_graph(source: Union["rdflib.Graph", Path, str]) -> "rdflib.Graph":
    import rdflib

    if isinstance(source, rdflib.Graph):
        return source
    graph = rdflib.Graph()
    graph.parse(str(source), format="turtle")
    return graph


def _profile_violations(graph: "rdflib.Graph") -> list[Violation]:
    try:
        import pyhornedowl
        from pyhornedowl.pyhornedowl import profile
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise NrkgError(
            "profile-checker-missing",
            f"the OWL 2 RL profile checker needs py-horned-owl ({exc})",
            "pip install 'py-horned-owl>=2,<3' (it is in the project's test extra)",
        ) from exc

    rdfxml = graph.serialize(format="xml")
    ontology = pyhornedowl.open_ontology_from_string(rdfxml, "rdf")
    report = profile.check_profile(ontology, profile.Profile.RL)
    result = []
    for v in report.violations:
        where = ""
        for attr in ("axiom", "iri", "ce"):
            value = getattr(v, attr, None)
            if value is not None:
                where = str(value)
                break
        reason = getattr(v, "reason", None)
        message = v.message + (f" ({reason})" if reason else "")
        result.append(Violation("owl2-rl", message, where))
    return result


def _policy_violations(graph: "rdflib.Graph") -> list[Violation]:
    from rdflib import URIRef

    result = []
    for kind in ("FunctionalProperty", "InverseFunctionalProperty"):
        for prop in graph.subjects(URIRef(RDF_TYPE), URIRef(OWL + kind)):
            result.append(Violation(
                "no-functional-property",
                f"owl:{kind} is not used in this project; check cardinality with a SHACL sh:maxCount",
                str(prop)))
    for onto, target in graph.subject_objects(URIRef(OWL + "imports")):
        result.append(Violation(
            "no-imports",
            "owl:imports is not used in this project; refer to reused terms by IRI",
            f"{onto} owl:imports {target}"))
    return result


def check_profile(source: Union["rdflib.Graph", Path, str]) -> list[Violation]:
    """Violations of OWL 2 RL and of the project's ontology rules, sorted; empty when it conforms."""
    graph = _as_graph(source)
    return sorted(set(_profile_violations(graph)) | set(_policy_violations(graph)))
