#!/bin/bash
# The edge-load sweep (examples/sweeps/edge-load.yaml) as a Slurm job array:
# array task i runs shard i of N, on the CPUs Slurm gives it, and writes its
# rows to results/. examples/slurm/merge.sh combines the shards afterwards.
#
# Submit from the repository root (built: npm ci), the merge to run once
# every array task has succeeded:
#
#   jid=$(sbatch --parsable examples/slurm/sweep-array.sh)
#   sbatch --dependency=afterok:${jid%%;*} --kill-on-invalid-dep=yes examples/slurm/merge.sh
#
# --parsable prints "jobid" or "jobid;cluster"; ${jid%%;*} keeps the id.
# afterok on the array's job id waits for all of its tasks, and needs every
# one to exit 0; --kill-on-invalid-dep=yes cancels the merge if one fails,
# rather than leaving it pending for ever.
#
# A failed shard is redone alone, the merge after it (the array's other
# tasks are done and their files complete):
#
#   jid=$(sbatch --parsable --array=2 examples/slurm/sweep-array.sh)
#   sbatch --dependency=afterok:${jid%%;*} examples/slurm/merge.sh
#
# N, the number of shards, is 4 here: change --array and SHARDS together
# (and SHARDS in merge.sh). Runs go to shards round robin (run index modulo
# N), so any N up to the number of runs (100) gives every shard a fair mix;
# see docs/scale-out.md, "Sizing shards".

#SBATCH --job-name=edge-load
#SBATCH --array=0-3                 # 0 to N-1: manychip numbers shards from 0, as SLURM_ARRAY_TASK_ID does here
#SBATCH --ntasks=1                  # one process per shard; it runs its own worker threads
#SBATCH --cpus-per-task=2           # worker threads per shard (--workers below follows it)
#SBATCH --mem-per-cpu=512M          # TODO(measure): peak RSS of an edge-load shard, per worker
#SBATCH --time=00:30:00             # TODO(measure): a shard's wall time, with room to spare
#SBATCH --output=edge-load_%A_%a.log  # %A: the array's job id, %a: this task's index
#SBATCH --open-mode=append          # a requeued task adds to its log instead of truncating it
#SBATCH --requeue                   # after preemption or a node failure, run the task again (it resumes, below)

set -euo pipefail

SHARDS=${SHARDS:-4}   # N; must match --array=0-(N-1)
# The sweep file, and the name of its result files (the sweep's name). Set
# both in the environment to run another sweep with this script (sbatch
# passes the environment on): SWEEP_FILE=my.yaml SWEEP_NAME=my-sweep sbatch ...
SWEEP_FILE=${SWEEP_FILE:-examples/sweeps/edge-load.yaml}
SWEEP_NAME=${SWEEP_NAME:-edge-load}

: "${SLURM_ARRAY_TASK_ID:?submit this script with sbatch, as a job array}"

# Catch a mismatch between --array and SHARDS before running anything:
# manychip would reject an index >= N, but a smaller --array would silently
# leave shards out (merge names them as missing).
if (( SLURM_ARRAY_TASK_MAX >= SHARDS )); then
  echo "error: --array goes up to $SLURM_ARRAY_TASK_MAX but SHARDS is $SHARDS" >&2
  exit 2
fi

# Slurm starts batch jobs in the directory sbatch was run from; the sweep
# file's paths are relative to the repository root.
cd "$SLURM_SUBMIT_DIR"
# module load nodejs/20             # if your site provides Node 20+ as a module
mkdir -p results

# --shard slurm/N takes this task's index from SLURM_ARRAY_TASK_ID.
# --workers: as many worker threads as CPUs allocated (the default reads
#   SLURM_CPUS_PER_TASK too; saying it keeps the script plain).
# --resume: a requeued task, or one resubmitted after a time-out, skips the
#   runs already in its file (a last line cut short is done again); on the
#   first attempt the file does not exist and it simply starts.
node dist/src/cli/bin.js sweep "$SWEEP_FILE" \
  --shard "slurm/$SHARDS" \
  --workers "$SLURM_CPUS_PER_TASK" \
  --output "results/$SWEEP_NAME.shard-${SLURM_ARRAY_TASK_ID}-of-${SHARDS}.jsonl" \
  --resume \
  --quiet
