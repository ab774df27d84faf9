#!/usr/bin/env bash
# The one test command (`make test`): installs everything the tests need on a fresh
# machine, then runs the whole suite. Browser tests need Debian's Chromium; they fail
# (never skip) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Chromium (Debian package) for the browser tests"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "== installing Node.js and npm (Debian packages) for markdownlint and axe-core"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nodejs npm >/dev/null
fi

echo "== installing the Python package with its test extras (versions from constraints.txt)"
python3 -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]'

echo "== installing the Node test tools (package.json)"
npm install --no-audit --no-fund --loglevel=error

echo "== lint, format and types (ruff, mypy)"
python3 -m ruff check src tests benchmarks
python3 -m ruff format --check src tests benchmarks
python3 -m mypy

echo "== running the tests"
exec python3 -m pytest "$@"
