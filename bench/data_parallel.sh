#!/usr/bin/env bash
# PPO on Pong from pixels across 1, 2 and 4 ranks of this machine (mpirun --oversubscribe),
# in alternation round after round, so that each count sees the same machine: total steps a
# second of all ranks (the training time of `--steps`, as the run prints it at the end),
# with evaluations off. Needs a release build (`make build`). Not run by the tests.
#   bash bench/data_parallel.sh [rounds] [steps]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}
steps=${2:-32768}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl_vader_single_copy_mechanism=none
folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
printf "%-6s %-6s %10s %12s\n" round ranks seconds "steps/s"
for round in $(seq 1 "$rounds"); do
  for ranks in 1 2 4; do
    rm -rf "$folder/run"
    line=$(mpirun --oversubscribe --bind-to none -np "$ranks" .build/release/rlrun ppo pong --steps "$steps" \
             --eval-every 0 --run-dir "$folder/run" | tr '\r' '\n' | grep '^done after')
    seconds=$(echo "$line" | sed -E 's/^done after ([0-9.]+) s.*/\1/')
    done_steps=$(tail -1 "$folder/run/progress.csv" | cut -d, -f1)
    printf "%-6s %-6s %10s %12.0f\n" "$round" "$ranks" "$seconds" "$(awk -v s="$done_steps" -v t="$seconds" 'BEGIN { print s / t }')"
  done
done
