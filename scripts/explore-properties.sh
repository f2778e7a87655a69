#!/usr/bin/env bash
# Runs the fast-check property files with fresh seeds, to find the rare case
# that CI's fixed seed (test/helpers/property-seed.ts) never draws: a failure,
# or a run that never ends. Each file gets a time limit; a file that fails or
# runs past it is reported with its seed, which reproduces it:
#   MANYCHIP_PROPERTY_SEED=<seed> npx vitest run <file>
#
# Usage: scripts/explore-properties.sh [rounds] [seconds per file] [file...]
# (default: 3 rounds, 300 s, every test file that calls fc.assert).
set -uo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-3}
limit=${2:-300}
shift 2 2>/dev/null || shift $#
if [ $# -gt 0 ]; then files=("$@"); else mapfile -t files < <(grep -rl 'fc\.assert' test --include='*.test.ts' | sort); fi

found=0
for ((round = 1; round <= rounds; round++)); do
  for file in "${files[@]}"; do
    seed=$(( (RANDOM << 15 | RANDOM) ))
    log=$(mktemp)
    MANYCHIP_PROPERTY_SEED=$seed timeout --kill-after=10 "$limit" npx vitest run "$file" >"$log" 2>&1
    status=$?
    if [ $status -eq 124 ] || [ $status -eq 137 ]; then
      echo "HANG   round $round  seed $seed  $file (over ${limit} s)"; found=1
    elif [ $status -ne 0 ]; then
      echo "FAIL   round $round  seed $seed  $file  (log: $log)"; found=1; continue
    else
      echo "ok     round $round  seed $seed  $file"
    fi
    rm -f "$log"
  done
done
exit $found
