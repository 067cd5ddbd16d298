#!/usr/bin/env bash
# Runs the benchmark page (bench/page.html) or the open measurement (bench/open.html) in Debian's Chromium through
# playwright-java, serving the repository root on 127.0.0.1 with COOP/COEP headers. Not part of ./test.sh.
# Options: bench/chromium.sh --help. Needs js-glue/target/dist (mvn -B -ntp -pl js-glue -am package -DskipTests)
# and, for the cached workloads, one Node run first (bench/run.sh fills bench/.cache).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi
args="$*"
exec mvn -B -ntp -q -f chromium/pom.xml compile exec:java -Dexec.args="$args"
