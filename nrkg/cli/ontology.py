"""Commands about the ontology and reasoning: ``nrkg reason`` and ``nrkg ontology check``."""

from __future__ import annotations

import json

import click

from nrkg.cli.common import Settings, pass_settings


def _inferred_counts(nquads_path) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Per-predicate and per-class counts of the built inferred graph (read with pyoxigraph)."""
    from collections import Counter

    import pyoxigraph as ox

    from nrkg.model import iri

    inferred = ox.NamedNode(iri.GRAPH_INFERRED)
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    predicates: Counter[str] = Counter()
    classes: Counter[str] = Counter()
    with open(nquads_path, "rb") as handle:
        for quad in ox.parse(handle, format=ox.RdfFormat.N_QUADS):
            if quad.graph_name != inferred:
                continue
            predicates[quad.predicate.value] += 1
            if quad.predicate.value == rdf_type:
                classes[quad.object.value] += 1
    order = lambda kv: (-kv[1], kv[0])  # noqa: E731
    return sorted(predicates.items(), key=order), sorted(classes.items(), key=order)


@click.command("reason")
@click.option("--types", "by_type", is_flag=True, help="Also count inferred rdf:type triples per class.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_settings
def reason(settings: Settings, by_type: bool, fmt: str) -> None:
    """Report what OWL 2 RL reasoning inferred: triples per predicate.

    The inferred graph is the closure of the ontology and the asserted domain
    triples (not evidence annotations, not links), minus what is already asserted.
    It is made by the build (owlrl), which runs first when needed.
    """
    from nrkg.model.iri import compact

    built = settings.ensure_built()
    predicates, classes = _inferred_counts(built.nquads)
    total = sum(n for _, n in predicates)
    if fmt == "json":
        payload = {"total": total, "predicates": [{"predicate": p, "count": n} for p, n in predicates]}
        if by_type:
            payload["types"] = [{"class": c, "count": n} for c, n in classes]
        click.echo(json.dumps(payload, indent=2))
        return
    rows = [(compact(p), n) for p, n in predicates]
    if by_type:
        rows += [(f"  rdf:type {compact(c)}", n) for c, n in classes]
    width = max([len(r[0]) for r in rows] + [len("predicate")])
    click.echo(f"{'predicate':<{width}}  count")
    for name, n in rows:
        click.echo(f"{name:<{width}}  {n:>5}")
    click.echo(f"{'total':<{width}}  {total:>5}")


@click.group("ontology")
def ontology() -> None:
    """Check the ontology."""


@ontology.command("check")
def check() -> None:
    """Check that the ontology is in OWL 2 RL, follows the project's rules (no functional
    properties, no owl:imports) and documents every term (rdfs:label, skos:definition).

    Exits 1 and lists the problems when it does not.
    """
    from nrkg.errors import CheckFailed
    from nrkg.model.ontology import load_ontology, terms, undocumented
    from nrkg.model.profile import check_profile

    graph = load_ontology()
    problems = [str(v) for v in check_profile(graph)] + [f"[documentation] {p}" for p in undocumented(graph)]
    if problems:
        for problem in problems:
            click.echo(problem)
        raise CheckFailed("ontology-check", f"the ontology has {len(problems)} problem(s), listed above",
                          "see docs/ontology.md and the OWL 2 RL profile (https://www.w3.org/TR/owl2-profiles/#OWL_2_RL)")
    click.echo(f"ontology ok: OWL 2 RL, {len(terms(graph))} terms, all documented")


def register(cli: click.Group) -> None:
    cli.add_command(reason)
    cli.add_command(ontology)
