"""Column guesses by whole words and known phrases; matching names as people read them."""

from __future__ import annotations

import pytest

from workbook.interchange import sheets
from workbook.interchange.sheet_fields import guess_mapping, words
from workbook.model import Organisation, Resource
from workbook.testing import add_organisation, add_resource

# Columns of a public eligible-training-provider *program* export (glued capitals).
ETPL_PROGRAMS = ["PROVIDERID", "PROGRAMID", "OFFICIALNAME", "PROVIDERNAME", "CIPCODE",
                 "DESCRIPTION", "TOTALCOST", "TUITION", "TOTALCLOCKHOURS", "CONTACTNAME",
                 "CONTACTPHONE", "CONTACTEMAIL", "STREET1", "CITY", "STATE", "ZIP",
                 "STATUSNAME", "DTSUBMITTED"]


def test_words_split_glued_capitals_and_digits():
    """Titles split into whole words, glued capitals by known words."""
    assert words("PROVIDERID") == ["provider", "id"]
    assert words("CONTACTFIRSTNAME") == ["contact", "first", "name"]
    assert words("STREET1") == ["street", "1"]
    assert words("programName") == ["program", "name"]
    assert words("STATE") == ["state"]


@pytest.mark.parametrize("title", ["STATE", "State", "STATUSNAME", "State comment",
                                   "statement"])
def test_an_address_state_is_never_the_status(title):
    """Only a title naming the status fills it: STATE, STATUSNAME and the like do not."""
    assert guess_mapping([title, "Name"])["status"] is None


@pytest.mark.parametrize("title", ["PROVIDERID", "Provider ID", "provider_no",
                                   "Provider number", "ORGANIZATIONCODE"])
def test_an_id_column_is_never_the_owner(title):
    """A provider's id or number is not its name."""
    assert guess_mapping([title, "Name"])["owner"] is None


@pytest.mark.parametrize("title", ["Provider", "PROVIDERNAME", "Training provider",
                                   "Organization", "Offered by"])
def test_owner_titles_are_guessed(title):
    """Whole-word owner titles fill the owner."""
    assert guess_mapping([title, "Program name"])["owner"] == title


def test_etpl_program_export_maps_name_provider_description_and_contact():
    """The program's name, provider, description and contact fill their fields; cost, hours,
    ids and addresses stay unmapped (the resource map has no such fields)."""
    mapping = guess_mapping(ETPL_PROGRAMS)
    assert mapping["name"] == "OFFICIALNAME"
    assert mapping["owner"] == "PROVIDERNAME"
    assert mapping["notes"] == "DESCRIPTION"
    assert mapping["referral"] == "CONTACTNAME"
    assert mapping["status"] is None and mapping["found_on"] is None
    mapped = {c for c in mapping.values() if c}
    assert not mapped & {"PROVIDERID", "PROGRAMID", "CIPCODE", "TOTALCOST", "TUITION",
                         "TOTALCLOCKHOURS", "STREET1", "CITY", "STATE", "ZIP"}


def test_exact_titles_win_over_containing_ones():
    """"Name" fills the name before "Program description" or "Contact name" could."""
    mapping = guess_mapping(["Contact name", "Program description", "Name", "Status"])
    assert mapping["name"] == "Name" and mapping["referral"] == "Contact name"
    assert mapping["notes"] == "Program description" and mapping["status"] == "Status"


def test_owner_and_entry_names_match_after_normalisation(wb):
    """NFC, case and invisible characters do not make a second owner or entry."""
    college = add_organisation(wb, name="Café College", partner_type="semi_public")
    add_resource(wb, name="Welding 101", owner_id=college.id)
    decomposed = "Cafe\u0301 COLLEGE"
    data = (f"Name,Owner\nWeld\u200bing 101,{decomposed}\nCNC\u00ad Basics,caf\u00e9 college\n"
            ).encode()
    preview = sheets.preview_sheet(wb, "s.csv", data)
    assert [r.outcome for r in preview.rows] == ["skip", "new"]
    assert preview.rows[1].entity.owner_id == college.id
    assert not preview.unknown_owners


def test_unknown_owner_left_blank_by_choice(wb):
    """An unknown owner can be left blank: the row is added without an owner, and said so."""
    data = b"Name,Owner\nWelding 101,Nowhere Inc\n"
    preview = sheets.preview_sheet(wb, "s.csv", data, sheets.SheetOptions(new_owners="blank"))
    assert not preview.problems and "left blank" in preview.rows[0].message
    sheets.import_sheet(wb, preview)
    assert [(r.name, r.owner_id) for r in wb.all(Resource)] == [("Welding 101", None)]
    assert wb.count(Organisation) == 0


def test_unknown_owner_added_once_for_many_rows(wb):
    """An unknown owner named in several spellings becomes one organisation."""
    data = "Name,Owner\nA,Nowhere Inc\nB,NOWHERE\u200b INC\nC,nowhere inc\n".encode()
    options = sheets.SheetOptions(new_owners="add", partner_type="business")
    preview = sheets.preview_sheet(wb, "s.csv", data, options)
    assert preview.unknown_owners == ["Nowhere Inc"]
    result = sheets.import_sheet(wb, preview)
    [org] = wb.all(Organisation)
    assert org.name == "Nowhere Inc" and org.partner_type == "business"
    assert len(result.stored) == 3 and {r.owner_id for r in wb.all(Resource)} == {org.id}
