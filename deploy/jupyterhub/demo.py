"""``make hub``: the live room on a local JupyterHub, on 127.0.0.1 only.

Starts a throw-away PostgreSQL cluster under /tmp (as the ``postgres`` user when run as
root; it is a demo, so nothing of it is kept), puts the live schema and its roles in it
(one login role per facilitator: ``fac_alice`` and ``fac_bob``), writes the demo
partnership ``demo`` into the same database with the PostgreSQL workbook store (the
superuser owns it; each facilitator's role is granted ``facilitator`` on it, as
``workbook grant`` does) and the secrets file, then runs JupyterHub with
``jupyterhub_config.py`` until Ctrl-C, and stops PostgreSQL again.

Environment: PORT (the hub; the next three ports are the hub API, the proxy API and the
live service; PostgreSQL takes PORT+4), WORKBOOK_HUB_STATE (default data/hub),
HUB_DEMO_PASSWORD (default ``workbook-demo``).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

import psycopg
from psycopg import sql

from workbook.live import schema
from workbook.live.cluster import Cluster, start_cluster

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATABASE = "workbook"
FACILITATORS = ("alice", "bob")
PARTNERSHIP = "demo"


def admin_url(cluster: Cluster, dbname: str = DATABASE) -> str:
    """The superuser's URL for the workbook store (through the cluster's socket folder)."""
    return (f"postgresql://postgres@/{dbname}?host={cluster.socket_dir}"
            f"&port={cluster.port}")


def put_demo_partnership(cluster: Cluster, roles: list[str]) -> None:
    """Write the demo partnership into the database (owned by the superuser) unless it is
    there, and grant each of ``roles`` (existing login roles) ``facilitator`` on it."""
    from workbook.demo import build_demo
    from workbook.store.pg_install import install
    from workbook.store.postgres import DbTarget, grant, partnerships

    # The administrator's step (`workbook db init`): the tables belong to workbook_owner,
    # which nobody logs in as; the facilitators' roles own none of them.
    install(admin_url(cluster))
    target = DbTarget(admin_url(cluster), PARTNERSHIP)
    if PARTNERSHIP not in {member.slug for member in partnerships(target.url)}:
        build_demo(target).close()
    for role in roles:
        grant(target, role, "facilitator")


def prepare(state: Path, pg_port: int, *, password: str) -> tuple[Cluster, dict]:
    """Start a throw-away PostgreSQL (under /tmp, which the ``postgres`` user can reach),
    install the live schema and roles, put the demo partnership into the database with
    each facilitator's role granted ``facilitator`` on it, and write ``secrets.json`` into
    ``state``; returns the running cluster and the secrets."""
    make_private(state)
    cluster = start_cluster(pg_port)
    try:
        with psycopg.connect(cluster.admin_dsn(), autocommit=True) as admin:
            if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                             (DATABASE,)).fetchone() is None:
                admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
        participant_pw = secrets.token_urlsafe(18)
        facilitators = {}
        with psycopg.connect(cluster.admin_dsn(DATABASE), autocommit=True) as admin:
            schema.install(admin, DATABASE)
            schema.set_participant_password(admin, participant_pw)
            for user in FACILITATORS:
                role_pw = secrets.token_urlsafe(18)
                schema.add_facilitator(admin, f"fac_{user}", role_pw)
                facilitators[user] = cluster.dsn(f"fac_{user}", role_pw, DATABASE)
        put_demo_partnership(cluster, [f"fac_{user}" for user in FACILITATORS])
        found = {"facilitators": facilitators,
                 "partnership": PARTNERSHIP,
                 "participant_dsn": cluster.dsn(schema.PARTICIPANT, participant_pw, DATABASE),
                 "live_cookie_secret": secrets.token_hex(32),
                 "proxy_token": secrets.token_hex(32), "demo_password": password}
        write_secrets(state / "secrets.json", found)
        return cluster, found
    except BaseException:
        cluster.stop()
        raise


def make_private(state: Path) -> None:
    """The hub's state folder 0700, and its database (hashed tokens, users) 0600 before
    JupyterHub opens it: SQLite keeps the mode of a file that exists."""
    state.mkdir(parents=True, exist_ok=True)
    state.chmod(0o700)
    database = state / "jupyterhub.sqlite"
    os.close(os.open(database, os.O_WRONLY | os.O_CREAT, 0o600))
    database.chmod(0o600)


def write_secrets(path: Path, found: dict) -> None:
    """Write ``found`` to ``path`` readable by its owner only (0600), replacing it whole:
    a file left 0644 by an earlier version is made private too."""
    partial = path.with_name(path.name + ".writing")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        os.fchmod(out.fileno(), 0o600)
        out.write(json.dumps(found, indent=1))
    os.replace(partial, path)


def hub_command(state: Path, port: int) -> tuple[list[str], dict[str, str]]:
    """The JupyterHub command line and environment for ``state`` and ``port``."""
    env = {**os.environ, "WORKBOOK_HUB_STATE": str(state), "HUB_PORT": str(port),
           "HUB_API_PORT": str(port + 1), "PROXY_API_PORT": str(port + 2),
           "LIVE_PORT": str(port + 3)}
    return ([sys.executable, "-m", "jupyterhub", "-f", str(HERE / "jupyterhub_config.py")],
            env)


def stop_tree(process: subprocess.Popen, timeout: float = 20) -> None:
    """Stop the hub and everything it started (proxy, live service, users' servers):
    SIGTERM first, then SIGKILL whatever is still running after ``timeout`` seconds."""
    import psutil

    try:
        family = [psutil.Process(process.pid), *psutil.Process(process.pid).children(True)]
    except psutil.NoSuchProcess:
        return
    for member in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            member.terminate()
    _, alive = psutil.wait_procs(family, timeout=timeout)
    for member in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            member.kill()
    psutil.wait_procs(alive, timeout=5)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=1)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    signal.signal(signal.SIGTERM, _interrupt)
    port = int(os.environ.get("PORT", "8000"))
    state = Path(os.environ.get("WORKBOOK_HUB_STATE", ROOT / "data" / "hub")).resolve()
    password = os.environ.get("HUB_DEMO_PASSWORD", "workbook-demo")
    if not (HERE / "node_modules" / ".bin" / "configurable-http-proxy").exists():
        print("configurable-http-proxy is missing: run `make hub` (it runs npm install).",
              file=sys.stderr)
        return 2
    cluster, _ = prepare(state, port + 4, password=password)
    cmd, env = hub_command(state, port)
    print(f"\nThe hub: http://127.0.0.1:{port}/  (log in as alice or bob, password "
          f"{password!r})\nThe live page for phones: http://127.0.0.1:{port}/services/live/"
          "\nCtrl-C stops the hub and PostgreSQL.\n", flush=True)
    hub = subprocess.Popen(cmd, env=env, cwd=state, start_new_session=True)
    try:
        return hub.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop_tree(hub)
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
