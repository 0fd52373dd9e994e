"""Refusals from the store: each names field, value and fix, and stores nothing at all."""

from __future__ import annotations

import pytest

from workbook import (
    ActionItem,
    Cause,
    Meeting,
    NameCandidate,
    Organisation,
    Person,
    Problem,
    Workbook,
)
from workbook.errors import (
    ConflictError,
    CycleError,
    DuplicateError,
    NotFoundError,
    TooLongError,
    ValidationError,
    VoteError,
    WorkbookError,
)


def _populate(wb: Workbook) -> dict[str, int]:
    """A little of everything, so the WAL holds real pages when a refusal comes."""
    org = wb.add(Organisation(name="Harbourline Fabrication"))
    wb.add(Organisation(name="Ærø Værft", partner_type="business"))
    person = wb.add(Person(name="Ana Ruiz", organisation_id=org.id))
    meeting = wb.add(Meeting(held_on="2026-03-10", objective="Agree the first three steps"))
    problem = wb.add(Problem(statement="Welders leave within a year"))
    top = wb.add(Cause(problem_id=problem.id, statement="Pay lags the next county"))
    below = wb.add(Cause(problem_id=problem.id, parent_id=top.id,
                         statement="Wage survey is five years old"))
    wb.add(NameCandidate(name="Harbour Makers"))
    wb.add(NameCandidate(name="Weld Works"))
    vote = wb.open_vote(dots_per_participant=2)
    return {"org": org.id, "person": person.id, "meeting": meeting.id, "top": top.id,
            "below": below.id, "vote": vote.id}


REFUSALS = {
    "duplicate name, other case": (
        DuplicateError, lambda wb, ids: wb.add(Organisation(name="HARBOURLINE fabrication"))),
    "duplicate non-ASCII name, other case": (
        DuplicateError, lambda wb, ids: wb.add(Organisation(name="ærø værft"))),
    "reference to nothing": (
        NotFoundError, lambda wb, ids: wb.add(ActionItem(action="Call", owner_id=999))),
    "update of a missing row": (
        NotFoundError, lambda wb, ids: wb.update(Organisation, 999, {"name": "X"})),
    "stale expected value": (
        ConflictError, lambda wb, ids: wb.update(
            Organisation, ids["org"], {"name": "Harbourline Metal"},
            expected={"name": "Harbourline Steel"})),
    "cause under its own sub-cause": (
        CycleError, lambda wb, ids: wb.update(Cause, ids["top"], {"parent_id": ids["below"]})),
    "text past the cap": (
        TooLongError, lambda wb, ids: wb.update(Meeting, ids["meeting"],
                                                {"notes": "n" * 10_001})),
    "unknown field": (
        ValidationError, lambda wb, ids: wb.update(Organisation, ids["org"], {"colour": "x"})),
    "delete while referred to": (
        ValidationError, lambda wb, ids: wb.delete(Organisation, ids["org"])),
    "too many dots": (
        VoteError, lambda wb, ids: wb.cast_dots(ids["vote"], {1: 2, 2: 1},
                                                person_id=ids["person"])),
    "second open vote": (
        VoteError, lambda wb, ids: wb.open_vote()),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_store_refusal_leaves_file_bytes_unchanged(file_wb, wb_path, snapshot, case):
    """A refused change, while the workbook stays open, changes neither file nor WAL."""
    wb = file_wb
    ids = _populate(wb)
    assurance, call = REFUSALS[case]
    before = snapshot(wb_path)
    assert before["-wal"], "the workbook should be in WAL mode with pending pages"
    with pytest.raises(assurance):
        call(wb, ids)
    assert snapshot(wb_path) == before


@pytest.mark.parametrize("case", list(REFUSALS))
def test_store_refusal_is_a_workbook_error(mem, case):
    """Every refusal is a WorkbookError, so views and the command line can show it."""
    ids = _populate(mem)
    assurance, call = REFUSALS[case]
    with pytest.raises(WorkbookError):
        call(mem, ids)


def test_store_duplicate_names_field_value_and_fix(mem):
    """A duplicate name is refused whatever its case, naming the name and what to do."""
    mem.add(Organisation(name="Harbourline Fabrication"))
    with pytest.raises(DuplicateError) as caught:
        mem.add(Organisation(name="  harbourline FABRICATION "))
    assert caught.value.field == "name"
    assert caught.value.value == "harbourline FABRICATION"
    assert "'harbourline FABRICATION'" in str(caught.value)
    assert "Use the existing organization" in str(caught.value)


@pytest.mark.parametrize(("stored", "typed"), [
    ("Ærø Værft", "ÆRØ VÆRFT"),
    ("Straße Bau", "STRASSE BAU"),   # a non-ASCII name that folds to an ASCII one
    ("STRASSE BAU", "Straße Bau"),
    ("Ελληνικά Ναυπηγεία", "ελληνικά ναυπηγεία"),
])
def test_store_duplicate_names_fold_non_ascii_both_ways(mem, stored, typed):
    """Names that differ only by Unicode case folding are duplicates in either order."""
    mem.add(Organisation(name=stored))
    with pytest.raises(DuplicateError):
        mem.add(Organisation(name=typed))


def test_store_duplicate_allowed_in_other_scope(mem):
    """A person's name is unique per organisation, not across the workbook."""
    a = mem.add(Organisation(name="Harbourline Fabrication"))
    b = mem.add(Organisation(name="Kestrel College", partner_type="semi_public"))
    mem.add(Person(name="Sam Lee", organisation_id=a.id))
    mem.add(Person(name="Sam Lee", organisation_id=b.id))
    with pytest.raises(DuplicateError):
        mem.add(Person(name="sam lee", organisation_id=a.id))


def test_store_rename_to_own_name_other_case_is_allowed(mem):
    """Changing only the case of one's own name is not a clash with oneself."""
    org = mem.add(Organisation(name="Harbourline Fabrication"))
    assert mem.update(Organisation, org.id, {"name": "HARBOURLINE Fabrication"}).name == \
        "HARBOURLINE Fabrication"


def test_store_not_found_reference_names_field_and_fix(mem):
    """A reference to a missing row names the field (without _id), the id and the fix."""
    with pytest.raises(NotFoundError) as caught:
        mem.add(ActionItem(action="Call the college", owner_id=42))
    assert caught.value.field == "owner"
    assert caught.value.value == 42
    assert "The owner 42 is not in this workbook." in str(caught.value)
    assert "Pick one from the list, or add it first." in str(caught.value)


def test_store_get_missing_names_kind_and_id(mem):
    """Reading a missing row says which kind and id, and why it may be gone."""
    with pytest.raises(NotFoundError) as caught:
        mem.get(Organisation, 7)
    assert caught.value.field == "organisation"
    assert "7 does not exist" in str(caught.value)


def test_store_conflict_names_expected_current_and_mine(mem):
    """A stale edit is refused naming what was read, what is stored and what was typed."""
    org = mem.add(Organisation(name="Harbourline Fabrication"))
    mem.update(Organisation, org.id, {"mission": "Build ships"})
    with pytest.raises(ConflictError) as caught:
        mem.update(Organisation, org.id, {"mission": "Build boats"},
                   expected={"mission": ""})
    error = caught.value
    assert (error.field, error.expected, error.current, error.mine) == \
        ("mission", "", "Build ships", "Build boats")
    assert "'Build ships'" in str(error) and "'Build boats' was not saved" in str(error)
    assert "Reload" in str(error)
    assert mem.get(Organisation, org.id).mission == "Build ships"


def test_store_conflict_ignores_other_fields(mem):
    """Two people editing different fields of one row keep both changes."""
    org = mem.add(Organisation(name="Harbourline Fabrication"))
    mem.update(Organisation, org.id, {"mission": "Build ships"}, expected={"mission": ""})
    mem.update(Organisation, org.id, {"needs": "Welders"}, expected={"needs": ""})
    stored = mem.get(Organisation, org.id)
    assert (stored.mission, stored.needs, stored.version) == ("Build ships", "Welders", 3)


def test_store_one_own_organisation(mem):
    """Only one organization can be our own; the message names the one that is."""
    mem.add(Organisation(name="Harbour Workforce Board", partner_type="own"))
    with pytest.raises(DuplicateError) as caught:
        mem.add(Organisation(name="Another Board", partner_type="own"))
    assert "'Harbour Workforce Board'" in str(caught.value)


def test_store_refused_add_keeps_count(mem):
    """After a refused add the number of rows is what it was."""
    mem.add(Organisation(name="Harbourline Fabrication"))
    with pytest.raises(DuplicateError):
        mem.add(Organisation(name="harbourline fabrication"))
    assert mem.count(Organisation) == 1


@pytest.mark.parametrize(("stored", "typed"), [
    ("Harrowgate Precision", "Har\u200browgate Precision"),       # zero-width space
    ("Harrowgate Precision", "Harrow\u00adgate Precision"),        # soft hyphen
    ("Harrowgate Precision", "\ufeffHarrowgate\u2060 Precision"),  # BOM, word joiner
    ("Café Mécanique", "Cafe\u0301 Me\u0301canique"),             # NFD against NFC
    ("Harrowgate Precision", "harrowgate   precision"),            # runs of space
])
def test_store_duplicate_names_that_print_alike(mem, stored, typed):
    """A name that prints like a stored one (invisibles, NFD, spacing) is a duplicate."""
    mem.add(Organisation(name=stored))
    with pytest.raises(DuplicateError):
        mem.add(Organisation(name=typed))
    org = mem.add(Organisation(name="Kestrel College", partner_type="semi_public"))
    mem.add(Person(name=stored, organisation_id=org.id))
    with pytest.raises(DuplicateError):
        mem.add(Person(name=typed, organisation_id=org.id))


def store_raw_name(wb, name: str) -> int:
    """An organisation named as a file from before names were cleaned could hold it."""
    import sqlalchemy as sa

    from workbook.store.schema import table_for
    org_id = wb.add(Organisation(name="placeholder")).id
    with wb._write() as conn:
        table = table_for(Organisation)
        conn.execute(sa.update(table).where(table.c.id == org_id).values(name=name))
    return org_id


@pytest.mark.parametrize("legacy", ["Har\u200browgate  Precision", "Cafe\u0301 Bridge"])
def test_store_names_stored_before_cleaning_still_open_and_still_count(file_wb, wb_path,
                                                                      legacy):
    """An old file's uncleaned name opens, reads back, and still blocks a look-alike (only
    files are that old: a database starts with cleaned names)."""
    org_id = store_raw_name(file_wb, legacy)
    file_wb.close()
    reopened = Workbook.open(wb_path)
    try:
        assert reopened.get(Organisation, org_id).name == legacy
        with pytest.raises(DuplicateError):
            reopened.add(Organisation(name=legacy))
        assert reopened.organisation_named(legacy.replace("\u200b", "")).id == org_id
    finally:
        reopened.close()
