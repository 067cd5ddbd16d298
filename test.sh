#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: installs the npm-served runtimes and the reference
# binding (package-lock.json, `npm ci`), then builds and tests every Maven module.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -d ../shared/samples ]; then
  echo "warning: ../shared/samples not found beside the checkout; sample-based tests will fail" >&2
fi

echo "== npm ci (reference binding, Node 24, Deno, workerd)"
npm ci --no-audit --no-fund

echo "== mvn verify"
mvn -B -ntp verify "$@"
