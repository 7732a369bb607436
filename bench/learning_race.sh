#!/usr/bin/env bash
# Two agents on one game, each given the whole machine for the same wall-clock time, one after
# the other: each run is stopped with SIGINT when its time is up (it saves and ends cleanly),
# then the best checkpoint of each (the best periodic evaluation) plays GAMES greedy games.
# Prints a table of steps reached, training return and the games' score.
#   bash bench/learning_race.sh MINUTES ENV STEPS AGENT... [-- extra rlrun options]
# e.g. bash bench/learning_race.sh 30 flickering-pong 1000000 dqn drqn
# Runs go in runs/race-<env>-<agent>; needs a release build (`make build`). Not run by the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=$1 env=$2 steps=$3
shift 3
agents=() extra=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do agents+=("$1"); shift; done
[ $# -gt 0 ] && shift && extra=("$@")
games=${GAMES:-30}
# A copy of the binary, so that a rebuild during the race changes nothing in it.
binary=$(mktemp)
trap 'rm -f "$binary"' EXIT
cp .build/release/rlrun "$binary" && chmod +x "$binary"
grep -m1 "model name" /proc/cpuinfo
for agent in "${agents[@]}"; do
  dir=runs/race-$env-$agent
  rm -rf "$dir"
  echo "$(date -u +%H:%M:%S) $agent on $env for $minutes minutes"
  timeout -s INT "$((minutes * 60))" "$binary" "$agent" "$env" --steps "$steps" --run-dir "$dir" \
    --eval-every 25000 --eval-episodes 5 ${extra[@]+"${extra[@]}"} > "$dir.log" 2>&1 || true
  tail -n 2 "$dir.log"
done
printf "%-6s %10s %12s %28s\n" agent steps "train (100)" "best checkpoint, $games games"
for agent in "${agents[@]}"; do
  dir=runs/race-$env-$agent
  trained=$(tail -n 1 "$dir/progress.csv" | cut -d, -f1)
  recent=$(awk -F, 'NR > 1 && $4 != "" { r[n++] = $4 } END { s = 0; k = 0; for (i = (n > 100 ? n - 100 : 0); i < n; i++) { s += r[i]; k++ } if (k) printf "%.2f", s / k }' "$dir/progress.csv")
  score=$("$binary" eval "$dir/best.safetensors" --episodes "$games" --json | python3 -c 'import json,sys; r=json.load(sys.stdin); print("%.2f ± %.2f" % (r["return_mean"], r["return_std"]))')
  printf "%-6s %10s %12s %28s\n" "$agent" "$trained" "$recent" "$score"
done
