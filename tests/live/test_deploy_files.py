"""The JupyterHub files in deploy/jupyterhub: the Helm values parse and agree with the
one-server configuration; the proxy comes from npm at a pinned version."""

from __future__ import annotations

import ast
import json
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
HUB = ROOT / "deploy" / "jupyterhub"


def _values() -> dict:
    return yaml.safe_load((HUB / "z2jh-values.yaml").read_text(encoding="utf-8"))


def test_deploy_files_z2jh_values_route_the_live_page_to_its_container():
    """The live service URL points at the container port the hub exposes, no hub login."""
    values = _values()
    live = values["hub"]["services"]["live"]
    assert set(live) == {"url"}  # no api_token, no oauth: participants need no account
    port = int(live["url"].rsplit(":", 1)[1])
    (container,) = values["hub"]["extraContainers"]
    assert container["command"] == ["python", "-m", "workbook.live"]
    assert container["ports"][0]["containerPort"] == port
    assert any(p["port"] == port for p in values["hub"]["service"]["extraPorts"])
    env = {e["name"]: e for e in container["env"]}
    assert env["LIVE_BIND"]["value"].endswith(f":{port}")
    assert env["LIVE_PREFIX"]["value"] == "/services/live/"
    assert "secretKeyRef" in env["LIVE_DB_URL"]["valueFrom"]
    assert container["securityContext"]["runAsNonRoot"] is True


def test_deploy_files_z2jh_values_match_the_one_server_settings():
    """Facilitators only, the same landing notebook, each with their own database role."""
    values = _values()
    auth = values["hub"]["config"]["Authenticator"]
    assert auth["allow_all"] is False and auth["allowed_users"]
    assert values["singleuser"]["defaultUrl"] == "/lab/tree/09_remote_participants.ipynb"
    assert values["singleuser"]["extraEnv"]["LIVE_PUBLIC_URL"].endswith("/services/live/")
    assert "LIVE_FACILITATOR_DB_URL" in values["hub"]["extraConfig"]["workbook-live"]
    config = (HUB / "jupyterhub_config.py").read_text(encoding="utf-8")
    ast.parse(config)
    assert "/lab/tree/09_remote_participants.ipynb" in config
    assert "LIVE_FACILITATOR_DB_URL" in config and '"name": "live"' in config
    assert "c.Authenticator.allow_all = False" in config


def test_deploy_files_pins_jupyterhub_6_and_the_proxy():
    """JupyterHub 6 from PyPI and configurable-http-proxy from npm, each at one version."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    (hub,) = [d for d in deps if d.startswith("jupyterhub==")]
    assert hub.split("==")[1].startswith("6.")
    package = json.loads((HUB / "package.json").read_text())
    version = package["dependencies"]["configurable-http-proxy"]
    assert version[0].isdigit()  # exact, not a range
    lock = json.loads((HUB / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/configurable-http-proxy"]["version"] == version


def test_deploy_files_facilitators_open_the_partnership_in_postgresql():
    """Each facilitator's server opens a partnership in the database as their own role,
    on one server and on Kubernetes alike; no workbook file is configured."""
    config = (HUB / "jupyterhub_config.py").read_text(encoding="utf-8")
    assert '"WORKBOOK_DB": lambda spawner: SECRETS["facilitators"][spawner.user.name]' in config
    assert '"WORKBOOK_PARTNERSHIP": PARTNERSHIP' in config
    assert '"WORKBOOK":' not in config and "demo.sqlite" not in config
    values = _values()
    env = values["singleuser"]["extraEnv"]
    assert "WORKBOOK" not in env and env["WORKBOOK_PARTNERSHIP"]
    extra = values["hub"]["extraConfig"]["workbook-live"]
    assert '"WORKBOOK_DB": lambda spawner: _roles[spawner.user.name]' in extra
    demo = (HUB / "demo.py").read_text(encoding="utf-8")
    assert 'grant(target, role, "facilitator")' in demo


def test_deploy_files_secrets_file_is_private_even_when_an_old_one_was_not(tmp_path):
    """Probe 20: secrets.json rewritten over a 0644 one ends 0600; the hub's config refuses
    a secrets file others may read."""
    import importlib.util
    import os
    import subprocess
    import sys

    spec = importlib.util.spec_from_file_location("hub_demo", HUB / "demo.py")
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    (tmp_path / "jupyterhub.sqlite").write_bytes(b"")
    (tmp_path / "jupyterhub.sqlite").chmod(0o644)
    demo.make_private(tmp_path)
    assert tmp_path.stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "jupyterhub.sqlite").stat().st_mode & 0o777 == 0o600
    target = tmp_path / "secrets.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o644)
    demo.write_secrets(target, {"proxy_token": "x"})
    assert target.stat().st_mode & 0o777 == 0o600
    assert json.loads(target.read_text(encoding="utf-8")) == {"proxy_token": "x"}
    target.chmod(0o644)
    config = (
        "import runpy\n"
        "get_config = lambda: None\n"
        f"runpy.run_path({str(HUB / 'jupyterhub_config.py')!r},"
        " init_globals={'get_config': get_config})\n")
    result = subprocess.run([sys.executable, "-c", config], capture_output=True, text=True,
                            env={**os.environ, "WORKBOOK_HUB_STATE": str(tmp_path)},
                            timeout=60)
    assert result.returncode != 0 and "chmod 600" in result.stderr
