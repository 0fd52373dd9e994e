"""What a form calls each field of the model (kept in ``workbook.model.field_labels``, so
the history's sentences name fields with the same words)."""

from __future__ import annotations

from ...model.field_labels import FIELD_LABELS, field_label

__all__ = ["FIELD_LABELS", "field_label"]
