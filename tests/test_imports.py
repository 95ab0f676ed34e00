"""The query path stays light: no rdflib, pyshacl or owlrl at start-up or for a query."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from support import ROOT

PROBE = """
import sys
sys.argv = ["nrkg"] + {args!r}
from nrkg.cli import main
try:
    main()
except SystemExit as exit:
    code = exit.code
heavy = sorted(m for m in ("rdflib", "pyshacl", "owlrl") if m in sys.modules)
print("HEAVY:", ",".join(heavy), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["queries"], ["query", "tests/fixtures/queries/labels.rq", "-f", "csv"],
                                  ["query", "tests/fixtures/queries/labels.rq", "-p", "entity", "NRC"]])
def test_query_path_imports_no_heavy_library(built, args):
    env = dict(os.environ, NRKG_OUT=str(built.dir))
    result = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert "HEAVY:" in result.stderr, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "HEAVY:", result.stderr
    if args[0] == "query":
        assert "nato-russia-council" in result.stdout


def test_the_probe_would_see_a_heavy_import(built):
    """The check above can fail: the same probe running the rdflib engine reports rdflib."""
    env = dict(os.environ, NRKG_OUT=str(built.dir))
    args = ["query", "tests/fixtures/queries/labels.rq", "--engine", "rdflib"]
    result = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert "rdflib" in result.stderr.strip().splitlines()[-1]
