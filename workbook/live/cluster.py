"""A throw-away PostgreSQL cluster on 127.0.0.1: for the demo hub, the tests and the bench.

PostgreSQL refuses to run as root, so as root the cluster is made and run as the
``postgres`` user (Debian's package creates it). The superuser ``postgres`` may connect only
through the cluster's own socket folder (trust); every TCP connection needs a password
(scram-sha-256), so the roles the live room gives out are real limits, not a formality.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Cluster", "free_port", "pg_bin", "start_cluster"]


def pg_bin(tool: str) -> str:
    """The path of a PostgreSQL program (``initdb``, ``pg_ctl``); Debian keeps them off PATH.

    Raises ``FileNotFoundError`` naming the package to install.
    """
    for found in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{tool}"), reverse=True):
        return found
    on_path = shutil.which(tool)
    if on_path:
        return on_path
    raise FileNotFoundError(f"{tool} is missing: install PostgreSQL "
                            "(sh tools/install-system-packages.sh, or apt-get install postgresql)")


def _as_owner(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@dataclass
class Cluster:
    """A running cluster: ``port`` on 127.0.0.1, its folder, and the superuser's DSN."""

    folder: Path
    port: int
    owned_folder: bool

    @property
    def socket_dir(self) -> str:
        return str(self.folder)

    def admin_dsn(self, dbname: str = "postgres") -> str:
        """The superuser's connection string (through the socket folder, no password)."""
        return f"host={self.socket_dir} port={self.port} user=postgres dbname={dbname}"

    def dsn(self, user: str, password: str, dbname: str) -> str:
        """A TCP connection string for ``user`` on 127.0.0.1."""
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{dbname}"

    def stop(self) -> None:
        """Stop the server at once and remove its folder if this cluster made it."""
        subprocess.run(_as_owner([pg_bin("pg_ctl"), "-D", str(self.folder / "data"), "-m",
                                  "immediate", "stop"]),
                       capture_output=True, check=False)
        if self.owned_folder:
            shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster(port: int, folder: str | os.PathLike[str] | None = None, *,
                  durable: bool = False) -> Cluster:
    """Make (if new) and start a cluster listening on 127.0.0.1:``port`` only.

    ``folder`` keeps the cluster between runs (``make hub``); None makes a temporary one that
    ``stop`` removes. ``durable`` keeps fsync on (the bench measures what a real server
    does); tests turn it off. Raises ``RuntimeError`` with the server log if it does not start.
    """
    owned = folder is None
    base = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="wb-pg-"))
    base.mkdir(parents=True, exist_ok=True)
    data = base / "data"
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
        base.chmod(0o755)
    if not (data / "PG_VERSION").exists():
        made = subprocess.run(_as_owner([pg_bin("initdb"), "-D", str(data), "-U", "postgres",
                                         "-A", "trust", "-E", "UTF8", "--no-locale"]),
                              capture_output=True, text=True, check=False)
        if made.returncode != 0:
            raise RuntimeError(f"initdb failed in {data} (the postgres user must be able to "
                               f"reach that folder):\n{made.stderr[-2000:]}")
        (data / "pg_hba.conf").write_text(
            "local all postgres trust\n"
            "host all all 127.0.0.1/32 scram-sha-256\n")
    log = base / "server.log"
    options = (f"-c listen_addresses=127.0.0.1 -c port={port} -k {base} "
               "-c max_connections=200")
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    done = subprocess.run(_as_owner([pg_bin("pg_ctl"), "-D", str(data), "-l", str(log),
                                     "-o", options, "-w", "-t", "60", "start"]),
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        text = log.read_text(errors="replace") if log.exists() else done.stderr
        raise RuntimeError(f"PostgreSQL did not start on port {port}:\n{text[-2000:]}")
    cluster = Cluster(base, port, owned)
    deadline = time.monotonic() + 30
    import psycopg

    while True:
        try:
            psycopg.connect(cluster.admin_dsn(), connect_timeout=2).close()
            return cluster
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                cluster.stop()
                raise
            time.sleep(0.2)


def free_port(low: int = 9500, high: int = 9600) -> int:
    """A port in ``low``..``high``-1 that nothing on 127.0.0.1 listens on now.

    Raises ``OSError`` when every port of the range is taken.
    """
    import random
    import socket

    ports = list(range(low, high))
    random.shuffle(ports)
    for port in ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise OSError(f"no free port from {low} to {high - 1} on 127.0.0.1")
