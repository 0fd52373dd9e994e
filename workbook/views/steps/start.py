"""Step 0, start here: open or create a workbook, see where the partnership stands, go on.

The view works on ``self.wb``, which opening or creating another workbook replaces (the
one it opened before is closed). Where the partnership stands: its name, phase, the last
and the next meeting, open and overdue actions, and the momentum warnings when the
analyses provide them. Links lead to the other steps' notebooks. The partnership's own
details are edited here too, with a check that nobody changed them meanwhile.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as w

from ... import reference
from ...analyses.counts import status_counts
from ...analyses.evaluation import evaluation_line
from ...errors import RequiredError, WorkbookError, WorkbookExistsError
from ...i18n import (
    N_,
    _,
    available_languages,
    default_language,
    format_date,
    format_number,
    language_name,
    pgettext,
    save_facilitator_language,
    set_default_language,
)
from ...model import Entity, Meeting, Partnership, current_meeting, next_meeting
from ...model.slugs import slug
from ...store import Workbook
from ...store.current import (
    Target,
    choose,
    describe,
    project_root,
    recent_targets,
    resolve_typed,
)
from ...store.postgres import DbTarget
from ..widgets.base import View, heading
from ..widgets.editing import EditPanel
from ..widgets.forms import EntityForm
from ..widgets.momentum_out import momentum_parts, warnings_html
from ..widgets.progress_out import progress_html
from ..widgets.session import env_override, open_target, remember_current
from .next_meeting_panel import NextMeetingPanel, next_meeting_text

__all__ = ["MEETING_MODE", "NOTEBOOKS", "StartView", "meeting_mode_href"]

NOTEBOOKS: tuple[tuple[str, str, str], ...] = (
    ("01_kickoff.ipynb", N_("Kickoff"),
     N_("Start a meeting with its objective, take attendance, and note what each "
        "partner brings and needs.")),
    ("02_naming.ipynb", N_("Naming"),
     N_("Collect name ideas, run a dot vote and record the chosen name.")),
    ("03_resource_map.ipynb", N_("Resource map"),
     N_("List the programs, funds and policies that already exist, or import them from "
        "a sheet.")),
    ("04_problem_framing.ipynb", N_("Problem framing"),
     N_("Ask why until the root causes show, then attach solutions to them.")),
    ("05_partners.ipynb", N_("Partners"),
     N_("Profiles, comparison, capacity self-assessment and health checks.")),
    ("06_action_plan.ipynb", N_("Action plan"),
     N_("Who does what by when; overdue items stand out.")),
    ("07_lifecycle.ipynb", N_("Lifecycle"),
     N_("The current phase, its checklist and the momentum warnings.")),
    ("08_meeting_summary.ipynb", N_("Meeting summary"),
     N_("What a meeting decided, ready to share with the partners.")),
    ("09_remote_participants.ipynb", N_("Remote participants"),
     N_("Invite partners from afar with a link, then take in the files they send back.")),
    ("10_outcomes.ipynb", N_("Outcomes and wins"),
     N_("Read each outcome against its benchmark and target, and tell the partnership's "
        "wins.")),
    ("11_portfolio.ipynb", N_("Portfolio"),
     N_("Every partnership you may see, with its phase, meetings, warnings and actions.")),
    ("12_meeting.ipynb", N_("Meeting"),
     N_("The whole meeting on one screen: the agenda beside the item at hand, the clock "
        "on top.")),
)
"""(file, title, what it is for) of every other notebook, in the order of a meeting."""

MEETING_MODE = "voila/render/notebooks/12_meeting.ipynb"
"""The meeting notebook as an app (Voila inside the lab): no code, no menus, no tabs."""


def meeting_mode_href(env: Mapping[str, str] = os.environ) -> str:
    """The address of meeting mode on the server the notebooks run on.

    ``/voila/render/...`` under ``make run``; under JupyterHub or Binder the server's own
    prefix (``JUPYTERHUB_SERVICE_PREFIX``, e.g. ``/user/ana/``) comes first.
    """
    prefix = env.get("JUPYTERHUB_SERVICE_PREFIX") or "/"
    return prefix.rstrip("/") + "/" + MEETING_MODE


def meeting_mode_html(env: Mapping[str, str] = os.environ) -> str:
    """A large link that opens meeting mode in a tab of its own."""
    href = html.escape(meeting_mode_href(env), quote=True)
    return (f'<p><a href="{href}" target="_blank" rel="noopener" class="pwb-big-link" '
            'style="display:inline-block;font-size:20px;font-weight:700;padding:8px 16px;'
            'border:3px solid #0b4f9c;border-radius:6px;color:#0b4f9c;'
            'text-decoration:underline">'
            + html.escape(_("▶ Open the meeting on the projector (meeting mode)"))
            + "</a></p><p>"
            + html.escape(_("It opens in a tab of its own, without code, menus or tabs: the "
                            "agenda, the item at hand and the clock."))
            + "</p>")


PARTNERSHIP_FIELDS = ["working_title", "sector", "region", "intermediary", "vision",
                      "shared_goals"]


def _display_name(entity: Entity) -> str:
    return entity.display_name if isinstance(entity, Partnership) else entity.kind


class StartView(View):
    """Open or create a workbook; where the partnership stands; links to the steps.

    What is opened or created here becomes the project's current partnership
    (``store/current.py``), which every other notebook opens the next time it runs. Paths
    typed here are read from the project's root (``root``; by default the project the
    notebook runs in), never from ``notebooks/``.
    """

    title = N_("Start here")

    def __init__(self, wb: Workbook, *, root: Path | None = None) -> None:
        self.root = project_root(root)
        super().__init__(wb)

    def build(self) -> w.Widget:
        self._owned: Workbook | None = None  # a workbook this view opened, closed on switch
        style = {"description_width": "11em"}
        self.path = w.Text(description=_("Workbook file"), style=style,
                           value=self._shown_path(self.wb), continuous_update=False,
                           layout=w.Layout(width="50em"),
                           placeholder=_("for example data/our-partnership.sqlite"))
        self.open_button = w.Button(description=pgettext("button", "Open"), icon="folder-open")
        self.new_form = EntityForm(self.wb, Partnership, ["working_title", "sector", "region"])
        self.create_button = w.Button(description=_("Create a new workbook"), icon="plus",
                                      button_style="primary")
        self.recent = w.Dropdown(description=_("Chosen before"), style=style, options=[],
                                 layout=w.Layout(width="50em"))
        self.recent_button = w.Button(description=_("Open the one chosen before"),
                                      icon="history")
        self.db_url = w.Text(description=_("Database"), style=style, continuous_update=False,
                             layout=w.Layout(width="50em"),
                             placeholder=_("postgresql://you@dbhost/partnerships"))
        self.db_slug = w.Text(description=_("Partnership"), style=style,
                              continuous_update=False, layout=w.Layout(width="30em"),
                              placeholder=_("its short name, e.g. riverside"))
        self.db_button = w.Button(description=_("Open the database partnership"),
                                  icon="database")
        self.on_click(self.open_button, self.open_workbook)
        self.on_click(self.create_button, self.create_workbook)
        self.on_click(self.recent_button, self.open_recent)
        self.on_click(self.db_button, self.open_database)

        self.language = w.Dropdown(
            options=[(language_name(c), c) for c in available_languages()],
            value=default_language() if default_language() in available_languages() else "en",
            description=_("Language · Idioma"), style=style, layout=w.Layout(width="24em"))
        self.observe(self.language, lambda change: self.choose_language(change.new),
                     feedback_here=True)
        self.standing = w.HTML()
        self.progress = w.HTML()
        self.links = w.HTML()
        self.meeting_link = w.HTML(meeting_mode_html())
        self.editor = EditPanel(self, Partnership, PARTNERSHIP_FIELDS,
                                labels={"shared_goals": _("Shared goals (one per line)")},
                                update=self._update_partnership,
                                label=lambda p: _("the partnership {display_name}").format(
                                    display_name=_display_name(p)))
        self.editor.load(1)
        self.next_meeting = NextMeetingPanel(self)
        self.refresh()
        return w.VBox([
            self.language,
            heading(_("Where the partnership stands"), 3), self.standing,
            heading(_("Run a meeting"), 3), self.meeting_link,
            self.next_meeting.widget,
            heading(_("Progress on our outcomes"), 3), self.progress,
            heading(_("The steps"), 3), self.links,
            heading(_("The partnership"), 3), self.editor.widget,
            heading(_("Another partnership"), 3),
            w.HTML(_("<p>The partnership you open or create here is the one every notebook "
                   "of this project opens (run a notebook again to switch it over). Type "
                   "a workbook file, from the project folder (for example "
                   "<code>data/riverside.sqlite</code>), and press Open; or add a working "
                   "title, sector and region and press Create to start a new one there.</p>")),
            self.path, self.open_button, self.new_form.widget, self.create_button,
            w.HTML(_("<p>Or open one chosen before:</p>")),
            w.HBox([self.recent, self.recent_button]),
            w.HTML(_("<p>Or a partnership in your board's database (its address and the "
                   "partnership's short name):</p>")),
            self.db_url, self.db_slug, self.db_button])

    # -- the facilitator's language --------------------------------------------------------

    def choose_language(self, code: str) -> None:
        """Keep ``code`` as the facilitator's language for every notebook from now on."""
        try:
            chosen = save_facilitator_language(code)
        except OSError as exc:
            chosen = set_default_language(code)
            self.status.warn(_("{language} applies to this notebook only: the setting could "
                               "not be kept ({problem}).").format(
                language=language_name(chosen), problem=exc.strerror or exc))
            return
        self.status.ok(_("{language} is now the language of the notebooks. Run each open "
                         "notebook again to see it in {language}.").format(
            language=language_name(chosen)))

    # -- another workbook ---------------------------------------------------------------

    def _shown_path(self, wb: Workbook) -> str:
        """The workbook's file as the path box shows it: from the project root if inside."""
        if wb.path is None:
            return ""
        full = Path(wb.path).resolve()
        try:
            return full.relative_to(self.root).as_posix()
        except ValueError:
            return str(full)

    def _typed_path(self) -> Path:
        typed = self.path.value.strip()
        if not typed:
            raise RequiredError(_("workbook file"), typed,
                                _("Type where the workbook file is, e.g. data/ours.sqlite."))
        return resolve_typed(typed, self.root)

    def _new_path(self, title: str) -> Path:
        """Where a new workbook goes: the typed file, unless the box still shows the open
        workbook (or nothing): then ``data/<title>.sqlite``, numbered if taken. Raises
        ``WorkbookExistsError`` for a typed file that exists (it is never replaced here)."""
        typed = self.path.value.strip()
        if typed and typed != self._shown_path(self.wb):
            path = resolve_typed(typed, self.root)
            if path.exists():
                raise WorkbookExistsError(_(
                    "{path} already exists, so nothing was created. Type a new file name "
                    "under Workbook file, or press Open to open that one.").format(path=path))
            return path
        stem = slug(title, fallback="partnership")
        path = self.root / "data" / f"{stem}.sqlite"
        number = 2
        while path.exists():
            path = self.root / "data" / f"{stem}-{number}.sqlite"
            number += 1
        return path

    def open_workbook(self) -> None:
        """Open the workbook file typed in the path box and make it the current one (on
        a disk too full for the day's backup it opens all the same, and says so)."""
        from ..widgets.session import open_despite_full_disk

        opened = self.run(lambda: open_despite_full_disk(self._typed_path()),
                          check_current=False,
                          done=lambda found: _("Opened {path}. {found}").format(
                              path=found[0].path, found=found[1]).strip())
        if opened is not None:
            wb, notice = opened
            self.switch_to(wb)
            if notice:
                self.status.warn(_("Opened {path}. {notice}").format(path=wb.path, notice=notice))

    def create_workbook(self) -> None:
        """Create a new workbook at the typed path (never over an existing file)."""
        values = self.new_form.values()

        def create() -> Workbook:
            partnership = Partnership(**values)  # its own refusals come first
            path = self._new_path(partnership.working_title)
            path.parent.mkdir(parents=True, exist_ok=True)
            return Workbook.create(path, partnership)

        created = self.run(create, check_current=False,
                           done=lambda wb: _("Created {path} for {values}.").format(
                               path=wb.path, values=values['working_title']),
                           form=self.new_form)
        if created is not None:
            self.new_form.clear()
            self.switch_to(created)

    def open_recent(self) -> None:
        """Open the workbook picked in the list of those chosen before."""
        target = self.recent.value
        if target is None:
            self.status.error(_("No workbook was chosen before in this project yet."))
            return
        opened = self.run(lambda: open_target(target), check_current=False,
                          done=lambda wb: _("Opened {describe}.").format(describe=describe(target)))
        if opened is not None:
            self.switch_to(opened)

    def open_database(self) -> None:
        """Open the partnership typed under Database and Partnership."""
        def target() -> DbTarget:
            url, slug = self.db_url.value.strip(), self.db_slug.value.strip()
            if not url:
                raise RequiredError("database", url, _("Type the database's address, e.g. "
                                    "postgresql://you@dbhost/partnerships."))
            if not slug:
                raise RequiredError("partnership", slug,
                                    _("Type the partnership's short name, e.g. riverside."))
            return DbTarget(url, slug)

        opened = self.run(lambda: open_target(target()), check_current=False,
                          done=lambda wb: _("Opened {where}.").format(where=wb.where))
        if opened is not None:
            self.switch_to(opened)

    def switch_to(self, wb: Workbook) -> None:
        """Show ``wb`` from now on and make it the project's current partnership; close
        the workbook this view had opened before."""
        target: Target = wb.db if wb.db is not None else Path(wb.path or "").resolve()
        previous, self.wb = self._owned, wb
        self._owned = wb
        if previous is not None and previous is not wb:
            previous.close()
        self.path.value = self._shown_path(wb)
        self.new_form.wb = wb
        self.editor.refresh_options()
        self.editor.load(1)
        where = self.run(lambda: choose(self.root, target), check_current=False,
                         done=lambda _where: (
                             _("{describe} is now the current partnership: every notebook of "
                               "this project opens it the next time it runs.").format(
                                   describe=describe(target))))
        remember_current(wb, self.root, target)
        self.update_context()
        overridden = env_override()
        if where is not None and overridden:
            self.status.warn(
                _("Opened {describe} here, but this JupyterLab was started with {overridden} "
                  "set, so the other notebooks keep opening what {overridden} names. Restart "
                  "JupyterLab without it to use the partnership chosen here.").format(
                      describe=describe(target), overridden=overridden))

    def close(self) -> None:
        super().close()
        if self._owned is not None:
            self._owned.close()
            self._owned = None

    # -- the partnership ----------------------------------------------------------------

    def _update_partnership(self, _id: int, changes: dict[str, Any],
                            expected: dict[str, Any]) -> Partnership:
        return self.wb.update_partnership(changes, expected=expected)

    # -- where it stands --------------------------------------------------------------------

    def _links_html(self) -> str:
        items = "".join(f'<li><a href="{html.escape(file)}">{html.escape(_(title))}</a>: '
                        f"{html.escape(_(text))}</li>" for file, title, text in NOTEBOOKS)
        here = (self.wb.where if self.wb.db is not None else
                str(Path(self.wb.path).resolve()) if self.wb.path else _("(in memory)"))
        return (_("<ol>{items}</ol><p>Each notebook opens the current partnership: "
                  "<code>{here}</code>.</p>").format(items=items, here=html.escape(here)))

    def meetings(self, today: dt.date) -> tuple[Meeting | None, Meeting | None]:
        """(the meeting held or last held by today, the next planned one)."""
        everything = self.wb.all(Meeting)
        return current_meeting(everything, today), next_meeting(everything, today)

    def warnings(self, today: dt.date) -> list[str]:
        """Plain momentum warnings from the analyses; none while they are not available."""
        parts = momentum_parts(self.wb, today=today)
        return parts[1] if parts is not None else []

    def refresh(self) -> None:
        today = dt.date.today()
        partnership = self.wb.partnership
        counts = status_counts(self.wb, today=today)
        last, upcoming = self.meetings(today)
        phase = reference.phase(partnership.phase)

        def meeting_text(meeting: Meeting | None, none: str) -> str:
            if meeting is None:
                return none
            return _("{date} ({kind}): {objective}").format(
                date=format_date(meeting.held_on), kind=reference.MEETING_KINDS[meeting.kind_of],
                objective=meeting.objective)

        also = (_(" (working title: {working_title})").format(
            working_title=partnership.working_title) if partnership.name else "")
        lines = [
            (_("Partnership"), f"{partnership.display_name}{also}"),
            (_("Sector and region"), f"{partnership.sector}, {partnership.region}"),
            (_("Phase"), f"{_(phase.title)}: {_(phase.summary)}"),
            (_("Last meeting"), meeting_text(last, _("none held yet"))),
            (_("Next meeting"), next_meeting_text(upcoming)),
            (_("Actions"), _("{open} open, {overdue} overdue").format(
                open=format_number(counts["open_actions"]),
                overdue=format_number(counts["overdue_actions"]))),
        ]
        evaluated = evaluation_line(self.wb, today)
        if evaluated:
            lines.append((_("Meeting evaluations"), evaluated))
        rows = "".join(f'<tr><th scope="row">{html.escape(k)}</th><td>{html.escape(v)}</td>'
                       "</tr>" for k, v in lines)
        warnings = self.warnings(today)
        warned = warnings_html(warnings) if warnings else ""
        self.standing.value = f"<table><tbody>{rows}</tbody></table>{warned}"
        self.progress.value = progress_html(self.wb, today=today)
        self.links.value = self._links_html()
        self.editor.refresh_options()
        self._fill_recent()
        if hasattr(self, "next_meeting"):  # built after the first refresh of the editor
            self.next_meeting.refresh()

    def _fill_recent(self) -> None:
        """The workbooks chosen before in this project, newest first."""
        try:
            chosen = recent_targets(self.root)
        except WorkbookError as exc:  # a damaged settings file: choosing again mends it
            self.status.warn(str(exc))
            chosen = []
        options = [(self._label(t), t) for t in chosen]
        self.recent.options = options
        self.recent.index = 0 if options else None

    def _label(self, target: Target) -> str:
        if isinstance(target, Path):
            try:
                return target.relative_to(self.root).as_posix()
            except ValueError:
                return str(target)
        return describe(target)
