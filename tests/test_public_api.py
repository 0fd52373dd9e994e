"""The public names: ``__all__`` lists exactly what the package and its errors offer."""

from __future__ import annotations

import inspect
import types

import pytest

import workbook
import workbook.errors
from workbook.model import ENTITIES

MODULES = [workbook, workbook.errors]


def _defined_public(module: types.ModuleType) -> set[str]:
    """Public names the module offers: everything bound without a leading underscore.

    Left out: submodules bound as attributes (importing ``workbook.store`` binds
    ``workbook.store``) unless ``__all__`` names them, and names from ``typing`` or
    ``__future__`` that the module only uses, and the catalog's helpers (``N_``,
    ``gettext``, ``format_number`` from ``workbook.i18n``) it writes its messages with.
    """
    return {name for name, value in vars(module).items()
            if not name.startswith("_") and not isinstance(value, types.ModuleType)
            and name != "annotations"
            and not getattr(value, "__module__", "").startswith(("typing", "__future__"))
            and getattr(value, "__module__", "") != "workbook.i18n"}


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_public_api_every_listed_name_exists(module):
    """Every name in ``__all__`` can be imported from the module."""
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []
    assert len(module.__all__) == len(set(module.__all__))


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_public_api_every_public_name_is_listed(module):
    """Every public class or function the module offers is named in ``__all__``."""
    assert _defined_public(module) - set(module.__all__) == set()


def test_public_api_errors_lists_every_workbook_error():
    """Each WorkbookError subclass defined in workbook.errors is exported from it."""
    defined = {name for name, value in vars(workbook.errors).items()
               if inspect.isclass(value) and issubclass(value, workbook.errors.WorkbookError)}
    assert defined <= set(workbook.errors.__all__)
    assert len(defined) >= 19  # the hierarchy drawn at the top of errors.py


def test_public_api_package_offers_every_entity():
    """Every stored entity can be imported straight from ``workbook``."""
    assert {cls.__name__ for cls in ENTITIES} <= set(workbook.__all__)


def test_public_api_errors_docstring_draws_every_error():
    """The hierarchy drawn in the errors module docstring names every error class."""
    doc = workbook.errors.__doc__ or ""
    errors = [name for name in workbook.errors.__all__ if name.endswith("Error")]
    assert [name for name in errors if name not in doc] == []
