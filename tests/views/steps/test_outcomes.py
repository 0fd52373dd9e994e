"""The outcomes view driven without a browser: standing, readings, indicators, sheets, wins."""

from __future__ import annotations

import datetime as dt

from workbook import Organisation, Outcome, Reading, Win
from workbook.views.steps.outcomes import OutcomesView
from workbook.views.steps.start import StartView
from workbook.views.widgets.base import plain_text

TODAY = dt.date.today()


def _outcome(wb, **fields):
    fields.setdefault("description", "Still employed after 90 days")
    fields.setdefault("unit", "%")
    return wb.add(Outcome(**fields))


def test_notebook_is_thin(notebook_cells):
    """notebooks/10_outcomes.ipynb imports, builds and shows the view; nothing more."""
    nb = notebook_cells("10_outcomes")
    assert "OutcomesView.show(wb)" in "".join(c.source for c in nb.cells)


def test_standing_shows_every_outcome_and_flags_the_stale(wb):
    """The table lists every outcome; one unread for over 90 days is warned of in words."""
    fresh = _outcome(wb, target_value=75, benchmark_value=61)
    stale = _outcome(wb, description="Openings filled", unit="openings")
    wb.add(Reading(outcome_id=fresh.id, read_on=TODAY - dt.timedelta(days=5), value=70))
    wb.add(Reading(outcome_id=stale.id, read_on=TODAY - dt.timedelta(days=120), value=3))
    view = OutcomesView.show(wb)
    text = plain_text(view.standing.value)
    assert "Better than the benchmark" in text and "70%" in text
    assert "Openings filled has had no reading for 120 days" in text
    assert view.overall_chart.value == ""  # drawn when its section is opened
    view.overall_chart.open()
    assert "<img" in view.overall_chart.value and 'alt="Line charts of 2 outcomes' in \
        view.overall_chart.value


def test_typing_a_reading_stores_it_and_redraws(wb):
    """A reading typed for the picked outcome is stored, listed and drawn."""
    outcome = _outcome(wb, target_value=75)
    org = wb.add(Organisation(name="Kestrel Board"))
    view = OutcomesView.show(wb)
    view.outcome_picker.value = outcome.id
    view.outcome_chart.open()
    assert "<img" not in view.outcome_chart.value  # no reading yet: nothing drawn
    form = view.reading_form.inputs
    form["read_on"].value = TODAY - dt.timedelta(days=1)
    form["value"].value = "64.5"
    form["reported_by"].value = "Mei"
    view.reading_form.inputs["organisation_id"].value = org.id
    form["source"].value = "Wage records"
    view.save_reading_button.click()
    assert "saved: 64.5%" in view.status.text
    (reading,) = wb.readings(outcome.id)
    assert (reading.value, reading.reported_by, reading.organisation_id) == (64.5, "Mei", org.id)
    assert "Kestrel Board" in view.readings_table.value
    assert "<img" in view.outcome_chart.value
    assert form["value"].value == ""  # ready for the next reading


def test_a_reading_with_neither_value_nor_words_is_refused_under_the_field(wb):
    """The model's message shows under the value; nothing is stored."""
    outcome = _outcome(wb)
    view = OutcomesView.show(wb)
    view.outcome_picker.value = outcome.id
    view.reading_form.inputs["value"].value = "about 60"
    view.save_reading_button.click()
    assert "is not a number" in view.reading_form.error_text("value")
    view.reading_form.inputs["value"].value = ""
    view.save_reading_button.click()
    assert "Enter the value as a number" in view.reading_form.error_text("value")
    assert wb.readings() == []


def test_picking_an_indicator_fills_the_empty_fields(wb):
    """A common indicator fills description, measure, unit and direction; typed text stays."""
    view = OutcomesView.show(wb)
    form = view.editor.form.inputs
    form["measure"].value = "Our own words"
    form["indicator"].value = "time_to_fill"
    assert form["description"].value == "Time to fill an opening"
    assert form["measure"].value == "Our own words"
    assert (form["unit"].value, form["direction"].value) == ("days", "lower")
    assert "Employers feel a long vacancy" in view.indicator_note.value
    form["target_value"].value = "30"
    view.editor.save_button.click()
    (stored,) = wb.all(Outcome)
    assert (stored.indicator, stored.direction, stored.target_value) == ("time_to_fill",
                                                                         "lower", 30.0)
    assert [label for label, _ in view.outcome_picker.options] == ["Time to fill an opening"]


def test_sheet_import_previews_then_stores(wb):
    """Upload: every reading is listed; Import stores them; a bad sheet stores nothing."""
    _outcome(wb)
    view = OutcomesView.show(wb)
    rows = view.sheet.load("figures.csv", b"Date,Still employed after 90 days\n"
                                          b"2026-01-31,61\n2026-02-28,63%\n")
    assert [r.status for r in rows] == ["new", "new"]
    assert "2 new readings" in view.status.text and not view.sheet.import_button.disabled
    view.sheet.import_button.click()
    assert "Imported 2 readings" in view.status.text
    assert [r.value for r in wb.readings()] == [61.0, 63.0]
    bad = view.sheet.load("bad.csv", b"Date,Still employed after 90 days\nsoon,61\n")
    assert bad[0].status == "error" and view.sheet.import_button.disabled
    assert "is not a date" in view.sheet.preview_table.value
    view.sheet.load("worse.csv", b"Date,Apples\n2026-01-31,3\n")
    assert "'Apples' is not an outcome" in view.status.text


def test_sheet_import_asks_the_decimal_convention_and_says_how_it_read(wb):
    """Only '1.204'-style cells: the panel asks, Import waits; the answer re-previews.
    Quarters and markers are said in the notes."""
    _outcome(wb)
    view = OutcomesView.show(wb)
    view.sheet.load("eu.csv", b"Date;Still employed after 90 days\n2026-01-31;1.204\n")
    assert "decimal comma" in view.sheet.said.value and view.sheet.import_button.disabled
    view.sheet.decimal.value = "comma"
    assert not view.sheet.import_button.disabled
    assert [r.reading.value for r in view.sheet.rows] == [1204.0]
    view.sheet.decimal.value = None
    view.sheet.load("q.csv", b"Quarter,Still employed after 90 days\nPY2026 Q1,61\n"
                             b"PY2026 Q2,*\n")
    assert "September 30, 2026" in view.sheet.said.value and "(*)" in view.sheet.said.value
    view.sheet.import_button.click()
    assert [(r.read_on.isoformat(), r.value) for r in wb.readings()] == [("2026-09-30", 61.0)]


def test_win_with_a_name_needs_consent(wb):
    """A name without the consent day is refused under the name; with it, it is stored."""
    org = wb.add(Organisation(name="Brightwater Pumps"))
    view = OutcomesView.show(wb)
    panel = view.wins
    panel.form.inputs["won_on"].value = TODAY
    panel.form.inputs["description"].value = "Hired as a maintenance technician"
    panel.form.inputs["person_name"].value = "Marisol Vega"
    panel.partners.value = (org.id,)
    panel.save_button.click()
    assert "consent" in panel.form.error_text("person_name")
    assert wb.all(Win) == []
    panel.form.inputs["consent_on"].value = TODAY
    panel.save_button.click()
    (win,) = wb.all(Win)
    assert win.names_person and [o.name for o in wb.credited_partners(win.id)] == [
        "Brightwater Pumps"]
    assert "Marisol Vega" in panel.table.value and "Brightwater Pumps" in panel.table.value


def test_start_here_shows_progress_and_the_stale_flag(wb):
    """Start-here shows every outcome's standing and flags one never read."""
    _outcome(wb, description="Apprentices enrolled", unit="apprentices", target_value=30)
    view = StartView.show(wb)
    text = plain_text(view.progress.value)
    assert "Apprentices enrolled" in text and "No reading yet" in text
    assert "Apprentices enrolled has never been read" in text


def test_typed_text_is_escaped_in_the_view(wb):
    """Markup in an outcome or a reading comes out as text."""
    outcome = _outcome(wb, description="<img src=x onerror=alert(1)>")
    wb.add(Reading(outcome_id=outcome.id, read_on=TODAY, text="<b>bold</b>"))
    view = OutcomesView.show(wb)
    view.outcome_picker.value = outcome.id
    for markup in (view.standing.value, view.readings_table.value):
        assert "<img src=x" not in markup and "<b>bold" not in markup


def test_partnership_indicator_filled_from_momentum(demo_wb):
    """For the employer-seat outcome the form fills from the momentum figures, to check and
    save; other outcomes hide the button."""
    from workbook.analyses.progress import momentum_reading

    view = OutcomesView.show(demo_wb)
    seats = next(o for o in demo_wb.all(Outcome) if o.indicator == "employer_share")
    retention = next(o for o in demo_wb.all(Outcome) if o.indicator == "retained_90")
    view.outcome_picker.value = retention.id
    assert view.momentum_button.layout.display == "none"
    view.outcome_picker.value = seats.id
    assert view.momentum_button.layout.display is None
    before = len(demo_wb.readings(seats.id))
    view.momentum_button.click()
    expected = momentum_reading(demo_wb, "employer_share")
    assert float(view.reading_form.inputs["value"].value) == expected
    assert len(demo_wb.readings(seats.id)) == before  # nothing stored until Save
    view.save_reading_button.click()
    assert demo_wb.readings(seats.id)[-1].value == expected
    assert demo_wb.readings(seats.id)[-1].source == "The workbook's momentum figures"


def test_a_reading_is_corrected_or_removed(wb):
    """A mistyped reading is corrected in place, or removed; the list follows the outcome."""
    outcome = _outcome(wb)
    other = _outcome(wb, description="Openings filled", unit="openings")
    wb.add(Reading(outcome_id=outcome.id, read_on="2026-01-31", value=6.1))
    wb.add(Reading(outcome_id=other.id, read_on="2026-01-31", value=4))
    view = OutcomesView.show(wb)
    view.outcome_picker.value = outcome.id
    assert [label for label, _ in view.corrector.picker.options] == ["Jan 31, 2026: 6.1%"]
    view.corrector.form.inputs["value"].value = "61"
    view.corrector.save_button.click()
    assert [r.value for r in wb.readings(outcome.id)] == [61.0]
    view.remove_button.click()
    assert "Removed the reading of Jan 31, 2026" in view.status.text
    assert wb.readings(outcome.id) == [] and len(wb.readings(other.id)) == 1
    view.outcome_picker.value = other.id
    assert [label for label, _ in view.corrector.picker.options] == ["Jan 31, 2026: 4 openings"]


def test_a_win_is_corrected_removed_with_its_credits_and_undone(wb):
    """A win is corrected and removed from the view; the confirmation names the partner
    credited with it, nothing of it is left, and Undo brings both back."""
    org = wb.add(Organisation(name="Brightwater Pumps"))
    win = wb.add_win(Win(won_on=TODAY, description="Hird a welder"), [org.id])
    view = OutcomesView.show(wb)
    editor = view.wins.editor
    assert editor.entity_id == win.id
    editor.form.inputs["description"].value = "Hired a welder"
    editor.save_button.click()
    assert wb.get(Win, win.id).description == "Hired a welder"
    assert "Hired a welder" in view.wins.table.value
    editor.remove_button.click()
    assert "1 partner credited" in editor.confirm_text.value
    editor.confirm_button.click()
    assert wb.all(Win) == [] and wb.win_partner_rows() == []
    assert "Hired a welder" not in view.wins.table.value
    view.undo_button.click()  # asks first, naming the step
    view.undo_panel.confirm_button.click()
    assert [x.description for x in wb.all(Win)] == ["Hired a welder"]
    assert wb.win_partner_rows() == [(win.id, org.id)]
    assert "Hired a welder" in view.wins.table.value


def test_a_reading_removed_from_the_correction_panel_comes_back_with_undo(wb):
    """Remove… on a reading asks first, removes it, and Undo restores it."""
    outcome = _outcome(wb)
    wb.add(Reading(outcome_id=outcome.id, read_on="2026-01-31", value=6.1))
    view = OutcomesView.show(wb)
    view.outcome_picker.value = outcome.id
    view.corrector.remove_button.click()
    assert len(wb.readings(outcome.id)) == 1
    assert "January 31, 2026" in view.corrector.confirm_text.value
    view.corrector.confirm_button.click()
    assert wb.readings(outcome.id) == []
    view.undo_button.click()  # asks first, naming the step
    view.undo_panel.confirm_button.click()
    assert [r.value for r in wb.readings(outcome.id)] == [6.1]


def test_the_partners_credited_with_a_win_are_corrected_and_undone(wb):
    """The partners credited with a win are changed from the correction panel; Undo last
    change puts back the ones credited before."""
    first = wb.add(Organisation(name="Brightwater Pumps"))
    second = wb.add(Organisation(name="Harbour College"))
    win = wb.add_win(Win(won_on=TODAY, description="Hired a welder"), [first.id])
    view = OutcomesView.show(wb)
    wins = view.wins
    assert wins.fix_partners.value == (first.id,)
    wins.fix_partners.value = (second.id,)
    wins.credit_button.click()
    assert [o.name for o in wb.credited_partners(win.id)] == ["Harbour College"]
    assert "Harbour College" in wins.table.value
    view.undo_button.click()  # asks first, naming the step
    view.undo_panel.confirm_button.click()
    assert [o.name for o in wb.credited_partners(win.id)] == ["Brightwater Pumps"]
    assert wins.fix_partners.value == (first.id,)


def test_sheet_columns_are_mapped_in_the_panel_and_remembered_for_the_next_file(wb):
    """A column headed otherwise than the outcome: its picker says it is not mapped and
    Import waits; choosing the outcome previews again; the import remembers the choice, so
    next month's sheet with the same columns imports in one step, saying which remembered
    mapping it used; forgetting it asks again."""
    outcome = _outcome(wb)
    view = OutcomesView.show(wb)
    panel = view.sheet
    rows = panel.load("jan.csv", b"Period ending,Retention rate,Comments\n"
                                 b"2027-01-31,72.5,from the state\n")
    assert panel.pickers["Period ending"].value == "date"
    assert panel.pickers["Comments"].value == "note"
    assert panel.pickers["Retention rate"].value is None and not rows.ready
    assert panel.import_button.disabled
    panel.pickers["Retention rate"].value = f"outcome:{outcome.id}"
    assert panel.rows.ready and not panel.import_button.disabled
    assert [(r.reading.value, r.reading.note) for r in panel.rows] == [(72.5, "from the state")]
    panel.import_button.click()
    assert [r.value for r in wb.readings()] == [72.5]
    rows = panel.load("feb.csv", b"Period ending,Retention rate,Comments\n2027-02-28,73.1,\n")
    assert rows.ready and "jan.csv" in panel.remembered.value
    assert panel.pickers["Retention rate"].value == f"outcome:{outcome.id}"
    assert panel.forget_button.layout.display is None
    panel.forget_button.click()
    assert not panel.rows.ready and panel.pickers["Retention rate"].value is None
    assert panel.remembered.value == ""


def test_sheet_preview_shows_each_value_as_it_will_be_stored(wb):
    """A decimal comma ("72,5") shows as the number stored (72.5), saying a decimal comma
    was read; a plain value shows as it is."""
    from workbook.views.widgets.base import plain_text

    _outcome(wb)
    view = OutcomesView.show(wb)
    rows = view.sheet.load("eu.csv", b"Date;Still employed after 90 days\n2026-01-31;72,5\n"
                                     b"2026-02-28;61\n")
    assert [r.reading.value for r in rows] == [72.5, 61.0]
    table = plain_text(view.sheet.preview_table.value)
    assert "72.5 (written “72,5”, read with a decimal comma)" in table
    assert "61" in table and "written “61”" not in table
