"""The Binder files: repo2docker builds from environment.yml and runs postBuild.

conda-forge cannot be reached from here, so environment.yml is checked statically as well:
it parses, pins every package, and agrees with pyproject.toml's dependencies.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
REPO2DOCKER = Path(sys.executable).parent / "repo2docker"
EXACT = re.compile(r"(?P<name>[A-Za-z0-9_.-]+)=(?P<version>\d+(?:\.\d+)*)")


def _conda_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pins = {}
    for dep in env["dependencies"]:
        assert isinstance(dep, str), f"environment.yml: {dep!r} is not a plain conda package"
        match = EXACT.fullmatch(dep.strip())
        assert match, f"environment.yml: {dep!r} is not pinned to an exact version"
        pins[match["name"].lower()] = match["version"]
    return pins


def _pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for dep in project["dependencies"]:
        name, _, version = dep.partition("==")
        assert version, f"pyproject.toml: {dep!r} is not pinned with =="
        # conda-forge's psycopg brings libpq itself: pip's extra [binary] has no conda twin.
        pins[name.split("[")[0].strip().lower()] = version.strip()
    return pins


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def test_binder_files_environment_parses_and_pins_everything() -> None:
    """environment.yml is valid YAML, on conda-forge, with every package exactly pinned."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    pins = _conda_pins()
    assert {"python", "voila", "jupyterlab", "ipywidgets"} <= set(pins)


def test_binder_files_environment_agrees_with_pyproject() -> None:
    """Every runtime dependency has the same version in both files, and nothing extra."""
    conda, pip = _conda_pins(), _pyproject_pins()
    runtime = {k: v for k, v in conda.items() if k not in ("python", "pip")}
    assert runtime == pip


def test_binder_files_versions_meet_the_known_floors() -> None:
    """Voila past CVE-2024-30265, nbconvert past its 2026 CVEs, Lab 4 with widgets 8.1."""
    pins = _conda_pins()
    assert _version(pins["voila"]) >= (0, 5, 6)
    assert _version(pins["nbconvert"]) >= (7, 17, 1)
    assert _version(pins["jupyterlab"])[0] == 4
    assert _version(pins["ipywidgets"])[:2] == (8, 1)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floor = _version(project["requires-python"].removeprefix(">="))
    assert _version(pins["python"]) >= floor


def test_binder_files_postbuild_installs_the_package_and_stops_on_errors() -> None:
    """postBuild is executable, stops at the first error, installs the repo without deps."""
    script = ROOT / "postBuild"
    assert os.access(script, os.X_OK)
    lines = [line.strip() for line in script.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines[0] == "set -e"
    assert "pip install --no-deps -e ." in lines
    environment = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "-e ." not in environment and "pip:" not in environment


def test_binder_files_config_lives_at_the_root() -> None:
    """No binder/ or .binder/ folder, which would make repo2docker ignore the root files."""
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()


@pytest.fixture(scope="module")
def dockerfile() -> str:
    if not REPO2DOCKER.exists():
        pytest.fail("repo2docker is missing: install the test extras (`make test`).")
    result = subprocess.run([str(REPO2DOCKER), "--no-build", "--debug", str(ROOT)],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout + result.stderr


def test_binder_files_repo2docker_builds_from_environment_yml(dockerfile: str) -> None:
    """The generated Dockerfile installs the conda environment from environment.yml."""
    assert "Building conda environment for python=3.11" in dockerfile
    assert "COPY --chown=0:0 src/environment.yml ${REPO_DIR}/environment.yml" in dockerfile
    assert '--file "environment.yml"' in dockerfile


def test_binder_files_repo2docker_runs_postbuild(dockerfile: str) -> None:
    """The generated Dockerfile runs postBuild after copying the repository in."""
    copy_at = dockerfile.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    run_at = dockerfile.index("RUN ./postBuild")
    assert copy_at < run_at
