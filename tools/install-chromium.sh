#!/bin/sh
# Debian's chromium for the browser tests, and the fonts charts need to draw every script
# people type (Noto CJK for Japanese, Chinese and Korean; DejaVu for Arabic, Hebrew,
# Cyrillic ...); never a browser download of a test tool's own.
set -e
has_fonts() {
    command -v fc-list >/dev/null 2>&1 && fc-list | grep -q "Noto Sans CJK" \
        && fc-list | grep -q "DejaVu Sans"
}
if command -v chromium >/dev/null 2>&1 && has_fonts; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
    echo "The browser tests and charts need Debian's chromium and fonts: run 'sudo apt-get" \
         "install chromium fonts-dejavu-core fonts-noto-cjk'." >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium fonts-dejavu-core fonts-noto-cjk >/dev/null
