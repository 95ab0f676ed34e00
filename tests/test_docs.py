"""The docs tell the truth: README examples run, every command and error ID is documented."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from nrkg.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def console_examples(text: str) -> list[tuple[list[str], str | None]]:
    """`$ nrkg …` lines of ```console blocks, each with the non-command lines after it as stdin."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", text, re.DOTALL):
        current = None
        for line in block.splitlines():
            if line.startswith("$ nrkg "):
                if current:
                    examples.append(current)
                current = (shlex.split(line[2:])[1:], None)
            elif current and line.strip():
                current = (current[0], (current[1] or "") + line + "\n")
        if current:
            examples.append(current)
    return examples


EXAMPLES = console_examples(README)


def test_readme_has_examples_and_the_two_setup_commands():
    assert len(EXAMPLES) >= 8
    assert "pip install . && nrkg query timeline" in README
    assert "pip install '.[test]' && python -m pytest" in README
    assert "pip install '.[test]' && python -m pytest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("args,stdin", EXAMPLES, ids=[" ".join(a) for a, _ in EXAMPLES])
def test_readme_example_runs(runner, cli_env, args, stdin):
    result = runner.invoke(cli, args, input=stdin, catch_exceptions=False)
    assert result.exit_code == 0, result.output + result.stderr
    assert result.output.strip()


def test_cli_reference_is_up_to_date():
    from nrkg.clidoc import reference

    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == reference(), \
        "regenerate with: python -m nrkg.clidoc > docs/cli.md"


def test_every_command_has_help_text():
    from nrkg.clidoc import walk

    for path, command, _ in walk(cli, ["nrkg"]):
        assert (command.help or "").strip(), " ".join(path)


def test_every_error_id_in_the_code_is_documented():
    documented = set(re.findall(r"^#{2,4} ([a-z0-9-]+)\s*$", (ROOT / "docs" / "errors.md").read_text(encoding="utf-8"),
                                re.MULTILINE))
    used = set()
    for path in (ROOT / "nrkg").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"(?:NrkgError|CheckFailed)\(\s*\"([a-z0-9-]+)\"", text))
    assert len(used) > 20
    assert not sorted(used - documented), "document these IDs in docs/errors.md"


def test_competency_question_table_is_up_to_date(built):
    from nrkg.competency import table

    assert (ROOT / "docs" / "competency-questions.md").read_text(encoding="utf-8") == table(built), \
        "regenerate with: python -m nrkg.competency > docs/competency-questions.md"


def test_every_stored_query_states_a_distinct_question():
    from nrkg.queries import catalog

    queries = catalog()
    questions = {name: query.question for name, query in queries.items()}
    assert not [name for name, question in questions.items() if not question.endswith("?")], \
        "every stored query needs a '# question:' header line ending in '?'"
    assert len(set(questions.values())) == len(questions), "two queries ask the same question"


def test_curation_guide_examples_are_taken_from_the_shipped_graph():
    """The guide's Turtle examples are real claims and entities: each of their triples (blank-node
    evidence aside) is in graph/."""
    from rdflib import BNode, Graph

    from nrkg import iri

    prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in iri.PREFIXES.items())
    prefixes += "@prefix c: <" + iri.claim_ns("001_41982bf2e623ae9c") + "> .\n"
    shipped = Graph()
    for path in [ROOT / "graph" / "entities.ttl", *sorted((ROOT / "graph" / "documents").glob("*.ttl"))]:
        shipped.parse(path, format="turtle")
    blocks = re.findall(r"```turtle\n(.*?)```", (ROOT / "docs" / "curation.md").read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) >= 2
    for block in blocks:
        example = Graph().parse(data=prefixes + block, format="turtle")
        triples = [t for t in example if not any(isinstance(term, BNode) for term in t)]
        assert triples, block
        assert [t for t in triples if t not in shipped] == [], block
