#!/usr/bin/env bash
# rlrun next to PyTorch on this machine: the Nature DQN training step (batch 32) and the
# acting latency (one observation, and eight), measured in alternation, round after round, so that both
# see the same machine (a shared VM's speed drifts by tens of percent over minutes).
# Needs `pip install torch` and a release build (`make build`). Not run by the tests.
#   bash bench/compare_pytorch.sh [rounds] [threads]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
threads=${2:-2}
printf "%-6s %14s %14s %13s %13s %15s %15s\n" round "rlrun step ms" "torch step ms" "rlrun act µs" "torch act µs" "rlrun act8 µs" "torch act8 µs"
for round in $(seq 1 "$rounds"); do
  ours=$(.build/release/rlrun bench --only dqn --threads "$threads" --json)
  theirs=$(python3 bench/pytorch_dqn.py --threads "$threads" --json)
  python3 - "$round" "$ours" "$theirs" <<'PY'
import json, sys
round_, ours, theirs = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
print("%-6s %14.1f %14.1f %13.0f %13.0f %15.0f %15.0f" % (round_,
      ours["dqn_train_step_b32"]["value"], theirs["dqn_train_step"]["median_ms"],
      ours["dqn_forward_b1"]["value"], theirs["act_latency"]["median_ms"] * 1000,
      ours["dqn_forward_b8"]["value"], theirs["act_latency_b8"]["median_ms"] * 1000))
PY
done
