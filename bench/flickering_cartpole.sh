#!/usr/bin/env bash
# DQN and DRQN on CartPole whose observation is blank (all zeros) at half the steps
# (env.flicker_probability=0.5): a step's observation alone cannot tell the pole's state, a
# memory of the last ones can. Each agent's CartPole preset, SEEDS seeds one after the other,
# then 100 greedy episodes of each run's last checkpoint under the same flicker.
#   bash bench/flickering_cartpole.sh [seeds] [probability]
# Runs go in runs/flicker-cartpole-<agent>-s<seed>; needs a release build (`make build`).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-3} probability=${2:-0.5}
grep -m1 "model name" /proc/cpuinfo
printf "%-6s %5s %12s %12s %20s\n" agent seed seconds "train (100)" "greedy, 100 episodes"
for agent in dqn drqn; do
  for seed in $(seq 1 "$seeds"); do
    dir=runs/flicker-cartpole-$agent-s$seed
    rm -rf "$dir"
    line=$(.build/release/rlrun "$agent" cartpole --seed "$seed" --run-dir "$dir" --eval-every 0 \
      --set env.flicker_probability="$probability" 2>&1 | tail -n 1)
    seconds=$(echo "$line" | sed -E 's/.*after ([0-9.]+) s.*/\1/')
    recent=$(echo "$line" | sed -E 's/.*episodes (-?[0-9.]+);.*/\1/')
    score=$(.build/release/rlrun eval "$dir/latest.safetensors" --episodes 100 --json |
      python3 -c 'import json,sys; r=json.load(sys.stdin); print("%.1f ± %.1f" % (r["return_mean"], r["return_std"]))')
    printf "%-6s %5s %12s %12s %20s\n" "$agent" "$seed" "$seconds" "$recent" "$score"
  done
done
