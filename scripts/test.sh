#!/usr/bin/env bash
# Builds and runs every test suite against real components (Redis, Cassandra, storage emulators).
# Usage: scripts/test.sh [suite...]   suites: unit architecture engine coordination storage cassandra (default: all)
#
# With every suite, the Cassandra suites (one shared 3-node bed, mostly waiting on Cassandra) run
# next to the others (CPU-light emulator and engine tests), so the whole run fits 2 cores; the
# tools both groups need (emulator binaries, Cassandra and Esop jars) are fetched first, once.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh
echo "tests run on Node $(node --version)"
rm -rf dist-test
npx tsc -p tsconfig.json
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(unit architecture engine coordination storage cassandra)

files_of() { # suite names → compiled test files
  local suite
  for suite in "$@"; do
    case "$suite" in
      unit) find dist-test/src -name '*.spec.js' | sort ;;
      *) [ -d "dist-test/test/$suite" ] && find "dist-test/test/$suite" -name '*.test.js' | sort ;;
    esac
  done
}

# Runs one group of suites; its spec output goes to $2 (stdout when "-"), its TAP to $3.
run_group() {
  local name=$1 out=$2 tap=$3; shift 3
  local files; mapfile -t files < <(files_of "$@")
  [ ${#files[@]} -gt 0 ] || { echo "no test files found for: $*" >&2; return 1; }
  local dest=$out; [ "$out" = - ] && dest=stdout
  node --test --test-concurrency=1 --test-force-exit --test-reporter=spec --test-reporter-destination="$dest" \
    --test-reporter=tap --test-reporter-destination="$tap" "${files[@]}"
}

count() { local n; n=$(grep -E "^# $1 " "$2" 2>/dev/null | tail -1 | awk '{print $3}'); echo "${n:-0}"; }

cassandra=(); others=()
for suite in "${suites[@]}"; do [ "$suite" = cassandra ] && cassandra+=("$suite") || others+=("$suite"); done
tmp=$(mktemp -d)
status=0
if [ ${#cassandra[@]} -gt 0 ] && [ ${#others[@]} -gt 0 ]; then
  testbed/emulators install s3 gcs >&2
  testbed/testbed fetch >&2
  testbed/esop fetch >&2
  run_group others "$tmp/others.log" "$tmp/others.tap" "${others[@]}" &
  others_pid=$!
  run_group cassandra - "$tmp/cassandra.tap" "${cassandra[@]}" || status=$?
  wait "$others_pid" || status=$?
  echo "---- ${others[*]} ----"
  cat "$tmp/others.log"
else
  run_group all - "$tmp/all.tap" "${suites[@]}" || status=$?
fi
passed=0; failed=0
for tap in "$tmp"/*.tap; do
  passed=$((passed + $(count pass "$tap"))); failed=$((failed + $(count fail "$tap")))
done
rm -rf "$tmp"
echo "$passed passed, $failed failed (Node $(node --version))"
exit $status
