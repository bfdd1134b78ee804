#!/usr/bin/env bash
# Make sure what the PDF brief and the printable report need from Debian is installed:
# Pango (libpango-1.0-0, libpangoft2-1.0-0), which WeasyPrint lays text out with;
# fonts-noto-cjk, a font with Hangul for the Korean edition (embedded in the PDF); and
# poppler-utils (pdftotext, pdfinfo, pdffonts), which the tests read the PDFs with. Does
# nothing when all of them are there; otherwise installs the missing packages.
set -euo pipefail

missing=()
have_lib() {
    ldconfig -p 2>/dev/null | grep -q "$1" && return 0
    compgen -G "/usr/lib/*/$1*" >/dev/null 2>&1
}
have_lib "libpango-1.0.so.0" || missing+=(libpango-1.0-0)
have_lib "libpangoft2-1.0.so.0" || missing+=(libpangoft2-1.0-0)
if ! fc-list 2>/dev/null | grep -q "Noto Sans CJK KR" \
    && ! [ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then
    missing+=(fonts-noto-cjk)
fi
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-pango: missing ${missing[*]} and apt-get is unavailable; install them by hand" >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "ensure-pango: need root (or sudo) to install ${missing[*]}" >&2
        exit 1
    fi
fi

echo "ensure-pango: installing the Debian packages ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
command -v pdftotext >/dev/null 2>&1 || { echo "ensure-pango: pdftotext still not found" >&2; exit 1; }
