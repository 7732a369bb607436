#!/usr/bin/env bash
# rlrun next to PyTorch on this machine for the Fashion-MNIST CNN (models/cnn.toml's layers
# without BatchNorm and dropout, batch 64, Adam): rlrun's epoch of 60,000 images as its
# training step times the 938 steps (`rlrun bench --only fashion`), PyTorch's as one epoch
# measured whole (bench/pytorch_fashion_cnn.py), in alternation, round after round, so that
# both see the same machine (a shared VM's speed drifts by tens of percent over minutes).
# Needs `pip install torch` and a release build (`make build`). Not run by the tests.
#   bash bench/compare_pytorch_fashion.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
printf "%-6s %18s %18s\n" round "rlrun epoch s" "torch epoch s"
for round in $(seq 1 "$rounds"); do
  ours=$(.build/release/rlrun bench --only fashion --json)
  theirs=$(python3 bench/pytorch_fashion_cnn.py --epochs 1 --threads 2 --json)
  python3 - "$round" "$ours" "$theirs" <<'PY'
import json, sys
round_, ours, theirs = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
print("%-6s %18.1f %18.1f" % (round_, ours["fashion_cnn_epoch_60k"]["value"], theirs["epoch_seconds"][0]))
PY
done
