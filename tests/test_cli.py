"""The CLI in-process (CliRunner): formats, parameters, scopes, errors and exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from nrkg.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "queries"


def run(runner, *args, input=None):
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


def q(name: str) -> str:
    return str(FIXTURES / f"{name}.rq")


def test_help_lists_commands_and_exit_codes(runner):
    result = run(runner, "--help")
    assert result.exit_code == 0
    for command in ("build", "query", "queries", "locate", "new-document"):
        assert command in result.output
    assert "Exit codes" in result.output


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "jsonl", "md"])
def test_select_in_every_format_shows_the_council(runner, cli_env, fmt):
    result = run(runner, "query", q("labels"), "-f", fmt)
    assert result.exit_code == 0, result.output
    assert "NATO-Russia Council" in result.output
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.output)))
        assert rows and set(rows[0]) == {"entity", "label"}
        assert any(r["entity"] == "https://w3id.org/nrkg/id/nato-russia-council" for r in rows)
    if fmt == "json":
        records = json.loads(result.output)
        assert {"entity": "https://w3id.org/nrkg/id/nato-russia-council", "label": "NATO-Russia Council"} in records
    if fmt == "jsonl":
        assert all(json.loads(line) for line in result.output.splitlines())
    if fmt == "table":
        assert "id:nato-russia-council" in result.output and "rows)" in result.output


def test_format_is_inferred_from_the_output_extension(runner, cli_env, tmp_path):
    target = tmp_path / "labels.csv"
    result = run(runner, "query", q("labels"), "-o", str(target))
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("entity,label\n")


def test_entity_parameter_accepts_a_name_an_alternative_name_or_an_iri(runner, cli_env):
    for value in ("NATO-Russia Council", "nrc", "Russia–NATO Council", "id:nato-russia-council",
                  "https://w3id.org/nrkg/id/nato-russia-council"):
        result = run(runner, "query", q("labels"), "-p", "entity", value, "-f", "csv")
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert lines[1:] == ["https://w3id.org/nrkg/id/nato-russia-council,NATO-Russia Council"], value


def test_unknown_entity_suggests_close_names(runner, cli_env):
    result = run(runner, "query", q("labels"), "-p", "entity", "NATO-Rusia Council")
    assert result.exit_code == 2
    assert "error[unknown-entity]" in result.stderr and "NATO-Russia Council" in result.stderr


def test_injection_text_is_a_value_not_query_text(runner, cli_env):
    ok = run(runner, "query", q("label-equals"), "-p", "name", "NATO-Russia Council", "-f", "csv")
    assert ok.output.splitlines()[1:] == ["https://w3id.org/nrkg/id/nato-russia-council"]
    attack = 'x") || true || STR("'
    result = run(runner, "query", q("label-equals"), "-p", "name", attack, "-f", "csv")
    assert result.exit_code == 0
    assert result.output.splitlines() == ["entity"]  # no rows: the text was compared, not executed
    attack = 'x" } } INSERT DATA { <urn:a> <urn:b> <urn:c> } #'
    assert run(runner, "query", q("label-equals"), "-p", "name", attack, "-f", "csv").output.splitlines() == ["entity"]


def test_iri_parameters_cannot_close_the_term(runner, cli_env):
    result = run(runner, "query", q("labels"), "-p", "entity", "https://w3id.org/nrkg/id/nato>}")
    assert result.exit_code == 2 and "error[unknown-entity]" in result.stderr


def test_typed_parameters_become_typed_literals(runner, cli_env):
    result = run(runner, "query", q("typed"), "-p", "year", "2014", "-p", "flag", "true", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"day": "2022-01-01", "count": 3, "year": "2014", "flag": True}]


@pytest.mark.parametrize("name,value,expected", [
    ("day", "2022-13-01", "a day as YYYY-MM-DD"),
    ("day", "yesterday", "a day as YYYY-MM-DD"),
    ("count", "three", "a whole number"),
    ("flag", "maybe", "true or false"),
    ("nope", "1", "has no parameter 'nope'"),
])
def test_bad_parameters_say_what_was_expected(runner, cli_env, name, value, expected):
    result = run(runner, "query", q("typed"), "-p", name, value)
    assert result.exit_code == 2
    assert "error[bad-parameter]" in result.stderr and expected in result.stderr


def test_missing_required_parameter(runner, cli_env):
    result = run(runner, "query", q("label-equals"))
    assert result.exit_code == 2 and "error[missing-parameter]" in result.stderr


def test_unknown_query_suggests_close_names(runner, cli_env):
    names = [p.stem for p in (Path(__file__).parent.parent / "queries").glob("*.rq")]
    assert names, "no stored queries shipped"
    wrong = names[0][:-1] + ("x" if names[0][-1] != "x" else "y")
    result = run(runner, "query", wrong)
    assert result.exit_code == 2
    assert "error[unknown-query]" in result.stderr and names[0] in result.stderr


def test_query_syntax_error_names_the_file_line_and_column(runner, cli_env):
    result = run(runner, "query", q("broken"))
    assert result.exit_code == 2
    assert "error[query-syntax]" in result.stderr
    assert re.search(r"broken\.rq:\d+:\d+: ", result.stderr), result.stderr


def test_unknown_format_is_an_input_error(runner, cli_env):
    result = run(runner, "query", q("labels"), "-f", "xlsx")
    assert result.exit_code == 2 and "error[unknown-format]" in result.stderr


def test_construct_gives_turtle_and_ask_gives_a_boolean(runner, cli_env):
    result = run(runner, "query", q("construct"))
    assert result.exit_code == 0 and "skos:prefLabel" in result.output and "id:nato" in result.output
    assert run(runner, "query", q("construct"), "-f", "csv").exit_code == 2
    assert run(runner, "query", q("ask")).output == "true\n"


def test_query_text_from_stdin(runner, cli_env):
    text = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/nrkg/graph/corpus> { ?s ?p ?o } }"
    result = run(runner, "query", "-", "-f", "csv", input=text)
    assert result.exit_code == 0 and int(result.output.splitlines()[1]) > 0


def test_scope_narrows_the_default_graph(runner, cli_env):
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    counts = {}
    for scope in (None, "asserted", "entities", "001"):
        args = ["query", "-", "-f", "csv"] + (["--scope", scope] if scope else [])
        result = run(runner, *args, input=text)
        assert result.exit_code == 0, result.output
        counts[scope] = int(result.output.splitlines()[1])
    assert counts[None] > counts["asserted"] > counts["entities"] > 0
    assert 0 < counts["001"] < counts["asserted"]
    bad = run(runner, "query", "-", "--scope", "999", input=text)
    assert bad.exit_code == 2 and "error[bad-scope]" in bad.stderr


def test_all_writes_one_file_per_stored_query(runner, cli_env, tmp_path):
    result = run(runner, "query", "--all", "--output-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    stored = sorted(p.stem for p in (Path(__file__).parent.parent / "queries").glob("*.rq"))
    written = sorted(p.stem for p in tmp_path.iterdir())
    assert stored and written == stored


def test_queries_lists_titles_and_parameters(runner):
    result = run(runner, "queries", "-f", "json")
    items = json.loads(result.output)
    assert len(items) >= 4 and all(item["title"] for item in items)


def test_locate_prints_offsets_and_a_pinning_snippet(runner):
    result = run(runner, "locate", "000", "Russia-NATO Council can still be considered")
    assert result.exit_code == 0
    assert "2 occurrence(s)" in result.output  # document 000 repeats its paragraphs
    assert "oa:prefix" in result.output or "oa:suffix" in result.output
    missing = run(runner, "locate", "000", "not in the text at all")
    assert missing.exit_code == 2 and "error[quote-not-found]" in missing.stderr


def test_a_reader_that_goes_away_ends_the_command_quietly(cli_env):
    """`nrkg queries | head -1`: the closed pipe is not reported as an internal error."""
    import os
    import subprocess
    import sys

    from support import ROOT

    process = subprocess.Popen([sys.executable, "-c", "from nrkg.cli import main; main()", "queries"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=dict(os.environ))
    process.stdout.close()  # the reader is gone before the first line is written
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141, stderr
    assert "error" not in stderr.lower() and "Traceback" not in stderr
