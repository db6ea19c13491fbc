#!/bin/bash
# Every handout of a chain, as a Slurm job array: one task per shard.
# Slurm sets SLURM_ARRAY_TASK_ID, _MIN, _MAX and _COUNT; `--shard auto` turns
# them into shard I of N (any minimum: --array=1-8 or 0-7 or 101-108 alike).
# The output folder must be on a file system every node sees.
#
#   jid=$(sbatch --parsable deploy/slurm-array.sh)
#   sbatch --dependency=afterok:$jid --wrap "handouts manifest merge /shared/out/chain"
#
#SBATCH --job-name=handouts-chain
#SBATCH --array=1-8              # N = 8 shards (see the README: how to size N)
#SBATCH --cpus-per-task=2        # --jobs auto uses these (the task's CPU affinity)
#SBATCH --mem=1G
#SBATCH --time=02:00:00
#SBATCH --output=logs/handouts-%A_%a.log

set -euo pipefail
# A task that was stopped resumes where it was when it runs again (sbatch
# --array=3 deploy/slurm-array.sh re-runs shard 3 alone).
exec handouts batch --brand /shared/chain/brand.yaml --locations /shared/chain/locations.csv \
    -o /shared/out/chain --shard auto --jobs auto --quiet
