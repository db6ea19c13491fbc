#!/bin/bash
# Every handout of a chain, as a Slurm job array: one task per shard.
# Slurm sets SLURM_ARRAY_TASK_ID, _MIN, _MAX and _COUNT; `--shard auto` turns
# them into shard I of N (any minimum: --array=1-8 or 0-7 or 101-108 alike).
# The output folder must be on a file system every node sees, and `handouts`
# on every node's PATH (sbatch passes the submitting shell's environment on).
#
# From the folder that is to hold the logs (handouts-<job>_<task>.log):
#   export HANDOUTS_BRAND=/shared/chain/brand.yaml HANDOUTS_LOCATIONS=/shared/chain/locations.csv
#   export HANDOUTS_OUT=/shared/out/chain
#   jid=$(sbatch --parsable deploy/slurm-array.sh)         # batch's options may follow
#   sbatch --dependency=afterany:$jid --output=handouts-merge-%j.log \
#       --wrap 'handouts manifest merge "$HANDOUTS_OUT"'
# afterany, not afterok: a shard with a bad row exits 1 (its other handouts are
# made), and afterok would then never start the merge. The merge checks every
# shard itself: it refuses, naming the shard, unless all N finished.
#
# To run a shard again (it was stopped, or its node failed), while Slurm still
# knows the job (MinJobAge, 5 minutes by default): scontrol requeue ${jid}_3.
# After that, submit the same array again: finished shards find nothing to
# render and the stopped one resumes. Never `sbatch --array=3`: a one-task
# array is shard 1 of 1, a different plan from the N shards beside it.
#
# Tried under a real Slurm (22.05, Debian's packages) by `make test-slurm`.
#
#SBATCH --job-name=handouts-chain
#SBATCH --array=1-8              # N = 8 shards (see the README: how to size N)
#SBATCH --cpus-per-task=2        # --jobs auto uses these (the task's CPU affinity)
#SBATCH --mem=1G
#SBATCH --time=02:00:00
#SBATCH --output=handouts-%A_%a.log   # Slurm creates no folder: a missing one fails every task

set -euo pipefail
# A task that was stopped resumes where it was when it runs again.
exec handouts batch --brand "${HANDOUTS_BRAND:-/shared/chain/brand.yaml}" \
    --locations "${HANDOUTS_LOCATIONS:-/shared/chain/locations.csv}" \
    -o "${HANDOUTS_OUT:-/shared/out/chain}" --shard auto --jobs auto --quiet "$@"
