#!/bin/sh
# The Debian packages the tests, the charts and `make hub` need: chromium (browser tests;
# never a browser download of a test tool's own); the fonts charts draw every script with
# (DejaVu for Latin, Greek, Cyrillic, Arabic and Hebrew; Noto CJK for Chinese, Japanese
# and Korean); PostgreSQL (the workbook store for many partnerships, the live room's
# inbox); Node with npm (configurable-http-proxy for JupyterHub); strace (the upgrade crash
# tests kill a process at chosen system calls); LibreOffice Writer without its desktop
# (the minutes test converts the meeting packet's .docx to PDF); Java (the Nu HTML Checker
# validates the summary). Installs only what is missing.
set -e
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
has_font() { command -v fc-list >/dev/null 2>&1 && fc-list | grep -q "$1"; }
has_font "DejaVu Sans" || missing="$missing fonts-dejavu-core"
has_font "Noto Sans CJK" || missing="$missing fonts-noto-cjk"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
    || missing="$missing postgresql"
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
command -v runuser >/dev/null 2>&1 || missing="$missing util-linux"
command -v strace >/dev/null 2>&1 || missing="$missing strace"
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui"
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != "0" ]; then
    echo "Missing Debian packages:$missing; run 'sudo apt-get install$missing'." >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq $missing >/dev/null
