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

from typing import Any

__all__ = [
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
    "shown",
]


def shown(value: Any, limit: int = 60) -> str:
    """Quote ``value`` for a message, shortened so a pasted essay cannot flood it.

    An integer too long to print (Python refuses past 4,300 digits) is described by its
    length instead.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        digits = int(value.bit_length() * 0.30103) + 1
        return f"a number about {digits:,} digits long"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 5] + "…" + text[-4:]


class WorkbookError(Exception):
    """Root of every error the workbook raises on purpose."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class ValidationError(WorkbookError, ValueError):
    """A value the model refuses; ``field`` names where it was typed.

    The message reads as a sentence for the person at the screen: the field, the value
    (left out when nothing was typed), what is wrong, and what to do:
    ``The partner type 'employer' is not one of the choices. Use one of: ...``.
    """

    def __init__(self, field: str, value: Any, problem: str, fix: str) -> None:
        self.field = field
        self.value = value
        self.problem = problem
        self.fix = fix
        typed = "" if _blank(value) else f" {shown(value)}"
        super().__init__(f"The {field}{typed} {problem}. {fix}")


class RequiredError(ValidationError):
    """Nothing was given where something is needed; ``fix`` says what to give and why."""

    def __init__(self, field: str, value: Any = "", fix: str = "") -> None:
        super().__init__(field, value, "is empty", fix or f"Fill in the {field}.")


class TooLongError(ValidationError):
    def __init__(self, field: str, value: str, limit: int) -> None:
        self.length = len(value)
        self.limit = limit
        super().__init__(
            field,
            value,
            f"is {len(value):,} characters long, over the limit of {limit:,}",
            "Shorten it, or keep the long text in a document and link to it.",
        )


class ChoiceError(ValidationError):
    def __init__(self, field: str, value: Any, allowed: Any) -> None:
        options = ", ".join(str(a) for a in allowed)
        super().__init__(field, value, "is not one of the choices", f"Use one of: {options}.")


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
        super().__init__(
            f"{field}: changed elsewhere to {shown(current)} after you read {shown(expected)}; "
            f"your {shown(mine)} was not saved. Reload, then enter it again if it should win."
        )


class UndoConflictError(ConflictError):
    """Undo would overwrite or bring back something a later change touched."""

    def __init__(self, message: str) -> None:
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
