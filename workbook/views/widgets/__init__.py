"""The pieces every view is built from: the ``View`` base and its status line, forms made
from the model's rules, edit panels, pickers, escaped tables, chart and analysis outputs,
Binder links, and opening the workbook a notebook works on."""
