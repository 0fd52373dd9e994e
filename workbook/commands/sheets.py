"""Commands for the files partners send: ``import-sheet`` (programs into the resource map)
and ``import-attendance`` (a Zoom or Teams report into a meeting's attendance)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from ..errors import ImportFileError, Sentence
from ..i18n import N_, _, format_date, ngettext
from . import opened

__all__ = ["read_upload", "register"]


def register(subparsers: Any) -> None:
    """Add ``import-sheet`` and ``import-attendance`` to the ``workbook`` parser."""
    p = subparsers.add_parser(
        "import-sheet", help=_("preview or import a sheet of programs into the resource map"),
        description=_("Read a CSV, text, .xlsx, .xlsm, .xls or .ods sheet of programs, funds or "
                      "services and show what each row would become (added, already on the "
                      "map, refused and why). Nothing is stored without --yes."))
    p.add_argument("path", metavar="WORKBOOK", help=_("the workbook file"))
    p.add_argument("file", metavar="FILE", help=_("the sheet to read"))
    p.add_argument("--sheet", help=_("the sheet of a workbook file to read (default: the "
                                     "active visible one)"))
    p.add_argument("--header-row", type=int, metavar="N",
                   help=_("the row holding the column names, as the sheet numbers it"))
    p.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                   help=_("fill FIELD from COLUMN (repeatable); '=FIELD' leaves FIELD unfilled"))
    p.add_argument("--encoding", help=_("the text file's encoding, e.g. utf-8, cp1252, "
                                        "mac_roman (default: detected)"))
    p.add_argument("--date-order", choices=("mdy", "dmy"),
                   help=_("how to read dates like 03/04/2026 when the sheet does not show it"))
    p.add_argument("--new-owners", choices=("ask", "add", "blank"), default="ask",
                   help=_("owners not in the workbook: refuse their rows (ask), add them as "
                          "new organizations (add), or leave the owner blank (blank)"))
    p.add_argument("--partner-type", help=_("the partner type of organizations added with "
                                            "--new-owners add, e.g. semi_public"))
    p.add_argument("--value", action="append", default=[], metavar="FIELD:VALUE=CHOICE",
                   help=_("read VALUE in FIELD (resource_kind or status) as CHOICE for the "
                          "whole file, e.g. 'resource_kind:Fund=funding' (repeatable)"))
    p.add_argument("--keep-in-notes", action="append", default=[], metavar="COLUMN",
                   help=_("add an unmapped COLUMN's cells to each entry's notes (repeatable; "
                          "'*' for every unmapped column)"))
    p.add_argument("--forget-layout", action="store_true",
                   help=_("do not use (and forget) the mapping remembered for this layout"))
    p.add_argument("--yes", action="store_true", help=_("import the new entries"))
    p.add_argument("--json", action="store_true", help=_("print the preview as one JSON object"))
    p.set_defaults(func=import_sheet)

    p = subparsers.add_parser(
        "import-attendance", help=_("take a meeting's attendance from an attendee list"),
        description=_("Read an attendee list (a Zoom participant or webinar report, a Teams or "
                      "Google Meet attendance report, a Webex list, a sign-in form or an "
                      "Eventbrite export; CSV, text or Excel) and match its names to the "
                      "workbook's people: exactly (after normalization, or by e-mail), "
                      "closely (to confirm) or not at all (new). "
                      "Nothing is recorded without --yes; with --yes the exact matches are "
                      "marked present, and the close ones and new people only when asked."))
    p.add_argument("path", metavar="WORKBOOK", help=_("the workbook file"))
    p.add_argument("meeting", metavar="MEETING", type=int, help=_("the meeting's id"))
    p.add_argument("file", metavar="FILE", help=_("the report to read"))
    p.add_argument("--accept-close", action="store_true",
                   help=_("also mark the close matches present, as the people they resemble"))
    p.add_argument("--add-new", action="store_true",
                   help=_("add the names matching nobody as new people and mark them present"))
    p.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                   help=_("read COLUMN as FIELD: name, first_name, last_name, email or attended "
                          "(repeatable), for a list whose titles are not recognized; "
                          "remembered for lists with the same columns"))
    p.add_argument("--forget-layout", action="store_true",
                   help=_("do not use (and forget) the mapping remembered for these columns"))
    p.add_argument("--yes", action="store_true", help=_("record the attendance"))
    p.add_argument("--json", action="store_true",
                   help=_("print one JSON object with matched, close and new"))
    p.set_defaults(func=import_attendance)


def read_upload(path: str, limit: int) -> bytes:
    """The bytes of the file a command names; ImportFileError if it cannot be read."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if not file.is_file():
            raise ImportFileError(Sentence(N_(
                "{path} is not a file. Name the sheet or report to read."), path=path))
        if size > limit:
            raise ImportFileError(Sentence(N_(
                "{path} is {size} MB, over the limit of {limit} MB. Split it into smaller "
                "files."), path=path, size=f"{size / 1e6:.1f}", limit=f"{limit / 1e6:.0f}"))
        return file.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(Sentence(N_(
            "No file at {path}. Check the path and the file name."), path=path)) from None
    except OSError as exc:
        raise ImportFileError(Sentence(N_(
            "{path} could not be read ({problem}). Check it is not open elsewhere and that "
            "you may read it."), path=path, problem=exc.strerror or exc)) from None


def _mapping(pairs: list[str]) -> dict[str, str | None] | None:
    from ..interchange.sheets import FIELDS

    if not pairs:
        return None
    mapping: dict[str, str | None] = {}
    for pair in pairs:
        column, sep, fld = pair.rpartition("=")
        fld = fld.strip()
        if not sep or fld not in FIELDS:
            raise ImportFileError(Sentence(N_(
                "--map {pair} is not COLUMN=FIELD with one of the fields {fields}."),
                pair=repr(pair), fields=", ".join(FIELDS)))
        mapping[fld] = column.strip() or None
    return mapping


def _values(pairs: list[str]) -> dict[str, dict[str, str]] | None:
    if not pairs:
        return None
    chosen: dict[str, dict[str, str]] = {}
    for pair in pairs:
        fld, colon, rest = pair.partition(":")
        value, equals, choice = rest.rpartition("=")
        if not colon or not equals or fld not in ("resource_kind", "status") \
                or not value.strip():
            raise ImportFileError(Sentence(N_(
                "--value {pair} is not FIELD:VALUE=CHOICE with FIELD resource_kind or status, "
                "e.g. resource_kind:Fund=funding."), pair=repr(pair)))
        chosen.setdefault(fld, {})[value.strip()] = choice.strip()
    return chosen


SHOWN_CHARS = 120
"""Characters of a cell the text preview shows; the rest is cut with an ellipsis."""


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 1] + "\u2026"


_HOW = {"sure": N_("sure"), "likely": N_("likely"), "weak": N_("weak guess"),
        "remembered": N_("remembered"), "chosen": N_("chosen"), "": N_("guessed")}
"""How a field's column was settled (``--json``'s ``mapped_how`` values), for people."""

_OUTCOME_WORDS = {"added": N_("added"), "already on the map": N_("already on the map"),
                  "refused": N_("refused")}
"""The preview's outcomes (``--json`` values, English) as the human lines say them."""


def _outcome(code: str) -> str:
    return _(_OUTCOME_WORDS[code]) if code in _OUTCOME_WORDS else code


def _row_line(row: dict[str, Any]) -> str:
    values = "; ".join(f"{k}={_short(v)}" for k, v in row["values"].items() if v)
    line = _("  row {row}  {outcome}  {values}").format(
        row=f"{row['row']:>5}", outcome=f"{_outcome(row['outcome']):<18}", values=values)
    if not row["message"]:
        return line
    return _("{line}  -- {message}").format(line=line, message=row["message"])


def _preview_lines(data: dict[str, Any]) -> list[str]:
    from ..interchange.sheet_text import encoding_label

    lines = [_("File: {file}").format(file=data["file"])]
    if data["encoding"]:
        values = {"name": encoding_label(data["encoding"]), "code": data["encoding"]}
        lines.append((_("Encoding: {name} [{code}]") if data["encoding_certain"] else
                      _("Encoding: {name} [{code}]  (uncertain: choose with --encoding)")
                      ).format(**values))
    if data["sheet"]:
        others = [s for s in data["sheets"] if s != data["sheet"]]
        lines.append((_("Sheet: {sheet}  (others: {others})") if others else
                      _("Sheet: {sheet}")).format(sheet=data["sheet"],
                                                  others=", ".join(others)))
    lines.append(_("Header row: {row}").format(row=data["header_row"]))
    if data["remembered"]:
        lines.append(_remembered_line(data["remembered"]))
    # The field stays its code: it is what --map takes.
    lines.append(_("Mapping: {pairs}").format(pairs=", ".join(
        _("{field} <- {column} ({how})").format(
            field=f, column=c, how=_(_HOW.get(data["mapped_how"].get(f, ""), _HOW[""])))
        for f, c in data["mapping"].items() if c)))
    if data["unmapped_columns"]:
        lines.append(_("Not mapped (keep with --keep-in-notes COLUMN, or map with --map): "
                       "{columns}").format(columns=", ".join(data["unmapped_columns"])))
    if data["respondent_columns"]:
        lines.append(_("About the respondent (never guessed): {columns}").format(
            columns=", ".join(data["respondent_columns"])))
    counts = data["counts"]
    lines.append(_("Rows: {counts}").format(counts=", ".join(
        _("{outcome}: {count}").format(outcome=_outcome(k), count=n)
        for k, n in counts.items())))
    lines += [_row_line(r) for r in data["rows"]]
    lines += [_("  row {row}  skipped             -- {reason}").format(
        row=f"{s['row']:>5}", reason=s["reason"]) for s in data["skipped_rows"]]
    for question in data["questions"]:
        if not question["blocking"]:
            lines.append((_("Suggestion: {message} (suggested: --map {column}={field})")
                          if question["suggested"] else _("Suggestion: {message}")).format(
                message=question["message"], column=repr(question["suggested"]),
                field=question["field"]))
    for problem in data["problems"]:
        asked = next((q for q in data["questions"] if q["message"] == problem), None)
        lines.append((_("To decide: {problem} Use --map COLUMN={field}, or --map ={field} to "
                        "leave it unmapped.") if asked is not None else
                      _("To decide: {problem}")).format(
            problem=problem, field=asked["field"] if asked is not None else ""))
    return lines


def _remembered_line(remembered: dict[str, Any]) -> str:
    day = format_date(dt.date.fromisoformat(remembered["confirmed_at"][:10]))
    if remembered["file"]:
        return _("Remembered: the mapping confirmed on {day} with {file} is used (change it "
                 "with --map, or --forget-layout)").format(day=day, file=remembered["file"])
    return _("Remembered: the mapping confirmed on {day} with an earlier file is used (change "
             "it with --map, or --forget-layout)").format(day=day)


def import_sheet(args: argparse.Namespace) -> None:
    from ..interchange import sheets

    data = read_upload(args.file, sheets.MAX_BYTES)
    options = sheets.SheetOptions(
        sheet=args.sheet, header_row=args.header_row, mapping=_mapping(args.map),
        encoding=args.encoding, date_order=args.date_order, new_owners=args.new_owners,
        partner_type=args.partner_type, values=_values(args.value),
        keep_in_notes=tuple(args.keep_in_notes), remember=not args.forget_layout)
    with opened(args.path, daily_backup=args.yes) as wb:
        preview = sheets.preview_sheet(wb, Path(args.file).name, data, options)
        if args.forget_layout:
            from ..interchange.sheet_memory import forget_layout

            forget_layout(wb, preview.file.frame.columns)
        result = preview.to_json()
        if args.yes:
            done = sheets.import_sheet(wb, preview)
            result["imported"] = {"entries": len(done.stored), "skipped": done.skipped,
                                  "organisations": [o.name for o in done.organisations]}
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    print("\n".join(_preview_lines(result)))
    if args.yes:
        added = result["imported"]
        if added["organisations"]:
            print(_("Imported {count} entries and {new} new organizations.").format(
                count=added["entries"], new=len(added["organisations"])))
        else:
            print(ngettext("Imported {count} entry.", "Imported {count} entries.",
                           added["entries"]).format(count=added["entries"]))
    else:
        print(_("Nothing stored: run again with --yes to import."))


def _people_mapping(pairs: list[str]) -> dict[str, str | None] | None:
    from ..interchange.attendance import FIELDS

    if not pairs:
        return None
    mapping: dict[str, str | None] = {}
    for pair in pairs:
        column, sep, fld = pair.rpartition("=")
        if not sep or fld.strip() not in FIELDS or not column.strip():
            raise ImportFileError(_("--map {pair} is not COLUMN=FIELD with one of the fields "
                                    "{fields}.").format(pair=repr(pair),
                                                        fields=", ".join(FIELDS)))
        mapping[fld.strip()] = column.strip()
    return mapping


def import_attendance(args: argparse.Namespace) -> None:
    from ..interchange import attendance
    from ..interchange.attendance_tables import source_title

    data = read_upload(args.file, attendance.MAX_BYTES)
    with opened(args.path, daily_backup=args.yes) as wb:
        from ..model import Meeting

        meeting = wb.get(Meeting, args.meeting)
        if args.forget_layout:
            attendance.forget_report_layout(wb, Path(args.file).name, data)
        try:
            report = attendance.read_report(Path(args.file).name, data, wb=wb,
                                            mapping=_people_mapping(args.map),
                                            remember=not args.forget_layout)
        except ImportFileError as exc:
            columns = attendance.report_columns(Path(args.file).name, data)
            if not columns:
                raise
            raise ImportFileError(_("{problem} Its columns: {columns}. If it is a list of "
                                    "people, name them with --map COLUMN=FIELD (fields: "
                                    "{fields}).").format(
                problem=exc, columns=", ".join(repr(c) for c in columns[:20]),
                fields=", ".join(attendance.FIELDS))) from None
        preview = attendance.match_report(wb, report)
        result = preview.to_json()
        result["meeting"] = args.meeting
        if args.yes:
            done = attendance.import_attendance(wb, args.meeting, preview,
                                                accept_close=args.accept_close,
                                                add_new=args.add_new,
                                                remember=not args.forget_layout)
            result["recorded"] = {"present": len(done.present),
                                  "added": [p.name for p in done.added]}
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    print(_("Report from {source} for meeting {meeting} ({day}):").format(
        source=source_title(result["source"]), meeting=meeting.id,
        day=format_date(meeting.held_on)))
    if report.remembered is not None:
        print(_("Remembered: {sentence}").format(sentence=report.remembered.describe()))
    for item in result["matched"]:
        print(_("  matched  {reported}  ->  {person}").format(**item))
    for item in result["close"]:
        print(_("  close    {reported}  ~  {person} ({score}): confirm with --accept-close"
                ).format(reported=item["reported"], person=item["person"],
                         score=f"{item['score']:.0f}"))
    for item in result["new"]:
        print(_("  new      {reported}: add with --add-new").format(reported=item["reported"]))
    for item in result["left_out"]:
        print(_("  left out {reported}: {reason}").format(reported=item["reported"],
                                                         reason=item["reason"]))
    if args.yes:
        recorded = result["recorded"]
        if recorded["added"]:
            print(_("Recorded {present} present, {added} added as new people.").format(
                present=recorded["present"], added=len(recorded["added"])))
        else:
            print(_("Recorded {present} present.").format(present=recorded["present"]))
    else:
        print(_("Nothing recorded: run again with --yes."))
