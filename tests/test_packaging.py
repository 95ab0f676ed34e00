"""A plain (non-editable) wheel install works from any directory, building into a per-user cache."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from support import ROOT


def test_wheel_ships_the_data_and_runs_from_elsewhere(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels),
                    str(ROOT)], check=True, capture_output=True, text=True)
    wheel = next(wheels.glob("nrkg-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for expected in ("nrkg/data/ontology/nrkg.ttl", "nrkg/data/graph/entities.ttl", "nrkg/data/shapes/nrkg-shapes.ttl",
                     "nrkg/data/documents/MANIFEST.sha256", "nrkg/cli/__init__.py", "nrkg/build/pipeline.py"):
        assert expected in names, expected
    assert any(n.startswith("nrkg/data/queries/") and n.endswith(".rq") for n in names)
    assert sum(n.startswith("nrkg/data/documents/") and n.endswith(".txt") for n in names) == 5

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, text=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NRKG_")}
    env.update(PYTHONPATH=str(target), XDG_CACHE_HOME=str(tmp_path / "cache"), HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "nrkg", "query", "-", "-f", "csv"], cwd=elsewhere, env=env,
                            input="SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.splitlines()[1]) > 1000
    builds = list((tmp_path / "cache" / "nrkg").iterdir())
    assert len(builds) == 1 and (builds[0] / "nrkg.trig").is_file()
    assert not (elsewhere / "dist").exists() and not any(elsewhere.iterdir())
    from_package = subprocess.run([sys.executable, "-c", "import nrkg; print(nrkg.__file__)"], cwd=elsewhere, env=env,
                                  capture_output=True, text=True)
    assert from_package.stdout.startswith(str(target))
