#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: installs the npm-served runtimes and the reference
# binding (package-lock.json, `npm ci`) and Debian's Chromium for the browser tests, then builds and tests every
# Maven module.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -d ../shared/samples ]; then
  echo "warning: ../shared/samples not found beside the checkout; sample-based tests will fail" >&2
fi

echo "== npm ci (reference binding, Node 24, Deno, workerd)"
npm ci --no-audit --no-fund

echo "== Chromium (Debian package, driven by playwright-java in tests-browser)"
if [ -x /usr/bin/chromium ]; then
  echo "/usr/bin/chromium is present: $(/usr/bin/chromium --version 2>/dev/null)"
elif [ "$(id -u)" -eq 0 ]; then
  echo "/usr/bin/chromium is missing; installing it (about 120 MB, under a minute):"
  echo "+ apt-get update"
  apt-get update
  echo "+ DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
  echo "installed: $(/usr/bin/chromium --version 2>/dev/null)"
else
  echo "warning: /usr/bin/chromium is missing and installing it needs root; the browser tests will fail." >&2
  echo "         as root: apt-get update && apt-get install -y --no-install-recommends chromium" >&2
fi

echo "== mvn verify"
mvn -B -ntp verify "$@"
