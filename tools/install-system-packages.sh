#!/bin/sh
# Debian packages the test suite needs: chromium for the browser tests (never a browser
# download of a test tool's own) and the PostgreSQL server, whose throw-away cluster the
# tests start themselves (tests/pg_cluster.py). Installs only what is missing.
set -e
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium fonts-dejavu-core"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1
then
    missing="$missing postgresql"
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != "0" ]; then
    echo "The tests need Debian's$missing: run 'sudo apt-get install$missing'." >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq $missing >/dev/null
