"""Files people hand over or take away: the workbook as JSON, the strict JSON reader, and
spreadsheets read into the resource map.

Modules here sit beside ``analyses`` in the layers: they use ``model`` and ``store`` and are
used by ``views``, ``export``, ``participant`` and the commands.
"""
