"""``workbook info`` counts the meeting itself: timed items, decisions, evaluations, reviews."""

from __future__ import annotations

import json

from workbook import cli


def test_cli_info_json_counts_the_meeting_room(demo_path, capsys):
    """The demo's timed items, decisions, evaluation answers and reviewed actions are counted."""
    assert cli.main(["info", str(demo_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["timed_items"], data["decisions"], data["evaluations"],
            data["carried_over"]) == (8, 13, 13, 4)


def test_cli_info_human_line_for_the_meeting_room(demo_path, capsys):
    """The plain summary has one line for what happened in the room."""
    assert cli.main(["info", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert ("8 timed items, 13 decisions, 4 actions carried over, 13 evaluations") in out
