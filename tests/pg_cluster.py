"""A throw-away PostgreSQL cluster for the tests: Debian's server, started by the tests.

``start_cluster()`` runs ``initdb`` in a new temporary folder and starts ``postgres`` on
a free port of 9440-9449 (of ``WORKBOOK_TEST_PORTS`` when set), listening on 127.0.0.1
only, with trust authentication (the tests connect as several roles without passwords).
PostgreSQL refuses to run as root, so as root the server runs as the ``postgres`` user.
``make test`` installs the server (tools/install-system-packages.sh); nothing needs to run
beforehand.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def ports_from_env(default: range) -> range:
    """``WORKBOOK_TEST_PORTS`` ("9600-9649", both ends included) when set, else ``default``:
    engineers sharing one machine each keep their servers in their own block."""
    low, _, high = os.environ.get("WORKBOOK_TEST_PORTS", "").partition("-")
    if low.strip().isdigit():
        return range(int(low), int(high or low) + 1)
    return default


PORTS = ports_from_env(range(9440, 9450))


def _binary(name: str) -> str:
    """Debian's server binaries (newest version first), else the PATH's."""
    folders = sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                     key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
                     reverse=True)
    for folder in folders:
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"PostgreSQL's {name} is missing: `make test` installs it "
                           "(apt-get install postgresql).")
    return found


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {PORTS.start}-{PORTS.stop - 1} for PostgreSQL.")


@dataclass
class Cluster:
    folder: Path
    port: int
    as_user: list[str]

    def url(self, role: str = "postgres", database: str = "workbook") -> str:
        return f"postgresql://{role}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        subprocess.run([*self.as_user, _binary("pg_ctl"), "-D", str(self.folder / "data"),
                        "-m", "immediate", "stop"], capture_output=True, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster(*, durable: bool = False) -> Cluster:
    """A running server with an empty database ``workbook`` (superuser ``postgres``).

    Tests skip flushing to disk (``fsync=off``); ``durable=True`` keeps the server's
    defaults, for benchmarks whose figures must hold on a real server.
    """
    folder = Path(tempfile.mkdtemp(prefix="workbook-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chmod(folder, 0o700)
        os.chown(folder, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    subprocess.run([*as_user, _binary("initdb"), "-D", str(data), "-U", "postgres",
                    "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
                   check=True, capture_output=True)
    port = _free_port()
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c max_connections=200"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    subprocess.run([*as_user, _binary("pg_ctl"), "-D", str(data), "-o", options,
                    "-l", str(folder / "log"), "-w", "start"], check=True,
                   capture_output=True)
    cluster = Cluster(folder, port, as_user)
    try:
        import psycopg

        with contextlib.closing(psycopg.connect(cluster.url(database="postgres"),
                                                autocommit=True)) as conn:
            conn.execute("CREATE DATABASE workbook")
    except BaseException:
        cluster.stop()
        raise
    return cluster


def clone_partnership(url: str, source: str, slug: str) -> None:
    """Copy every row of partnership ``source`` to a new partnership ``slug``, server-side.

    For fixtures: as the superuser (row-level security does not hold for it), in one
    transaction, much faster than importing the same JSON again for every test.
    """
    import psycopg

    from workbook.store.pg_schema import SLUG_COLUMN, data_tables, pg_metadata

    with contextlib.closing(psycopg.connect(url)) as conn:
        conn.execute("INSERT INTO registry (slug) VALUES (%s)", (slug,))
        conn.execute("INSERT INTO membership (slug, role_oid, role_name, access) "
                     "VALUES (%s, (SELECT oid FROM pg_roles WHERE rolname = current_user), "
                     "current_user, 'owner')", (slug,))
        for table in pg_metadata.sorted_tables:
            if table.name not in data_tables:
                continue
            columns = ", ".join(c.name for c in table.columns if c.name != SLUG_COLUMN)
            conn.execute(f"INSERT INTO {table.name} ({SLUG_COLUMN}, {columns}) "
                         f"SELECT %s, {columns} FROM {table.name} "
                         f"WHERE {SLUG_COLUMN} = %s", (slug, source))
        conn.commit()
