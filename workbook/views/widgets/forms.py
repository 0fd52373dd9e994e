"""Forms built from the model's own field rules, so each widget pattern is written once.

``EntityForm(wb, Organisation, ["name", "partner_type", "mission"])`` makes a labelled input
per field (a text box, a text area, a dropdown of allowed values or of stored entities, a
date picker, a number box or a tick box) with an error line under each. The form checks
nothing itself: the model does, and ``show_error`` puts its message under the field it names.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import ipywidgets as w

from ...i18n import _, format_date
from ...model import Entity, Meeting, Rule
from ...store import Workbook
from .base import plain_text
from .field_labels import field_label
from .pickers import cut, select

__all__ = ["EntityForm", "entity_label", "options_for"]

LABEL_STYLE = {"description_width": "11em"}


def entity_label(entity: Entity) -> str:
    """A short human label for a stored entity, for dropdowns and tables."""
    for attr in ("name", "statement", "action", "description", "text"):
        value = getattr(entity, attr, None)
        if value:
            return value if len(value) <= 70 else value[:67] + "…"
    if isinstance(entity, Meeting):
        return f"{format_date(entity.held_on, 'medium')}: {cut(entity.objective, 50)}"
    return f"{entity.kind} {entity.id}"


def options_for(wb: Workbook, target: str, *, optional: bool = True,
                where: Mapping[str, Any] | None = None) -> list[tuple[str, int | None]]:
    """Dropdown options (label, id) for every stored entity of kind ``target``."""
    from ...store.core import BY_KIND

    entities = wb.all(BY_KIND[target], **(where or {}))
    options = sorted(((entity_label(e), e.id) for e in entities), key=lambda o: o[0].casefold())
    return ([(_("(none)"), None)] if optional else []) + options


def _input(name: str, rule: Rule, label: str, options: Iterable[tuple[str, Any]] | None) -> Any:
    # As wide as a comfortable line, never wider than the notebook (or the phone) allows.
    layout = w.Layout(width="100%", max_width="42em")
    common = {"description": label, "style": LABEL_STYLE, "layout": layout}
    match rule.kind:
        case "text" if rule.multiline:
            return w.Textarea(continuous_update=False, rows=3, **common)
        case "text":
            return w.Text(continuous_update=False, **common)
        case "text_list":
            return w.Textarea(continuous_update=False, rows=4,
                              placeholder=_("one per line"), **common)
        case "choice":
            opts = list(options) if options is not None else [
                (title, key) for key, title in (rule.options or {}).items()]
            if not rule.required:
                opts = [(_("(none)"), None), *opts]
            return w.Dropdown(options=opts, **common)
        case "ref":
            return w.Dropdown(options=list(options or [(_("(none)"), None)]), **common)
        case "date":
            return w.DatePicker(**common)
        case "int":
            return w.IntText(**common)
        case "number":  # text, so "not given" stays empty; the model parses and checks it
            return w.Text(continuous_update=False, placeholder=_("a number, e.g. 61.5"),
                          **common)
        case "bool":
            return w.Checkbox(indent=False, description=label, layout=layout)
        case "datetime":
            return w.Text(disabled=True, **common)
    raise AssertionError(rule.kind)


class EntityForm:
    """Labelled inputs for some fields of one entity class, with the model's messages."""

    def __init__(self, wb: Workbook, cls: type[Entity], fields: Sequence[str], *,
                 labels: Mapping[str, str] | None = None,
                 options: Mapping[str, Callable[[], list[tuple[str, Any]]]] | None = None,
                 defaults: Mapping[str, Any] | None = None) -> None:
        self.wb = wb
        self.cls = cls
        self.fields = list(fields)
        self._rules = {name: cls.rules()[name] for name in self.fields}
        self._options = dict(options or {})
        self._defaults = dict(defaults or {})
        self.inputs: dict[str, Any] = {}
        self.errors: dict[str, w.HTML] = {}
        """The error lines made so far, by field: a field's line is made (under it) the
        first time a message is shown there, so a form nobody gets wrong has none."""
        self.invalid: str | None = None
        """The field the last refusal named (marked and focused), if any."""
        for name in self.fields:
            label = (labels or {}).get(name) or field_label(name)
            self.inputs[name] = _input(name, self._rules[name], label, self._choices(name))
        # The inputs themselves, one under the other: a field gets a box holding it and its
        # error line only when it first has a message (``_error_line``).
        self.widget = w.VBox(list(self.inputs.values()))
        self.clear()

    def _error_line(self, name: str) -> w.HTML:
        """The line under ``name`` for its message, made and placed on first use: the
        input is put in a box with the line under it, where it stands in the form (a
        view may have moved it into a fold or a row of its own)."""
        if name not in self.errors:
            line = self.errors[name] = w.HTML()
            field = self.inputs[name]
            holder = _holder_of(self.widget, field)
            if holder is None:  # laid out outside the form's box: the line ends the form
                self.widget.children = (*self.widget.children, line)
            else:
                row = w.VBox([field, line])
                holder.children = tuple(row if child is field else child
                                        for child in holder.children)
        return self.errors[name]

    def _choices(self, name: str) -> list[tuple[str, Any]] | None:
        if name in self._options:
            return self._options[name]()
        rule = self._rules[name]
        if rule.kind == "ref":
            return options_for(self.wb, rule.target or "", optional=not rule.required)
        return None

    def reload_options(self) -> None:
        """Refresh dropdowns of stored entities (after something was added elsewhere)."""
        for name, widget in self.inputs.items():
            choices = self._choices(name)
            if choices is not None and self._rules[name].kind in ("ref", "choice"):
                current = widget.value
                widget.options = choices if self._rules[name].required or \
                    self._rules[name].kind == "ref" else [(_("(none)"), None), *choices]
                if current in [v for _, v in widget.options]:
                    _show(widget, current)

    def values(self) -> dict[str, Any]:
        """What was typed, in the model's terms (lists split by line, dates as dates)."""
        out: dict[str, Any] = {}
        for name, widget in self.inputs.items():
            value = widget.value
            if self._rules[name].kind == "text_list":
                value = tuple(line for line in value.splitlines() if line.strip())
            out[name] = value
        return out

    def set_values(self, source: Entity | Mapping[str, Any]) -> None:
        for name, widget in self.inputs.items():
            value = getattr(source, name) if isinstance(source, Entity) else source.get(name)
            _show(widget, _widget_value(self._rules[name], value, widget))

    def clear(self) -> None:
        """Back to the defaults: empty texts, first option, today's date for required dates."""
        for name, widget in self.inputs.items():
            rule = self._rules[name]
            if name in self._defaults:
                default = self._defaults[name]
            else:
                default = next((f.default for f in self.cls.__dataclass_fields__.values()
                                if f.name == name), None)
                if rule.kind == "date" and rule.required:
                    default = dt.date.today()
            _show(widget, _widget_value(rule, default, widget))
        self.clear_errors()

    def show_error(self, field_label: str, message: str) -> None:
        """Put the model's message under the field it names (or under the first one)."""
        key = field_label.replace(" ", "_")
        target = next((n for n in self.fields if n in (key, f"{key}_id")), None)
        name = target or self.fields[0]
        self._error_line(name).value = (
            f'<span class="pwb-error" role="alert">✗ {html.escape(message)}</span>')
        self.inputs[name].add_class("pwb-invalid")
        self.inputs[name].focus()  # the browser scrolls to it, the person types there
        self.invalid = name

    def clear_errors(self) -> None:
        for line in self.errors.values():
            line.value = ""
        for widget in self.inputs.values():
            widget.remove_class("pwb-invalid")
        self.invalid = None

    def error_text(self, name: str) -> str:
        """The message shown under ``name``, without markup (for tests)."""
        return plain_text(self.errors[name].value) if name in self.errors else ""


def _holder_of(root: w.Widget, target: w.Widget) -> w.Box | None:
    """The box inside ``root`` (or ``root``) that has ``target`` among its children."""
    children = getattr(root, "children", ())
    if any(child is target for child in children):
        return root  # type: ignore[no-any-return]
    for child in children:
        found = _holder_of(child, target)
        if found is not None:
            return found
    return None


def _show(widget: Any, value: Any) -> None:
    if isinstance(widget, w.Dropdown):
        select(widget, value)  # "(none)" shows as "(none)", not as a blank box
    else:
        widget.value = value


def _widget_value(rule: Rule, value: Any, widget: Any) -> Any:
    if rule.kind == "text_list":
        return "\n".join(value or ())
    if rule.kind in ("text",):
        return value or ""
    if rule.kind == "datetime":
        return value.isoformat(sep=" ") if value else ""
    if rule.kind == "bool":
        return bool(value)
    if rule.kind in ("choice", "ref"):
        allowed = [v for _, v in widget.options]
        return value if value in allowed else (allowed[0] if allowed else None)
    if rule.kind == "int":
        return 0 if value is None else value
    if rule.kind == "number":
        return "" if value is None else f"{value:.10g}"
    return value
