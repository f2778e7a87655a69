#!/bin/bash
# Combines the shards written by examples/slurm/sweep-array.sh: checks that
# they come from one sweep, that no run is doubled and none missing, writes
# all rows to results/edge-load.jsonl and the report to
# results/edge-load.html, and prints the aggregates to its log.
#
# Submitted to run after the whole array succeeded (see sweep-array.sh):
#
#   jid=$(sbatch --parsable examples/slurm/sweep-array.sh)
#   sbatch --dependency=afterok:${jid%%;*} --kill-on-invalid-dep=yes examples/slurm/merge.sh
#
# It needs no scheduler: on a login node, `bash examples/slurm/merge.sh`
# does the same (it streams the rows and simulates nothing).

#SBATCH --job-name=edge-load-merge
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --mem=1G
#SBATCH --time=00:10:00
#SBATCH --output=edge-load-merge_%j.log

set -euo pipefail

SHARDS=${SHARDS:-4}   # N, as in sweep-array.sh
SWEEP_NAME=${SWEEP_NAME:-edge-load}   # the sweep's name, as in sweep-array.sh

cd "${SLURM_SUBMIT_DIR:-.}"

# Name the N files and fail if one is absent: a glob that matches fewer
# files would otherwise reach merge, whose own check then names the runs
# that are missing.
files=()
for ((i = 0; i < SHARDS; i++)); do
  f="results/$SWEEP_NAME.shard-$i-of-$SHARDS.jsonl"
  if [[ ! -f $f ]]; then
    echo "error: $f is missing: run shard $i (sbatch --array=$i examples/slurm/sweep-array.sh)" >&2
    exit 2
  fi
  files+=("$f")
done

node dist/src/cli/bin.js merge "${files[@]}" \
  --output "results/$SWEEP_NAME.jsonl" \
  --report "results/$SWEEP_NAME.html"
