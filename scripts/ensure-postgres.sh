#!/usr/bin/env bash
# Make sure the PostgreSQL server binaries (initdb, pg_ctl, postgres) are installed, for the
# knowledge-base tests that start a throwaway server. Does nothing when initdb is already on
# PATH or under /usr/lib/postgresql/*/bin; otherwise installs Debian's `postgresql` package.
set -euo pipefail

have_initdb() {
    command -v initdb >/dev/null 2>&1 && return 0
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null 2>&1
}

if have_initdb; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-postgres: initdb not found and apt-get is unavailable; install PostgreSQL by hand" >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "ensure-postgres: need root (or sudo) to install the postgresql package" >&2
        exit 1
    fi
fi

echo "ensure-postgres: installing the Debian postgresql package" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
have_initdb || { echo "ensure-postgres: initdb still not found after install" >&2; exit 1; }
