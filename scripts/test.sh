#!/usr/bin/env bash
# Builds and runs every test suite against real components (Redis, Cassandra, storage emulators).
# Usage: scripts/test.sh [suite...]   suites: unit architecture engine storage cassandra (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh
echo "tests run on Node $(node --version)"
rm -rf dist-test
npx tsc -p tsconfig.json
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(unit architecture engine storage cassandra)
files=()
for suite in "${suites[@]}"; do
  case "$suite" in
    unit) while IFS= read -r f; do files+=("$f"); done < <(find dist-test/src -name '*.spec.js' | sort) ;;
    *) [ -d "dist-test/test/$suite" ] && while IFS= read -r f; do files+=("$f"); done < <(find "dist-test/test/$suite" -name '*.test.js' | sort) ;;
  esac
done
[ ${#files[@]} -gt 0 ] || { echo "no test files found for: ${suites[*]}"; exit 1; }
# Human-readable progress on stdout; a TAP copy gives the closing "N passed, N failed" line.
tap=$(mktemp)
status=0
node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" "${files[@]}" || status=$?
passed=$(grep -E '^# pass ' "$tap" | tail -1 | awk '{print $3}')
failed=$(grep -E '^# fail ' "$tap" | tail -1 | awk '{print $3}')
rm -f "$tap"
echo "${passed:-0} passed, ${failed:-0} failed (Node $(node --version))"
exit $status
