"""Every error the workbook raises on purpose.

A message is written for the person who made the mistake: it names the field, the value
that was refused and what to do instead. Views show it next to the field; the command line
prints it as one line. Anything that is not a ``WorkbookError`` is a bug.

    WorkbookError
    ├── ValidationError            a value the model refuses
    │   ├── RequiredError          nothing given where something is needed
    │   ├── TooLongError           free text past its cap
    │   ├── ChoiceError            a value outside the allowed set
    │   ├── DateError              a date that is malformed or not plausible
    │   ├── DuplicateError         a second entry where one must be unique
    │   ├── CycleError             a cause placed under itself
    │   └── NotFoundError          a reference to something that does not exist
    ├── ConflictError              someone else changed the same field first
    │   └── UndoConflictError      Undo would overwrite what a later change did
    ├── VoteError                  a vote used the wrong way (closed, hidden, too many dots)
    ├── StoreError                 the file behind a workbook
    │   ├── WorkbookMissingError, WorkbookExistsError
    │   ├── SameFileError          an output that is the command's own input (also an
    │   │                          ExportError)
    │   ├── NotAWorkbookError, NewerWorkbookError, DamagedWorkbookError
    │   ├── ReadOnlyWorkbookError, DiskFullError
    │   └── SettingsError          the project's current-partnership file cannot be read
    ├── ImportFileError            a JSON, sheet or contribution file that cannot be taken in
    └── ExportError                a summary or table that cannot be written
"""

from __future__ import annotations

import re
from typing import Any

from .i18n import N_, format_number, gettext, ngettext

__all__ = [
    "FieldName",
    "Sentence",
    "ChoiceError",
    "ConflictError",
    "CycleError",
    "DamagedWorkbookError",
    "DateError",
    "DiskFullError",
    "DuplicateError",
    "ExportError",
    "ImportFileError",
    "NewerWorkbookError",
    "NotAWorkbookError",
    "NotFoundError",
    "ReadOnlyWorkbookError",
    "SameFileError",
    "SettingsError",
    "RequiredError",
    "StoreError",
    "TooLongError",
    "UndoConflictError",
    "ValidationError",
    "VoteError",
    "WorkbookError",
    "WorkbookExistsError",
    "WorkbookMissingError",
    "number_shown",
    "shown",
]


def shown(value: Any, limit: int = 60) -> str:
    """Quote ``value`` for a message, shortened so a pasted essay cannot flood it.

    An integer too long to print (Python refuses past 4,300 digits) is described by its
    length instead, in the current language.
    """
    if _huge(value):
        digits = int(value.bit_length() * 0.30103) + 1
        return ngettext("a number about {count} digit long", "a number about {count} digits long",
                        digits).format(count=format_number(digits))
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 5] + "…" + text[-4:]


def _huge(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200


_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")


class Sentence:
    """A whole message from the catalog with named placeholders, put in words when it is
    shown (``str()``), in the language current *then*: an error raised while importing a
    module, or in a thread of another language, still reads in the reader's language.

        raise ImportFileError(Sentence("The file {name} is empty. Export it again.",
                                       name=path.name))

    ``template`` is the English source string (extracted into the catalog with
    ``Sentence`` as a keyword); ``params`` fill its placeholders and may themselves be a
    ``Sentence`` or a ``FieldName``, translated at the same time. A ``Sentence`` compares
    and hashes as its English text; ``english`` gives it.
    """

    __slots__ = ("params", "template")

    def __init__(self, template: str, /, **params: Any) -> None:
        self.template = template
        self.params = params

    def __str__(self) -> str:
        # A placeholder left empty (a value nobody typed) leaves no double space behind.
        text = gettext(self.template).format(**self.params)
        if text.endswith(" ") and self.template.endswith("}"):  # a hint left empty at the end
            text = text.rstrip()
        return _SPACES.sub(" ", text) if "  " in text else text

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"Sentence({self.template!r}, **{self.params!r})"

    @property
    def english(self) -> str:
        """The message in US English whatever the current language."""
        from .i18n import use_language

        with use_language("en"):
            return str(self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sentence):
            return self.template == other.template and self.params == other.params
        try:
            return str(self) == str(other)
        except (KeyError, IndexError):  # a placeholder its maker fills in later
            return False

    def __hash__(self) -> int:
        return hash(self.template)


_FIELD_LABELS = (
    N_("Access"), N_("Checklist item"), N_("Contribution"), N_("Database URL"), N_("Draft"),
    N_("Evaluation meeting"), N_("Inbox item"), N_("Join ticket"), N_("Last change"),
    N_("Mapping"), N_("Notebook"), N_("Poll"), N_("Poll choice"), N_("Poll choices"),
    N_("Poll question"), N_("Profile field"), N_("Starts at"), N_("Step"), N_("Workbook"),
)
"""Labels of fields that no form shows but messages name (``FieldName`` reads them from
the catalog): the live room's poll, a join ticket, the command line's workbook."""


class FieldName:
    """How a message names a field: ``"held on"`` in English; in another language the
    field's label from the catalog (the form's label, ``"Held on"`` -> ``"Fecha"``), so the
    sentence has no English word in it. Kept as typed when the catalog has no label."""

    __slots__ = ("label",)

    def __init__(self, label: str) -> None:
        self.label = label

    def __str__(self) -> str:
        # US English for the model's names ("organisation_id" is an "organization").
        label = self.label.replace("organisation", "organization")
        title = label[:1].upper() + label[1:]
        translated = gettext(title)
        return label if translated == title else translated

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"FieldName({self.label!r})"


class WorkbookError(Exception):
    """Root of every error the workbook raises on purpose.

    Its message is a text or a :class:`Sentence`; ``str(error)`` reads it in the current
    language."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def number_shown(value: int) -> Any:
    """A count for a :class:`Sentence`'s placeholder, formatted when shown, in the
    reader's language (``12,345`` in English)."""
    return _Later(lambda: format_number(value))


_number = number_shown


class _Later:
    """A placeholder's value worked out when the message is shown."""

    __slots__ = ("make",)

    def __init__(self, make: Any) -> None:
        self.make = make

    def __format__(self, spec: str) -> str:
        return format(self.make(), spec)

    def __str__(self) -> str:
        return str(self.make())


def _value_shown(value: Any) -> Any:
    if _huge(value):  # described in words: in the reader's language, when shown
        return _Later(lambda: shown(value))
    return "" if _blank(value) else shown(value)


class ValidationError(WorkbookError, ValueError):
    """A value the model refuses; ``field`` names where it was typed (in English, as the
    form's field is named: ``"partner type"``).

    The message reads as a sentence for the person at the screen: the field, the value
    (left out when nothing was typed), what is wrong, and what to do:
    ``The partner type 'employer' is not one of the choices. Use one of: ...``.

    Give it as ONE sentence from the catalog: ``problem`` a :class:`Sentence` whose
    placeholders may use ``{field}`` (the field's name in the reader's language) and
    ``{value}`` (the value, quoted and shortened), filled in here; ``fix`` is then unused::

        ValidationError("email", value, Sentence(
            "The email {value} is not an email address. Write it as name@example.org, "
            "or leave it empty."))

    The older form, ``problem`` and ``fix`` as English pieces, is still understood for
    messages not yet in the catalog (it is glued in English).
    """

    def __init__(self, field: str, value: Any, problem: str | Sentence,
                 fix: str | Sentence | None = "") -> None:
        self.field = field
        self.value = value
        self.problem = problem
        self.fix = fix
        message: str | Sentence
        if isinstance(problem, Sentence):
            message = Sentence(problem.template, **{
                "field": FieldName(field), "value": _value_shown(value), **problem.params})
            self.problem = message  # whole, so it reads (and compares) by itself
        else:
            typed = "" if _blank(value) else f" {shown(value)}"
            message = f"The {field}{typed} {problem}. {fix}"
        super().__init__(message)


class RequiredError(ValidationError):
    """Nothing was given where something is needed; ``fix`` says what to give and why (a
    whole sentence: a :class:`Sentence` from the catalog, or English text)."""

    def __init__(self, field: str, value: Any = "", fix: str | Sentence | None = "") -> None:
        hint = fix or Sentence(N_("Fill in the {field}."), field=FieldName(field))
        super().__init__(field, value, Sentence(N_("The {field} is empty. {hint}"), hint=hint))


class TooLongError(ValidationError):
    def __init__(self, field: str, value: str, limit: int) -> None:
        self.length = len(value)
        self.limit = limit
        super().__init__(field, value, Sentence(
            N_("The {field} {value} is {length} characters long, over the limit of {limit}. "
               "Shorten it, or keep the long text in a document and link to it."),
            length=_number(len(value)), limit=_number(limit)))


class ChoiceError(ValidationError):
    def __init__(self, field: str, value: Any, allowed: Any) -> None:
        super().__init__(field, value, Sentence(
            N_("The {field} {value} is not one of the choices. Use one of: {choices}."),
            choices=", ".join(str(a) for a in allowed)))


class DateError(ValidationError):
    pass


class DuplicateError(ValidationError):
    pass


class CycleError(ValidationError):
    pass


class NotFoundError(ValidationError, LookupError):
    pass


class ConflictError(WorkbookError):
    """The stored value changed since the caller read it (another kernel, another person)."""

    def __init__(self, field: str, expected: Any, current: Any, mine: Any) -> None:
        self.field = field
        self.expected = expected
        self.current = current
        self.mine = mine
        super().__init__(Sentence(
            N_("The {field} was changed elsewhere to {current} after you read {expected}; "
               "your {mine} was not saved. Reload, then enter it again if it should win."),
            field=FieldName(field), current=shown(current), expected=shown(expected),
            mine=shown(mine)))


class UndoConflictError(ConflictError):
    """Undo would overwrite or bring back something a later change touched."""

    def __init__(self, message: str | Sentence) -> None:
        WorkbookError.__init__(self, message)
        self.field, self.expected, self.current, self.mine = "undo", None, None, None


class VoteError(WorkbookError):
    """A naming vote used the wrong way: closed, results still hidden, too many dots."""


class StoreError(WorkbookError):
    """The file behind a workbook cannot be used as it is."""


class WorkbookMissingError(StoreError, FileNotFoundError):
    pass


class WorkbookExistsError(StoreError, FileExistsError):
    pass


class NotAWorkbookError(StoreError):
    pass


class NewerWorkbookError(StoreError):
    pass


class DamagedWorkbookError(StoreError):
    pass


class ReadOnlyWorkbookError(StoreError, PermissionError):
    pass


class DiskFullError(StoreError, OSError):
    pass


class SettingsError(StoreError):
    """The project's settings file (its current partnership) cannot be read or written."""


class ImportFileError(WorkbookError):
    """A JSON, sheet or contribution file that cannot be taken in; nothing was stored."""


class ExportError(WorkbookError):
    """A summary or a table that could not be written."""


class SameFileError(StoreError, ExportError):
    """An output that resolves to the command's own input (same path, link or hard link)."""
