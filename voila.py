# Voila's Python settings for the participant app (voila.json holds the plain ones). Voila
# reads this file, like voila.json, from the folder it starts in: `make run`, Binder and a
# plain `voila notebooks/participant.ipynb` from the repository root all do.
# The hook gives each browser its own visitor key before a kernel starts, so a saved draft
# is only ever offered to the browser that made it (workbook/views/participant/visitor.py).
from workbook.views.participant.visitor import prelaunch_hook

c.VoilaConfiguration.prelaunch_hook = prelaunch_hook  # noqa: F821 - `c` is traitlets' config
