from __future__ import annotations

import pytest
from click.testing import CliRunner

from nrkg.build.pipeline import ensure_built


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The shipped graph, built once per session into a private directory."""
    return ensure_built(tmp_path_factory.mktemp("build"))


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def cli_env(built, monkeypatch):
    """Point the CLI at the session build so tests never rebuild into dist/."""
    monkeypatch.setenv("NRKG_OUT", str(built.dir))
    return built
