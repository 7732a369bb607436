#!/usr/bin/env bash
# rlrun's Breakout and Pong next to the ALE's (ale-py), the same two fixed policies on each: the
# random agent and the scripted ball follower, whole games under the same preprocessing. Prints
# one line per game, policy and side: mean ± standard deviation of the score, its standard error,
# the mean length in agent steps, and lives or points lost a minute of play.
# Needs `pip install ale-py==0.12.1 numpy` and a release build (`make build`). Not run by the tests.
#   bash bench/compare_ale.sh [games] [breakout|pong|all]
set -euo pipefail
cd "$(dirname "$0")/.."
games=${1:-1000}
which=${2:-all}
[ "$which" = all ] && set -- breakout pong || set -- "$which"
ale=$(mktemp) log=$(mktemp)
trap 'rm -f "$ale" "$log"' EXIT
printf "%-9s %-9s %-6s %18s %8s %10s %12s\n" game policy side "score" "s.e." "length" "lost/min"
for game in "$@"; do
  # The ALE's side prints its progress; shown only if it fails.
  python3 bench/ale_policies.py --games "$games" --game "$game" --policy all --out "$ale" > "$log" 2>&1 || { cat "$log" >&2; exit 1; }
  for policy in random follower; do
    ours=$(.build/release/rlrun eval "$policy" "$game" --episodes "$games" --json)
    python3 - "$game" "$policy" "$ours" "$ale" <<'PY'
import json, math, sys
game, policy, ours, path = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
row = next(r for r in json.load(open(path))["results"] if r["game"] == game and r["policy"] == policy)
# Both sides as rlrun eval counts: the population deviation, its standard error over √(n − 1),
# minutes of play as agent steps × 4 frames at 60 a second.
scores, lengths = row["scores"], row["lengths"]
n = len(scores)
mean = sum(scores) / n
std = math.sqrt(sum((s - mean) ** 2 for s in scores) / n)
minutes = sum(lengths) * 4 / 3600
line = "%-9s %-9s %-6s %9.2f ± %6.2f %8.2f %10.1f %12.2f"
print(line % (game, policy, "rlrun", ours["return_mean"], ours["return_std"], ours["return_sem"], ours["length_mean"],
              ours["lost_per_minute"]))
print(line % (game, policy, "ALE", mean, std, std / math.sqrt(n - 1), sum(lengths) / n, row["lost_total"] / minutes))
PY
  done
done
