#!/usr/bin/env bash
# Serves the RVF demo page on http://127.0.0.1:8080/ (or --port N), building it first when it is missing or
# older than its sources. Needs Java 17 and Maven (the first build downloads the Maven plugins and TeaVM).
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  echo "usage: ./demo.sh [--port N] [--rebuild]"
  echo "  --port N    listen on 127.0.0.1:N (default 8080; 0 picks a free port)"
  echo "  --rebuild   build again even if the demo looks up to date"
}

PORT=8080
REBUILD=""
while [ $# -gt 0 ]; do
  case "$1" in
    --port|-p) [ $# -ge 2 ] || { usage >&2; exit 2; }; PORT="$2"; shift 2 ;;
    --port=*) PORT="${1#--port=}"; shift ;;
    --rebuild) REBUILD=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
if ! [[ "$PORT" =~ ^[0-9]+$ ]] || [ "$PORT" -gt 65535 ]; then
  echo "not a port number: $PORT" >&2
  exit 2
fi

for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "$tool is required (Java 17 and Maven)" >&2; exit 1; }
done

CLASSES=demo-web/target/classes
SITE=$CLASSES/dev/rvf/demo/site
STAMP=demo-web/target/demo-built.stamp

needs_build() {
  [ -n "$REBUILD" ] && return 0
  for f in "$SITE/index.html" "$SITE/rvf.js" "$SITE/rvf.wasm" "$SITE/data/default.rvf" \
           "$CLASSES/dev/rvf/demo/DemoServer.class" "$STAMP"; do
    [ -e "$f" ] || return 0
  done
  # A main source or pom changed since the last build?
  [ -n "$(find pom.xml core wasm-exports js-glue demo-web -name target -prune -o -type f \
          \( -name pom.xml -o -path '*/src/main/*' \) -newer "$STAMP" -print 2>/dev/null | head -n 1)" ]
}

if needs_build; then
  echo "Building the demo: Maven packages core, rvf.wasm (TeaVM), rvf.js and the page (a few minutes the first time)..."
  mvn -B -ntp -q -pl demo-web -am package -DskipTests
  touch "$STAMP"
fi

exec java -cp "$CLASSES" dev.rvf.demo.DemoServer --port "$PORT"
