#!/usr/bin/env bash
# Every agent on CartPole-v1, SEEDS seeds each, one run after the other: each trains with its
# preset's [cartpole] section until a 10-episode greedy evaluation every 2,000 steps reaches 475
# (or its steps run out), then its best checkpoint plays 100 greedy episodes. Prints a row per
# run, then `rlrun compare` draws each agent's seeds as a mean with a band against steps
# (runs/cartpole/compare.svg) and prints the grouped table.
#   bash bench/cartpole_agents.sh [seeds] [agent...]
# Runs go in runs/cartpole/<agent>-s<seed>; needs a release build (`make build`). Not run by the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-3}
shift || true
agents=("$@")
[ ${#agents[@]} -gt 0 ] || agents=(reinforce dqn drqn a3c unreal ppo pqn)
rlrun=.build/release/rlrun
grep -m1 "model name" /proc/cpuinfo
printf "%-9s %4s %8s %9s %26s\n" agent seed steps seconds "best checkpoint, 100 eps"
dirs=()
for agent in "${agents[@]}"; do
  for seed in $(seq 1 "$seeds"); do
    dir=runs/cartpole/$agent-s$seed
    rm -rf "$dir"
    "$rlrun" "$agent" cartpole --seed "$seed" --stop-at 475 --eval-every 2000 --run-dir "$dir" > "$dir.log" 2>&1
    steps=$(tail -n 1 "$dir/progress.csv" | cut -d, -f1)
    seconds=$(sed -nE 's/.* after ([0-9.]+) s: .*/\1/p' "$dir.log")
    score=$("$rlrun" eval "$dir" --episodes 100 --json |
      python3 -c 'import json,sys; r=json.load(sys.stdin); print("%.2f ± %.2f" % (r["return_mean"], r["return_std"]))')
    printf "%-9s %4s %8s %9s %26s\n" "$agent" "$seed" "$steps" "$seconds" "$score"
    dirs+=("$dir")
  done
done
"$rlrun" compare "${dirs[@]}" --group-seeds --window 20 --output runs/cartpole/compare.svg \
  --title "CartPole-v1: each agent's seeds, until an evaluation reaches 475"
"$rlrun" compare "${dirs[@]}" --group-seeds --window 20 --csv
