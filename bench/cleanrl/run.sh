#!/usr/bin/env bash
# Runs one of CleanRL's Atari scripts on Pong for a while, as its users run it (8 envs, its
# defaults, --no-cuda), then prints its agent steps a second and training returns
# (read_returns.py). Not run by the tests.
#   bash bench/cleanrl/run.sh DIR pqn|ppo [SECONDS]
# DIR as bench/cleanrl/setup.sh made it. Runs in DIR, so its tensorboard logs go to DIR/runs/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(cd "${1:?usage: bash bench/cleanrl/run.sh DIR pqn|ppo [SECONDS]}" && pwd)
which=${2:?name pqn or ppo}
seconds=${3:-900}
case "$which" in
  pqn) python=$dir/venv-pqn/bin/python; script=$dir/cleanrl/pqn_atari_envpool.py; env=Pong-v5 ;;
  ppo) python=$dir/venv-ppo/bin/python; script=$dir/cleanrl/ppo_atari.py; env=PongNoFrameskip-v4 ;;
  *) echo "run.sh: '$which' is not pqn or ppo" >&2; exit 2 ;;
esac
cd "$dir"
before=$(ls -d runs/*/ 2>/dev/null | sort || true)
timeout -s INT "$seconds" "$python" "$script" --env-id "$env" --no-cuda --seed 1 > "$which.log" 2>&1 || true
after=$(ls -d runs/*/ | sort)
run=$(comm -13 <(echo "$before") <(echo "$after") | tail -1)
"$python" "$here/read_returns.py" "$run"
