"""Portfolio benchmark: 1,000 partnerships in one PostgreSQL database, read as one role.

    WORKBOOK_TEST_PORTS=9500-9519 python bench/portfolio.py [--partnerships 1000] [--runs 5]

Starts a throw-away cluster (``tests/pg_cluster.py``), installs the workbook
(``workbook db init``), fills one partnership with ``workbook.testing.populate`` (30
organisations, 24 meetings, 40 actions, health checks) and copies it server-side, in one
transaction as the superuser, to the other 999 (their meeting dates shifted so their
figures differ). ``bench_facilitator`` is a member of all of them, ``bench_member10`` of
ten. Prints figures as it goes; the last line is one JSON object:

``portfolio_ms``        median time to list the facilitator's partnerships and build every
                        row (``portfolio_targets`` + ``portfolio``), after a warm-up;
``portfolio_cpu_ms``    its CPU time: this process's and the database server's (its
                        processes' CPU, from /proc), what it costs on an idle machine
                        (the shared development machine runs at a load of 8-13 on two
                        cores, which multiplies wall-clock figures);
``view_ms``             the same through the portfolio view (``PortfolioView``: the table
                        and the picker drawn);
``member_of_10_ms``     ``portfolio_ms`` for the role that is a member of ten;
``open_each_ms``        the time opening each partnership alone would take (measured on
                        20, times the count): the way the portfolio read before.
Target: portfolio_ms <= 300 for 1,000 partnerships.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from pg_cluster import start_cluster  # noqa: E402

from workbook import Workbook  # noqa: E402
from workbook.analyses.portfolio import portfolio, portfolio_row, portfolio_targets  # noqa: E402
from workbook.store.pg_install import install  # noqa: E402
from workbook.store.pg_schema import SLUG_COLUMN, data_tables, pg_metadata  # noqa: E402
from workbook.store.postgres import DbTarget  # noqa: E402
from workbook.testing import make_partnership, populate  # noqa: E402

FACILITATOR, MEMBER10 = "bench_facilitator", "bench_member10"
TEMPLATE = "p-0000"
SKIPPED = {"change_log", "change_step"}  # the history: the portfolio never reads it
SHIFTED = {("meeting", "held_on"): "held_on - (n %% 60)",
           ("partnership", "working_title"): "working_title || ' ' || n"}


class ServerClock:
    """CPU seconds the cluster's processes have used: the postmaster's finished children
    (cutime, cstime: a closed connection's backend) and its live ones (utime, stime)."""

    def __init__(self, data: Path) -> None:
        self.postmaster = int((data / "postmaster.pid").read_text().split()[0])
        self.tick = os.sysconf("SC_CLK_TCK")

    def _fields(self, pid: int) -> list[str]:
        text = Path(f"/proc/{pid}/stat").read_text()
        return text[text.rindex(")") + 2:].split()  # after "pid (name) "

    def __call__(self) -> float:
        own = self._fields(self.postmaster)
        total = int(own[13]) + int(own[14])  # cutime, cstime
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, IndexError):
                    fields = self._fields(int(entry.name))
                    if int(fields[1]) == self.postmaster:  # ppid
                        total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / self.tick


def _median_ms(action: Callable[[], object], runs: int,
               server: Callable[[], float] | None = None) -> dict[str, float]:
    """Median wall, client CPU and server CPU milliseconds of ``action``."""
    action()  # warm-up: imports, the first connection, plans
    wall, client, served = [], [], []
    for _ in range(runs):
        start, cpu, srv = time.perf_counter(), time.process_time(), server() if server else 0
        action()
        wall.append(time.perf_counter() - start)
        client.append(time.process_time() - cpu)
        served.append((server() if server else 0) - srv)
    return {"wall_ms": round(statistics.median(wall) * 1000, 1),
            "client_cpu_ms": round(statistics.median(client) * 1000, 1),
            "server_cpu_ms": round(statistics.median(served) * 1000, 1)}


def _fill(admin_url: str, facilitator_url: str, count: int) -> None:
    with Workbook.create(DbTarget(facilitator_url, TEMPLATE), make_partnership()) as wb:
        populate(wb, organisations=30, resources=30, meetings=24, actions=40, problems=2)
    with contextlib.closing(psycopg.connect(admin_url)) as conn:
        slug = "'p-' || lpad(n::text, 4, '0')"
        numbers = f"generate_series(1, {count - 1}) AS n"
        conn.execute(f"INSERT INTO registry (slug) SELECT {slug} FROM {numbers}")
        conn.execute(f"INSERT INTO membership (slug, role_oid, role_name, access) "
                     f"SELECT {slug}, r.oid, r.rolname, 'owner' FROM {numbers}, pg_roles r "
                     "WHERE r.rolname = %s", (FACILITATOR,))
        conn.execute("INSERT INTO membership (slug, role_oid, role_name, access) "
                     "SELECT 'p-' || lpad(n::text, 4, '0'), r.oid, r.rolname, 'facilitator' "
                     "FROM generate_series(0, 9) AS n, pg_roles r WHERE r.rolname = %s",
                     (MEMBER10,))
        for table in pg_metadata.sorted_tables:
            if table.name not in data_tables or table.name in SKIPPED:
                continue
            names = [c.name for c in table.columns if c.name != SLUG_COLUMN]
            values = [SHIFTED.get((table.name, c), c) for c in names]
            conn.execute(f"INSERT INTO {table.name} ({SLUG_COLUMN}, {', '.join(names)}) "
                         f"SELECT {slug}, {', '.join(values)} FROM {table.name}, {numbers} "
                         f"WHERE {SLUG_COLUMN} = %s", (TEMPLATE,))
        conn.commit()
    with contextlib.closing(psycopg.connect(admin_url, autocommit=True)) as conn:
        conn.execute("VACUUM ANALYZE")  # as autovacuum would soon after such a load


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partnerships", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    count = max(10, args.partnerships)
    today = dt.date.today()
    cluster = start_cluster()
    try:
        admin = cluster.url(database="workbook")
        with contextlib.closing(psycopg.connect(admin, autocommit=True)) as conn:
            for role in (FACILITATOR, MEMBER10):
                conn.execute(f"CREATE ROLE {role} LOGIN")
        install(admin, creators=[FACILITATOR, MEMBER10])
        facilitator = cluster.url(FACILITATOR, "workbook")
        member10 = cluster.url(MEMBER10, "workbook")
        start = time.perf_counter()
        _fill(admin, facilitator, count)
        print(f"{count} partnerships made in {time.perf_counter() - start:.1f} s")

        def build(url: str) -> list:
            return portfolio(portfolio_targets(url), today=today)

        rows = build(facilitator)
        assert len(rows) == count and not any(r.problem for r in rows), rows[:1]
        warned = sum(1 for r in rows if r.warnings)
        print(f"rows: {len(rows)}, {warned} with momentum warnings, "
              f"{sum(r.open_actions for r in rows)} open actions in all")
        clock = ServerClock(cluster.folder / "data")
        load = os.getloadavg()[0]
        whole = _median_ms(lambda: build(facilitator), args.runs, clock)
        cpu = whole["client_cpu_ms"] + whole["server_cpu_ms"]
        print(f"portfolio of {count} (targets + rows): {whole} -> CPU {cpu:.0f} ms "
              f"(target 300; load average {load:.1f})")

        from workbook.views.steps.portfolio import PortfolioView

        view = _median_ms(lambda: PortfolioView(portfolio_targets(facilitator), today=today),
                          args.runs, clock)
        print(f"portfolio view of {count}: {view}")
        assert len(build(member10)) == 10
        member = _median_ms(lambda: build(member10), args.runs, clock)
        print(f"portfolio of a member of 10: {member}")

        sample = portfolio_targets(facilitator)[:20]
        start = time.perf_counter()
        for target in sample:
            with Workbook.open(target, daily_backup=False) as wb:
                portfolio_row(wb, target, today)
        per_open = (time.perf_counter() - start) * 1000 / len(sample)
        print(f"opening each instead: {per_open:.1f} ms a partnership, "
              f"about {per_open * count / 1000:.1f} s for {count}")
        print(json.dumps({
            "partnerships": count, "load_average": round(load, 1),
            "portfolio_ms": whole["wall_ms"], "portfolio_cpu_ms": round(cpu, 1),
            "portfolio_client_cpu_ms": whole["client_cpu_ms"],
            "portfolio_server_cpu_ms": whole["server_cpu_ms"],
            "view_ms": view["wall_ms"],
            "view_cpu_ms": round(view["client_cpu_ms"] + view["server_cpu_ms"], 1),
            "member_of_10_ms": member["wall_ms"],
            "member_of_10_cpu_ms": round(member["client_cpu_ms"] + member["server_cpu_ms"], 1),
            "open_each_ms": round(per_open * count), "target_ms": 300}))
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
