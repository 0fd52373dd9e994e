"""Shared measurement in the store: readings in date order, wins and the partners credited.

A win is credited to the partnership; the partners who contributed are kept in the
``win_partner`` link table (removed with the win). Reading rules that need other rows (the
outcome exists, one reading per outcome and day) are the generic reference and uniqueness
checks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import sqlalchemy as sa

from ..errors import DuplicateError, NotFoundError, Sentence, ValidationError
from ..i18n import N_
from ..model import Organisation, Reading, Win
from . import labels
from .core import Store
from .log import log_change, log_many, named, row_json
from .many import insert_many
from .schema import table_for, win_partner

__all__ = ["MAX_CREDITED", "Measurement"]

MAX_CREDITED = 50
"""Most partners one win is credited with; more is a slip, not a partnership."""


class Measurement(Store):
    """Readings and wins (``Workbook`` builds on this)."""

    def readings(self, outcome_id: int | None = None) -> list[Reading]:
        """Readings of one outcome (or of all), oldest first, then by id."""
        found = self.all(Reading) if outcome_id is None else self.all(Reading,
                                                                      outcome_id=outcome_id)
        return sorted(found, key=lambda r: (r.read_on, r.id or 0))

    def add_readings(self, readings: Iterable[Reading]) -> list[Reading]:
        """Store many new readings in one transaction, all or none (a sheet's import).

        The same rules as ``add_all`` (the outcome and organisation exist, one reading per
        outcome and day, in the workbook and among the new ones), checked with one query
        each instead of one per reading; each reading is in the change log of the running
        step (``change()``), so the import is one step of the history. Raises
        ``NotFoundError`` or ``DuplicateError``.
        """
        pending = list(readings)
        if not pending:
            return []
        readings_table, outcomes = table_for(Reading), table_for("outcome")
        organisations = table_for(Organisation)
        with self._write() as conn:
            wanted = {r.outcome_id for r in pending}
            found = set(conn.execute(sa.select(outcomes.c.id).where(
                outcomes.c.id.in_(wanted))).scalars())
            for missing in sorted(wanted - found):
                raise NotFoundError("outcome", missing, Sentence(N_(
                    "The {field} {value} is not an outcome in this workbook. Pick one from the "
                    "list, or add it first.")))
            partners = {r.organisation_id for r in pending if r.organisation_id is not None}
            known = set(conn.execute(sa.select(organisations.c.id).where(
                organisations.c.id.in_(partners))).scalars()) if partners else set()
            for missing in sorted(partners - known):
                raise NotFoundError("organisation", missing, Sentence(N_(
                    "The {field} {value} is not an organization in this workbook. Pick one from "
                    "the list, or add it first.")))
            taken = {tuple(row) for row in conn.execute(sa.select(
                readings_table.c.outcome_id, readings_table.c.read_on).where(
                readings_table.c.outcome_id.in_(wanted)))}
            for reading in pending:
                key = (reading.outcome_id, reading.read_on)
                if key in taken:
                    raise DuplicateError("read on", reading.read_on.isoformat(),
                                         Sentence(N_(
                        "The {field} {value} already has a reading of this outcome. Change the "
                        "day, or correct the reading stored.")))
                taken.add(key)
            first = int(conn.execute(sa.select(sa.func.coalesce(
                sa.func.max(readings_table.c.id), 0))).scalar_one()) + 1
            stored = [dataclasses.replace(r, id=first + n, version=1)
                      for n, r in enumerate(pending)]
            insert_many(conn, readings_table,
                        [{"id": r.id, "version": 1, **r.values()} for r in stored])
            log_many(conn, "add", Reading.kind,
                     [(r.id, None, row_json(r)) for r in stored])
        return stored

    @named(labels.add_win)
    def add_win(self, win: Win, partner_ids: Iterable[int] = ()) -> Win:
        """Store a win and the partners credited with it, all in one transaction."""
        with self.transaction():
            stored = self.add(win)
            assert stored.id is not None
            self.credit_partners(stored.id, partner_ids)
        return stored

    @named(labels.credit_partners)
    def credit_partners(self, win_id: int, partner_ids: Iterable[int]) -> None:
        """Make ``partner_ids`` exactly the partners credited with the win.

        Raises ``NotFoundError`` for a win or organisation not in the workbook and
        ``ValidationError`` past ``MAX_CREDITED`` partners; nothing changes then.
        """
        wanted = list(dict.fromkeys(partner_ids))
        if len(wanted) > MAX_CREDITED:
            raise ValidationError("partners", "", Sentence(N_(
                "The {field} are more than {most} ({count}). Credit the partners who really "
                "contributed."), most=MAX_CREDITED, count=len(wanted)))
        with self._write() as conn:
            self._get(conn, Win, win_id)
            for org_id in wanted:
                self._get(conn, Organisation, org_id)
            now = set(conn.execute(sa.select(win_partner.c.organisation_id).where(
                win_partner.c.win_id == win_id)).scalars())
            for org_id in sorted(now - set(wanted)):  # each logged, so Undo restores it
                row = {"win_id": win_id, "organisation_id": org_id}
                conn.execute(sa.delete(win_partner).where(
                    win_partner.c.win_id == win_id, win_partner.c.organisation_id == org_id))
                log_change(conn, "link_remove", "win_partner", win_id, row_json(row), None)
            for org_id in [o for o in wanted if o not in now]:
                row = {"win_id": win_id, "organisation_id": org_id}
                conn.execute(sa.insert(win_partner).values(**row))
                log_change(conn, "link_add", "win_partner", win_id, None, row_json(row))

    def credited_partners(self, win_id: int) -> list[Organisation]:
        """The partners credited with one win, by name."""
        orgs = table_for(Organisation)
        query = (sa.select(orgs).join(win_partner, win_partner.c.organisation_id == orgs.c.id)
                 .where(win_partner.c.win_id == win_id))
        with self._read() as conn:
            found = [self._load(Organisation, dict(row))
                     for row in conn.execute(query).mappings()]
        return sorted(found, key=lambda o: o.name.casefold())

    def win_partner_rows(self) -> list[tuple[int, int]]:
        """Every (win id, organisation id) pair: for analyses and exports."""
        with self._read() as conn:
            return [(int(r[0]), int(r[1])) for r in conn.execute(
                sa.select(win_partner.c.win_id, win_partner.c.organisation_id)
                .order_by(win_partner.c.win_id, win_partner.c.organisation_id))]
