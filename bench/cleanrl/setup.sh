#!/usr/bin/env bash
# Two Python environments to run CleanRL's Atari scripts unmodified on a CPU-only machine, as
# the peers of `rlrun ppo pong` and `rlrun pqn pong` (bench/cleanrl/run.sh). Not run by the tests.
#   bash bench/cleanrl/setup.sh DIR
# DIR gets venv-pqn (envpool 0.8.4 and gym 0.23.1, as pqn_atari_envpool.py pins them) and
# venv-ppo (gymnasium 0.29.1, the last that has the wrappers ppo_atari.py uses, and ale-py
# 0.10.2, which ships the ROMs). Both take torch 2.4.1 from PyPI. Put CleanRL's scripts in
# DIR/cleanrl/ (pqn_atari_envpool.py, ppo_atari.py) and its DIR/cleanrl_utils/, unchanged.
set -euo pipefail
dir=${1:?usage: bash bench/cleanrl/setup.sh DIR}
mkdir -p "$dir"
python3 -m venv "$dir/venv-pqn"
"$dir/venv-pqn/bin/pip" install -q torch==2.4.1 "numpy<2" envpool==0.8.4 gym==0.23.1 tyro tensorboard
python3 -m venv "$dir/venv-ppo"
"$dir/venv-ppo/bin/pip" install -q torch==2.4.1 "numpy<2" gymnasium==0.29.1 "ale-py>=0.9,<0.11" tyro tensorboard opencv-python-headless
# ale-py ≥ 0.9 registers its games when imported, and ppo_atari.py does not import it; a .pth
# file imports it as Python starts (and puts DIR on the path for cleanrl_utils), so the script
# runs as it is.
site=$("$dir/venv-ppo/bin/python" -c 'import site; print(site.getsitepackages()[0])')
printf '%s\nimport ale_py\n' "$(cd "$dir" && pwd)" > "$site/cleanrl_peers.pth"
echo "ready: $dir/venv-pqn, $dir/venv-ppo"
