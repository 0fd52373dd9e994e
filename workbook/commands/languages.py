"""``workbook languages``: the languages a partnership's partners need, and each partner
organization's own (schema 14).

    workbook languages data/demo.sqlite                       # list them
    workbook languages data/demo.sqlite --set en,es           # English first, then Spanish
    workbook languages data/demo.sqlite --partner "Centro Latino=es" --partner "Harbor Tech="

``--json`` prints ``{"languages": [...], "available": [...], "organisations": [{"id",
"name", "language"}]}`` (``language`` null: the partnership's main language).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..errors import NotFoundError, Sentence, ValidationError
from ..i18n import N_, _, available_languages, format_list, language_name
from ..model import Organisation
from ..model.partnership import check_languages
from ..store import Workbook
from . import add_target, opened, target_of

__all__ = ["languages", "languages_report", "register"]


def register(subparsers: Any) -> None:
    """Add ``languages`` to the ``workbook`` parser."""
    p = subparsers.add_parser(
        "languages", help=_("list or set the languages the partners need"),
        description=_("List the languages the partnership's partners need (the first is its "
                      "main language: summaries and packets are written in each) and the "
                      "language of each partner organization (its follow-up e-mail is written "
                      "in it). --set and --partner change them, as one step Undo takes back."))
    add_target(p)
    p.add_argument("--set", metavar="CODES", default=None,
                   help=_("the partnership's languages, comma-separated, main one first "
                          "(choices: {codes})").format(codes=", ".join(available_languages())))
    p.add_argument("--partner", metavar="NAME=CODE", action="append", default=[],
                   help=_("an organization's language (empty after = : the main language); "
                          "may be repeated"))
    p.add_argument("--json", action="store_true", help=_("print one JSON object instead"))
    p.set_defaults(func=languages)


def _partner_setting(wb: Workbook, text: str) -> tuple[Organisation, str | None]:
    name, sep, code = text.partition("=")
    if not sep:
        raise ValidationError("partner", text, Sentence(N_(
            "The partner setting {value} has no equals sign. Write the organization's name, "
            "an equals sign and a language code, for example \"Centro Latino=es\".")))
    wanted = name.strip().casefold()
    found = [o for o in wb.all(Organisation) if o.name.casefold() == wanted]
    if not found:
        raise NotFoundError("partner", name.strip(), Sentence(N_(
            "There is no organization called {value} in this workbook. Write its name as "
            "the partners list shows it.")))
    return found[0], code.strip().lower() or None


def languages_report(wb: Workbook) -> dict[str, Any]:
    """What ``--json`` prints: the partnership's languages, the ones there are, and each
    organization's own."""
    return {"languages": list(wb.partnership.languages),
            "available": available_languages(),
            "organisations": [{"id": o.id, "name": o.name, "language": o.language}
                              for o in sorted(wb.all(Organisation),
                                              key=lambda o: o.name.casefold())]}


def languages(args: argparse.Namespace) -> None:
    changing = args.set is not None or args.partner
    with opened(target_of(args), daily_backup=bool(changing)) as wb:
        if changing:
            with wb.change(_("Set the partners' languages")):
                if args.set is not None:
                    wb.update_partnership(languages=check_languages(args.set))
                for text in args.partner:
                    org, code = _partner_setting(wb, text)
                    wb.update(Organisation, org.id, {"language": code})
        report = languages_report(wb)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    names = [language_name(c) for c in report["languages"]]
    print(_("Languages the partners need: {languages}. Summaries and packets are written "
            "in each; the main one is {main}.").format(languages=format_list(names),
                                                       main=names[0]))
    for org in report["organisations"]:
        if org["language"]:
            print(_("{organization} reads {language}.").format(
                organization=org["name"], language=language_name(org["language"])))
