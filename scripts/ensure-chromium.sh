#!/usr/bin/env bash
# Make sure a chromium browser is installed, for the browser tests (tests/web/test_browser.py)
# that drive `panmun serve` through Playwright. Playwright's own browser download is not used:
# the tests launch the system chromium. Does nothing when /usr/bin/chromium exists or
# chromium is on PATH; otherwise installs Debian's `chromium` package, with `fonts-noto-cjk`
# so that Korean text shows as glyphs in the screenshots.
set -euo pipefail

have_chromium() {
    [ -x /usr/bin/chromium ] && return 0
    command -v chromium >/dev/null 2>&1
}

if have_chromium; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-chromium: chromium not found and apt-get is unavailable; install chromium by hand" >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "ensure-chromium: need root (or sudo) to install the chromium package" >&2
        exit 1
    fi
fi

echo "ensure-chromium: installing the Debian chromium and fonts-noto-cjk packages" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
have_chromium || { echo "ensure-chromium: chromium still not found after install" >&2; exit 1; }
