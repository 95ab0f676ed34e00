"""Commands for the links to Wikidata and DBpedia: ``nrkg links`` and ``nrkg link-candidates``.

Federated queries (queries/federated/*.rq) run with ``nrkg query NAME --endpoint wikidata=URL``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click


def _shipped(name: str) -> Path:
    from nrkg.paths import data_dir

    return data_dir("mappings") / name


def _entities_file() -> Path:
    from nrkg.paths import data_dir

    return data_dir("graph") / "entities.ttl"


@click.command("links")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--list", "show", type=click.Choice(["none", "mapped", "unmapped", "all"]), default="none",
              show_default=True, help="Also list entities: mapped (with their links), unmapped (with reasons), or all.")
@click.option("--mappings", "mapping_file", type=click.Path(dir_okay=False, path_type=Path),
              help="An SSSOM TSV mapping set (default: the shipped mappings/nrkg.sssom.tsv).")
def links_command(fmt: str, show: str, mapping_file: Path | None) -> None:
    """Check the mapping set and report link coverage: entities mapped and
    unmapped, overall and by class.

    Every mapping must name a committed excerpt of the public source where its
    identifier was confirmed; the check reads it. Exits 2 (mapping-invalid) and
    lists every problem when the mapping set is not sound.
    """
    from nrkg.build.links import coverage

    mapping_file = mapping_file or _shipped("nrkg.sssom.tsv")
    report = coverage(mapping_file, _entities_file(), mapping_file.parent / "unmapped.tsv")
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    click.echo(f"{report['mapped']}/{report['entities']} entities linked "
               f"({report['mappings']} mappings: " + ", ".join(f"{n} {t}" for t, n in report["by_target"].items())
               + f"); {report['unmapped']} unmapped")
    width = max((len(c) for c in report["by_class"]), default=5)
    click.echo(f"{'class'.ljust(width)}  entities  mapped  unmapped")
    for cls, row in report["by_class"].items():
        click.echo(f"{cls.ljust(width)}  {row['entities']:8d}  {row['mapped']:6d}  {row['unmapped']:8d}")
    if report["unreviewed"]:
        click.echo(f"not reviewed (neither mapped nor in unmapped.tsv): "
                   + ", ".join(e["entity"] for e in report["unreviewed"]))
    if report["stale_unmapped_rows"]:
        click.echo("unmapped.tsv rows for entities that are mapped or gone: " + ", ".join(report["stale_unmapped_rows"]))
    if show in ("mapped", "all"):
        click.echo("\nmapped:")
        for row in report["mapped_entities"]:
            click.echo(f"  {row['entity']}  " + "; ".join(row["links"]))
    if show in ("unmapped", "all"):
        click.echo("\nunmapped:")
        for row in report["unmapped_entities"]:
            click.echo(f"  {row['entity']}  {row['reason']}")
        for row in report["unreviewed"]:
            click.echo(f"  {row['entity']}  (not reviewed)")


@click.command("link-candidates")
@click.option("--labels", "labels", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An N-Triples dump of Wikidata/DBpedia labels (rdfs:label, skos:altLabel; schema:description helps).")
@click.option("-e", "--entity", "only", multiple=True, metavar="ENTITY",
              help="Only this entity (id:<slug> or one of its names); repeatable. Default: every unmapped entity.")
@click.option("-n", "--limit", default=5, show_default=True, type=click.IntRange(1, 100),
              help="Candidates per entity.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--all-entities", is_flag=True, help="Include entities that already have a mapping.")
def link_candidates_command(labels: Path, only: tuple[str, ...], limit: int, fmt: str, all_entities: bool) -> None:
    """Propose Wikidata/DBpedia candidates for entities without a mapping,
    ranked, with the reasons, for a curator to review.

    Candidates come from a label index built from the dump given with --labels:
    a candidate's label or alias must equal one of the entity's names; its
    description is weighed against the entity's class (a "state of the United
    States" is no nrkg:State). Nothing is written: add the chosen mapping, with
    its evidence excerpt, to mappings/nrkg.sssom.tsv by hand.
    """
    from nrkg.build.links import link_candidates

    mapping_file = None if all_entities else _shipped("nrkg.sssom.tsv")
    results = link_candidates(labels, _entities_file(), mapping_file, list(only) or None, limit)
    if fmt == "json":
        click.echo(json.dumps(results, indent=2, ensure_ascii=False))
        return
    for result in results:
        if not result["candidates"] and not only:
            continue
        click.echo(f"{result['entity']} ({result['class']}; names: {', '.join(result['names'])})"
                   + (" [already mapped]" if result["mapped"] else ""))
        if not result["candidates"]:
            click.echo("  no candidate in the label dump")
        for rank, candidate in enumerate(result["candidates"], 1):
            click.echo(f"  {rank}. {candidate['id']}  {candidate['label']!r}  score {candidate['score']:.2f}")
            for reason in candidate["reasons"]:
                click.echo(f"       - {reason}")


def register(group: click.Group) -> None:
    for command in (links_command, link_candidates_command):
        group.add_command(command)
