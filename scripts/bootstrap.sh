#!/usr/bin/env bash
# Install what sanctionwatch needs on a fresh Debian machine: system packages (when run as root and
# missing), then a virtual environment with the pinned Python packages.
set -euo pipefail
VENV=${1:-.venv}
# PyICU (needed by normality/rigour/followthemoney) compiles against the system ICU; PostgreSQL is
# the multi-user store the tests also run against. WeasyPrint draws Korean and Chinese names only
# with a CJK font (without one they print as empty boxes, silently) and subsets fonts fast with
# libharfbuzz-subset0 (12 s instead of 3 s for the demo PDF without it); poppler-utils turns report
# PDFs into PNG pages and lists their fonts. The web UI's tests drive Debian's chromium through
# Playwright (Playwright's own browser download is never used).
PACKAGES="python3-venv libicu-dev pkg-config g++ postgresql openjdk-17-jre-headless fonts-noto-cjk libharfbuzz-subset0 poppler-utils chromium"
missing=""
for p in $PACKAGES; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends $missing
  else
    echo "missing system packages:$missing (install them as root: apt-get install$missing)" >&2
    exit 1
  fi
fi
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check -e '.[test,spark]'
