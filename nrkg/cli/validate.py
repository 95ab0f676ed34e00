"""The quality gate on the command line: ``nrkg validate`` (SHACL) and ``nrkg check`` (violation queries).

Both inspect the built dataset. When the build itself refuses the graph (it runs the same gate), they
fall back to the assembled dataset in memory, so that the reasons are shown rather than only the
refusal.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from nrkg.cli.common import Settings, pass_settings
from nrkg.errors import CheckFailed, NrkgError


_REFUSED: dict[str, object] = {}  # input hash -> assembled dataset the build refused (this process)


def _built_or_assembled(settings: Settings):
    """('built', Build) when the build succeeds; ('assembled', Assembled) when it fails its checks."""
    from nrkg.build.pipeline import ensure_built, input_hash

    wanted = input_hash()
    if wanted in _REFUSED:
        return "assembled", _REFUSED[wanted]
    try:
        return "built", ensure_built(settings.out, progress=settings.progress)
    except CheckFailed as error:
        if error.error_id != "build-checks-failed":
            raise
        assembled = getattr(error, "assembled", None)
        if assembled is None:
            from nrkg.build.pipeline import assemble

            settings.progress("the build fails its checks; inspecting the assembled graph")
            assembled = assemble(settings.progress)
        _REFUSED[wanted] = assembled
        return "assembled", assembled


@click.command("validate")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the full report: Turtle (.ttl, the SHACL report graph) or JSON (.json).")
@click.option("--fail-on", type=click.Choice(["violation", "warning", "info"]), default="violation",
              show_default=True, help="Lowest severity that makes the graph fail.")
@click.option("--limit", type=int, default=50, show_default=True,
              help="Show at most this many results in the table (0: all).")
@pass_settings
def validate(settings: Settings, output: Path | None, fail_on: str, limit: int) -> None:
    """Validate the graph against the SHACL shapes (shapes/*.ttl).

    The shapes run over the union of the asserted graphs (documents, entities,
    background, corpus), with the ontology for class targets and no inference.
    Prints a summary (counts per severity and per shape) and a table of results:
    focus node and its label, path, value, message, and the graph it lives in.

    Exit status: 0 conforms, 1 does not conform at --fail-on, 2 error.
    """
    from nrkg.build.validate import load_dataset, validate_dataset

    if output is not None and output.suffix.lower() not in (".ttl", ".json"):
        raise NrkgError("report-format", f"{output}: unknown report format {output.suffix or '(none)'}",
                        "name the report file .ttl (SHACL report graph) or .json")
    kind, found = _built_or_assembled(settings)
    dataset = load_dataset(found.nquads) if kind == "built" else found.dataset
    report = validate_dataset(dataset, fail_on=fail_on)
    if output is not None:
        try:
            report.write(output)
        except OSError as exc:
            raise NrkgError("output-unwritable", f"{output}: cannot be written ({exc.strerror})",
                            "choose another path with -o") from None
    click.echo(report.summary())
    if report.results:
        click.echo("")
        click.echo(report.to_table(limit=limit or None))
        if limit and len(report.results) > limit:
            click.echo(f"… and {len(report.results) - limit} more (use --limit 0 or -o report.json)")
    click.echo(f"validated in {report.seconds:.2f} s")
    if output is not None:
        click.echo(f"report written to {output}")
    if not report.conforms:
        failing = report.failing()
        raise CheckFailed("validation-failed",
                          f"the graph does not conform to the shapes: {len(failing)} result(s) at or above {fail_on}",
                          "each row above names the focus node, the rule (shape) and what to change")


@click.command("check")
@click.option("--only", "only", multiple=True, metavar="NAME", help="Run only this check (repeatable).")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--limit", type=int, default=20, show_default=True,
              help="Show at most this many rows per check (0: all).")
@pass_settings
def check(settings: Settings, only: tuple[str, ...], fmt: str, limit: int) -> None:
    """Run the graph-level checks (queries/checks/*-violation.rq and evidence-offsets).

    Each check lists problems as rows (graph, node, problem); none means it passes.
    They cover what SHACL cannot see over merged graphs: evidence in its claim's
    graph, no entity properties in document graphs, only names in the entities
    graph, the mention check, no triple in two graphs, sources in the background
    graph, defined entities, no blank nodes, and quote offsets against the
    document text.

    Exit status: 0 all error-severity checks pass, 1 some fail, 2 error.
    """
    from nrkg.build.check import check_names, format_results, run_checks

    names = check_names()
    unknown = sorted(set(only) - set(names))
    if unknown:
        raise NrkgError("unknown-check", f"no check named {', '.join(unknown)}",
                        f"checks: {', '.join(names)}")
    kind, found = _built_or_assembled(settings)
    if kind == "built":
        source = found.nquads
    else:
        import pyoxigraph as ox

        source = ox.Store()
        source.extend(found.quads)
    results = run_checks(source, only=list(only) or None)
    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in results], indent=2, ensure_ascii=False))
    else:
        click.echo(format_results(results, limit=limit or None))
    failed = [r.name for r in results if r.failed]
    if failed:
        raise CheckFailed("check-failed", f"{len(failed)} check(s) found problems: {', '.join(failed)}",
                          "each row names the graph and node; docs/validation.md explains every check")


def register(cli: click.Group) -> None:
    cli.add_command(validate)
    cli.add_command(check)
