#!/bin/sh
# Debian's chromium for the browser tests; never a browser download of a test tool's own.
# strace: the upgrade crash tests kill a process at chosen system calls with it.
set -e
if command -v chromium >/dev/null 2>&1 && command -v strace >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
    echo "The browser tests need Debian's chromium: run 'sudo apt-get install chromium'." >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium fonts-dejavu-core strace >/dev/null
