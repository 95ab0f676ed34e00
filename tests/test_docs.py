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
    from nrkg.devtools.clidoc import reference

    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == reference(), \
        "regenerate with: python -m nrkg.devtools.clidoc > docs/cli.md"


def test_every_command_has_help_text():
    from nrkg.devtools.clidoc import walk

    for path, command, _ in walk(cli, ["nrkg"]):
        assert (command.help or "").strip(), " ".join(path)


def raised_error_ids(package: Path) -> set[str]:
    """Every literal error ID the package passes to NrkgError or one of its subclasses (found by
    inheritance, so an ID raised through a new subclass cannot escape), including subclasses that
    pass their ID to ``super().__init__``."""
    import ast

    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in sorted(package.rglob("*.py"))]
    errors = {"NrkgError"}
    grew = True
    while grew:  # subclasses of subclasses
        grew = False
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in errors and any(
                        getattr(base, "id", getattr(base, "attr", None)) in errors for base in node.bases):
                    errors.add(node.name)
                    grew = True
    used = set()
    for tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = getattr(func, "id", getattr(func, "attr", None))
            is_super_init = isinstance(func, ast.Attribute) and func.attr == "__init__" and \
                isinstance(func.value, ast.Call) and getattr(func.value.func, "id", None) == "super"
            first = node.args[0]
            if (name in errors or is_super_init) and isinstance(first, ast.Constant) and isinstance(first.value, str) \
                    and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", first.value):
                used.add(first.value)
    return used


def test_every_error_id_in_the_code_is_documented():
    documented = set(re.findall(r"^#{2,4} ([a-z0-9-]+)\s*$", (ROOT / "docs" / "errors.md").read_text(encoding="utf-8"),
                                re.MULTILINE))
    used = raised_error_ids(ROOT / "nrkg")
    assert {"source-syntax", "store-unreachable", "unknown-query"} <= used  # subclass-raised IDs are seen too
    assert not sorted(used - documented), "document these IDs in docs/errors.md"


def test_error_id_scan_sees_ids_raised_through_subclasses(tmp_path):
    (tmp_path / "m.py").write_text(
        "class NrkgError(Exception): ...\n"
        "class StoreDown(NrkgError):\n"
        "    def __init__(self):\n"
        "        super().__init__('store-down', 'x')\n"
        "class Deeper(StoreDown): ...\n"
        "def f():\n"
        "    raise Deeper('deeper-id', 'y')\n"
        "    raise ValueError('not-an-id')\n", encoding="utf-8")
    assert raised_error_ids(tmp_path) == {"store-down", "deeper-id"}


def test_competency_question_table_is_up_to_date(built):
    from nrkg.devtools.competency import table

    assert (ROOT / "docs" / "competency-questions.md").read_text(encoding="utf-8") == table(built), \
        "regenerate with: python -m nrkg.devtools.competency > docs/competency-questions.md"


def test_every_stored_query_states_a_distinct_question():
    from nrkg.model.catalog import catalog

    queries = catalog()
    questions = {name: query.question for name, query in queries.items()}
    assert not [name for name, question in questions.items() if not question.endswith("?")], \
        "every stored query needs a '# question:' header line ending in '?'"
    assert len(set(questions.values())) == len(questions), "two queries ask the same question"


def test_curation_guide_examples_are_taken_from_the_shipped_graph():
    """The guide's Turtle examples are real claims and entities: each of their triples (blank-node
    evidence aside) is in graph/."""
    from rdflib import BNode, Graph

    from nrkg.model import iri

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
