"""The views' one style sheet: large type for a projector, rows that wrap on a phone.

Put first in every view (``stylesheet()``); the CSS is scoped to the views' own classes
(``pwb-*``), so JupyterLab's and other cells' styles are left alone.
"""

from __future__ import annotations

import ipywidgets as w

__all__ = ["CSS", "stylesheet"]

# Projected in a meeting room: large type, high contrast, nothing signalled by colour alone.
# ipywidgets sizes its own elements from the --jp-widgets-* variables (13 px by default):
# they are set again on the view, so every input, label and button inside it follows.
CSS = """
<style>
.pwb-how-to summary { cursor: pointer; font-weight: 600; color: #0b4f9c; }
.pwb-how-to { margin: 0 0 0.5em 0; max-width: 60em; }
.pwb-view {
  --jp-widgets-font-size: 17px;
  --jp-widgets-inline-height: 36px;
  --jp-widgets-inline-label-width: 11em;
  --jp-widgets-inline-width: min(100%, 42em);
  --jp-widgets-inline-width-short: 12em;
  --jp-widgets-inline-width-tiny: 6em;
  --jp-widgets-label-color: #111;
  --jp-widgets-input-color: #111;
  --jp-widgets-input-border-color: #555;
  --jp-widgets-input-focus-border-color: #0b4f9c;
  --jp-ui-font-size1: 17px;
  --jp-content-font-size1: 17px;
  font-size: 17px; line-height: 1.45; color: #111; max-width: 1100px;
  box-sizing: border-box; overflow-wrap: anywhere;
}
.pwb-view * { box-sizing: border-box; }
/* Nothing wider than the notebook area: every piece may shrink, rows wrap. */
.pwb-view .jupyter-widgets, .pwb-view .widget-box, .pwb-view table { max-width: 100%; }
/* A field the full width keeps inside its box: 100% and two 2 px margins would run 4 px
   past the edge and cut the field's right border (or scroll its box). */
.pwb-view .widget-inline-hbox, .pwb-view .jupyter-button {
  max-width: calc(100% - 2 * var(--jp-widgets-margin, 2px)); }
.pwb-view .widget-vbox > .widget-inline-hbox { margin-left: 0; margin-right: 0; }
.pwb-view .widget-hbox { flex-wrap: wrap; gap: 4px 8px; }
.pwb-view .widget-html-content, .pwb-view .widget-html { max-width: 100%;
  font-size: 17px; line-height: 1.45; overflow-x: auto; }
.pwb-view .widget-inline-hbox { height: auto; min-height: var(--jp-widgets-inline-height); }
.pwb-view input, .pwb-view select, .pwb-view textarea, .pwb-view button,
.pwb-view .widget-label, .pwb-view .widget-label-basic, .pwb-view label {
  font-size: 17px; color: #111; }
.pwb-view input, .pwb-view select, .pwb-view textarea { min-width: 0; }
.pwb-view select, .pwb-view input[type="text"], .pwb-view input[type="number"],
.pwb-view input[type="date"] { min-height: var(--jp-widgets-inline-height); }
.pwb-view textarea { line-height: 1.35; }
.pwb-view h2 { font-size: 32px; line-height: 1.2; margin: 0.2em 0 0.4em; color: #000; }
.pwb-view h3 { font-size: 24px; line-height: 1.25; margin: 0.8em 0 0.3em; color: #000; }
.pwb-view h4 { font-size: 20px; margin: 0.6em 0 0.2em; }
.pwb-ok { color: #0b5d1e; font-weight: 700; }
.pwb-error { color: #a4000f; font-weight: 700; }
.pwb-warn { color: #6b4300; font-weight: 700; }
.pwb-status-box:focus { outline: 3px solid #0b4f9c; outline-offset: 2px; }
/* A status line wraps: whatever box it lands in, it is never cut short. */
.pwb-view .pwb-feedback, .pwb-view .pwb-feedback .widget-html-content,
.pwb-view .pwb-status-box { overflow: visible !important; height: auto !important;
  max-height: none !important; min-width: 0; }
.pwb-feedback p { white-space: normal; overflow-wrap: anywhere; text-overflow: clip; }
.pwb-feedback p { margin: 4px 0 8px; padding: 6px 10px; border-left: 6px solid currentColor;
  background: #f4f4f4; }
.pwb-view table { border-collapse: collapse; display: block; overflow-x: auto; }
.pwb-view th, .pwb-view td { border: 1px solid #777; padding: 6px 10px; text-align: left;
  vertical-align: top; font-size: 17px; overflow-wrap: normal; word-break: normal;
  min-width: 6em; }
.pwb-overdue { background: #fde2e1; }
.pwb-context p { margin: 0 0 10px; padding: 6px 10px; background: #eef3fa;
  border-left: 6px solid #0b4f9c; }
.pwb-context .pwb-warn { background: #fff4d6; border-left-color: #6b4300; }
/* A refused field is marked by its border as well as by the message under it. */
.pwb-view .pwb-invalid input, .pwb-view .pwb-invalid select, .pwb-view .pwb-invalid textarea {
  border: 3px solid #a4000f; }
/* Buttons say what they do in full: never cut to "Save brings an…". */
.pwb-view .jupyter-button { width: auto; min-width: 8em; max-width: 100%; height: auto;
  min-height: var(--jp-widgets-inline-height); padding: 4px 1em; white-space: normal;
  overflow: visible; text-overflow: clip; line-height: 1.25; }
.pwb-view .jupyter-button.mod-primary { background-color: #0b4f9c; }
/* Labels wrap instead of being cut ("Shared goals (one…"). */
.pwb-view .widget-label, .pwb-view .widget-label-basic, .pwb-view .widget-inline-hbox label {
  white-space: normal; overflow: visible; text-overflow: clip; height: auto;
  line-height: 1.25; align-self: center; overflow-wrap: break-word; }
.pwb-view .widget-checkbox { width: auto; }
/* Tab titles in full, wrapping onto a second row if need be. */
.pwb-view .widget-tab > .lm-TabBar { width: 100%; max-width: 100%; height: auto;
  min-height: 0; max-height: none; overflow: visible; flex: 0 0 auto; }
.pwb-view .widget-tab > .lm-TabBar .lm-TabBar-content { flex-wrap: wrap; width: 100%;
  height: auto; }
.pwb-view .widget-tab > .lm-TabBar .lm-TabBar-tab { flex: 0 0 auto; max-width: none;
  min-width: 0; font-size: 17px; line-height: 1.6; }
.pwb-view .widget-tab > .lm-TabBar .lm-TabBar-tabLabel { overflow: visible; }
.pwb-view .widget-vbox > .jupyter-button { align-self: flex-start; }
/* Empty message lines take no room. */
.pwb-view .widget-html { min-height: 0; height: auto; }
.pwb-view .widget-html:has(> .widget-html-content:empty) { display: none; }
/* Attendance: organizations in newspaper columns, tight lines (a long name wraps, never
   cut), so a room of 20-30 fits on a 1366x768 screen; a longer page of the list scrolls
   inside its own box, never the page. */
.pwb-view .pwb-att-scroll { display: block !important; width: 100%;
  max-height: max(12em, calc(100vh - 330px)); overflow-y: auto; overflow-x: hidden; }
.pwb-view .pwb-att-groups { display: block !important; column-width: 13em; column-gap: 16px;
  overflow: visible !important; font-size: 16px; }
.pwb-view .pwb-att-group { display: flex; break-inside: avoid; margin: 0 0 6px; }
.pwb-view .pwb-att-group .widget-html { margin: 0; }
.pwb-view .pwb-att-group .widget-html-content { font-size: 16px; line-height: 1.15;
  overflow: hidden; }
.pwb-view .pwb-att-group .widget-checkbox { width: 100% !important; min-height: 0;
  margin: 0 0 2px; }
.pwb-view .pwb-att-group .widget-checkbox .widget-label-basic { display: flex;
  align-items: flex-start; justify-content: flex-start; gap: 6px; min-width: 0;
  width: 100%; font-size: 16px; line-height: 1.15; }
.pwb-view .pwb-att-group .widget-checkbox input { margin: 2px 0 0; flex: 0 0 auto; }
.pwb-view .pwb-att-group .widget-checkbox .widget-label-basic span { min-width: 0;
  white-space: normal; overflow-wrap: break-word; }
/* A participant holds the laptop (widgets/private_turn.py): their form covers the whole
   window (in JupyterLab, the whole notebook: the lab contains its panels), so the
   facilitator's controls, the other tabs and what others answered are behind it until
   they hand in or give the laptop back. */
.pwb-view .pwb-laptop-turn { position: fixed !important; inset: 0; z-index: 100000;
  width: auto !important; height: auto !important; max-width: none !important;
  margin: 0 !important; padding: 24px 32px; background: #fff; overflow: auto !important; }
@media (max-width: 640px) {
  /* A phone: each label above its field, each field the full width. */
  .pwb-view { font-size: 17px; }
  .pwb-view .widget-inline-hbox { flex-wrap: wrap; width: 100% !important; }
  .pwb-view .widget-inline-hbox > .widget-label { width: 100% !important;
    max-width: 100% !important; flex: 0 0 100%; align-self: flex-start;
    text-align: left; }
  .pwb-view .widget-inline-hbox > input, .pwb-view .widget-inline-hbox > select,
  .pwb-view .widget-inline-hbox > textarea, .pwb-view .widget-inline-hbox > .widget-dropdown,
  .pwb-view .widget-inline-hbox > div { width: 100% !important; flex: 1 1 100%; }
  .pwb-view .jupyter-widgets:not(.jupyter-button):not(.widget-checkbox) { width: 100% !important;
    margin-left: 0; margin-right: 0; }
  .pwb-view h2 { font-size: 26px; }
}
</style>
"""


def stylesheet() -> w.HTML:
    """The view's style sheet (large type, wrapping rows), as a widget to put first."""
    return w.HTML(CSS, layout=w.Layout(display="none"), _dom_classes=("pwb-stylesheet",))
