#!/usr/bin/env bash
# The kill test (`make crash-test`): training runs killed with SIGKILL at random moments, then
# resumed, again and again, and checked after every kill and at the end. Needs a release
# build (.build/release/rlrun).
#   bash Crash/run.sh [KILLS_PER_RUN] [SEED]
# Each run below is started, killed KILLS_PER_RUN times and finally resumed to its end. The
# first kill comes at a random moment of its window (drawn from SEED), which may be before
# anything was saved; the second as soon as a save is seen in progress (its temporary file);
# the others at a random moment after the segment's first save. After every kill:
#   - `rlrun status` must load every checkpoint in the run folder into its agent;
#   - the saved step must not go back.
# At the end:
#   - the run must be finished and its checkpoints load;
#   - progress.csv must hold each game once: games numbered 1, 2, 3… with none missing or
#     twice, and steps that never go back (the rows a killed run wrote after its last save
#     are cut when it resumes);
#   - the last checkpoint's game counter must equal the games in progress.csv;
#   - DQN's ε in progress.csv must follow its schedule at every step (a resumed run that
#     restarted its schedule would not).
# Prints a line per run (for DQN with --save-replay, "memory" counts the resumes that restored
# the replay memory; the others found none yet, or one from another moment than the checkpoint,
# which they set aside) and a total, and exits non-zero on the first broken check.
set -uo pipefail
cd "$(dirname "$0")/.."
kills_per_run=${1:-4}
RANDOM=${2:-1}
rlrun=.build/release/rlrun
[ -x "$rlrun" ] || { echo "$rlrun is missing: build it with swift build -c release --product rlrun" >&2; exit 1; }
folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT

# agent, environment, what it exercises, the window of each kill (seconds after the start:
# at least the first, plus up to the second; pixel runs report, and so save, less often) and
# its options: runs short enough to finish, saving every second so that kills also land in
# the middle of saves. DQN on Pong saves its replay memory too (--save-replay, 100 MB here),
# which makes each save long enough for kills to land inside it.
runs=(
  "dqn|pong|DQN + replay memory, pixels|4|10|--steps 12000 --save-replay --set learning_starts=2000 --set replay_capacity=15000 --eval-every 4000 --eval-episodes 1"
  "dqn|cartpole|DQN, vectors|2|8|--steps 400000 --eval-every 50000 --eval-episodes 5"
  "a3c|cartpole|A3C threads, vectors|2|8|--steps 1000000 --eval-every 200000 --eval-episodes 5"
  "a3c|pong|A3C threads, pixels|8|14|--steps 12000 --eval-every 0"
  "ppo|pong|PPO vector env, pixels|5|12|--steps 20480 --eval-every 0"
  "pqn|cartpole|PQN vector env, vectors|2|8|--steps 1000000 --eval-every 250000 --eval-episodes 5"
)

fail() { echo "FAILED: $*" >&2; exit 1; }
saved_step() { "$rlrun" status "$1" | sed -n 's/^  steps: \([0-9,]*\) saved.*/\1/p' | tr -d ,; }

printf "%-42s %6s %9s %12s %8s %8s %8s\n" run kills mid-save checkpoints memory games result
total_kills=0 total_mid_save=0 total_loads=0
for run in "${runs[@]}"; do
  IFS='|' read -r agent env what first span options <<< "$run"
  # CRASH_RUNS="dqn-cartpole a3c-pong" picks runs by agent-environment.
  [ -n "${CRASH_RUNS:-}" ] && [[ " $CRASH_RUNS " != *" $agent-$env "* ]] && continue
  dir=$folder/$agent-$env
  kills=0 mid_save=0 loads=0 previous=0 restored=0
  command=("$rlrun" "$agent" "$env" --run-dir "$dir" --save-every 1 $options)
  while [ "$kills" -lt "$kills_per_run" ]; do
    touch "$dir.started"
    "${command[@]}" > "$dir.log" 2>&1 &
    pid=$!
    case $kills in
      0) # Anywhere, also before the first save.
         sleep "$((first + RANDOM % span)).$((RANDOM % 10))" ;;
      1) # In the middle of a save if one is caught within 30 s: at its temporary file.
         deadline=$((SECONDS + 30))
         until ls -a "$dir" 2>/dev/null | grep -q '\.tmp-' || [ "$SECONDS" -ge "$deadline" ] || ! kill -0 "$pid" 2>/dev/null; do
           sleep 0.002
         done ;;
      *) # After this segment's first save, so that every segment saves something.
         deadline=$((SECONDS + 180))
         until [ "$dir/latest.safetensors" -nt "$dir.started" ] || [ "$SECONDS" -ge "$deadline" ] || ! kill -0 "$pid" 2>/dev/null; do
           sleep 0.1
         done
         sleep "$((RANDOM % span)).$((RANDOM % 10))" ;;
    esac
    if ! kill -0 "$pid" 2>/dev/null; then wait "$pid"; fail "$agent $env ended before its kill: $(tail -c 300 "$dir.log")"; fi
    kill -9 "$pid"; wait "$pid" 2>/dev/null
    [ "$kills" -gt 0 ] && grep -q "restored the replay memory" "$dir.log" && restored=$((restored + 1))
    kills=$((kills + 1))
    # A temporary file beside the checkpoints: the kill landed in the middle of a save.
    ls -a "$dir" | grep -q '\.tmp-' && mid_save=$((mid_save + 1))
    status=$("$rlrun" status "$dir") || fail "$agent $env: after kill $kills a checkpoint does not load: $status"
    loads=$((loads + $(echo "$status" | grep -c 'loads$')))
    step=$(saved_step "$dir"); step=${step:-0}
    [ "$step" -ge "$previous" ] || fail "$agent $env: the saved step went back from $previous to $step"
    previous=$step
    command=("$rlrun" "$agent" --resume "$dir" --save-every 1)
  done
  "${command[@]}" > "$dir.log" 2>&1 || fail "$agent $env: the last resume failed: $(tail -c 300 "$dir.log")"
  grep -q "restored the replay memory" "$dir.log" && restored=$((restored + 1))
  status=$("$rlrun" status "$dir") || fail "$agent $env: a final checkpoint does not load: $status"
  echo "$status" | head -1 | grep -q 'finished$' || fail "$agent $env: not finished: $status"
  loads=$((loads + $(echo "$status" | grep -c 'loads$')))
  csv=$dir/progress.csv
  awk -F, 'NR == 1 { next } $1 + 0 < last { print "step " $1 " after step " last " on line " NR; exit 1 } { last = $1 + 0 }' "$csv" \
    || fail "$agent $env: progress.csv goes back in steps"
  awk -F, 'NR == 1 || $3 == "" { next } $3 != games + 1 { print "game " $3 " after game " games " on line " NR; exit 1 } { games = $3 }' "$csv" \
    || fail "$agent $env: progress.csv repeats or skips a game"
  games=$(awk -F, 'NR > 1 && $3 != "" { n++ } END { print n + 0 }' "$csv")
  counted=$(echo "$status" | sed -n 's/^  latest.safetensors: .*episodes \([0-9,]*\).*/\1/p' | tr -d ,)
  [ "$games" = "$counted" ] || fail "$agent $env: progress.csv has $games games, the last checkpoint counts $counted"
  if [ "$agent" = dqn ]; then
    # ε(t) = ε_start + (ε_end − ε_start)·min(1, t / (fraction · steps)), from the run's config.toml.
    setting() { sed -n "s/^$1 = \([0-9.e+-]*\).*/\1/p" "$dir/config.toml"; }
    start=$(setting epsilon_start) end=$(setting epsilon_end) fraction=$(setting exploration_fraction) steps=$(setting steps)
    column=$(head -1 "$csv" | tr , '\n' | grep -n '^epsilon$' | cut -d: -f1)
    awk -F, -v c="$column" -v s="$start" -v e="$end" -v f="$fraction" -v n="$steps" 'NR > 1 && $c != "" {
        t = $1 / (f * n); if (t > 1) t = 1; want = s + (e - s) * t
        if ((want - $c) > 1e-3 || ($c - want) > 1e-3) { print "ε " $c " at step " $1 ", schedule " want; exit 1 } }' "$csv" \
      || fail "$agent $env: ε left its schedule"
  fi
  memory=-
  [[ "$options" == *--save-replay* ]] && memory="$restored/$kills"
  printf "%-42s %6d %9d %12d %8s %8d %8s\n" "$agent $env ($what)" "$kills" "$mid_save" "$loads" "$memory" "$games" ok
  total_kills=$((total_kills + kills)) total_mid_save=$((total_mid_save + mid_save)) total_loads=$((total_loads + loads))
done
echo "$total_kills kills ($total_mid_save in the middle of a save); $total_loads checkpoint loads, all whole; every run resumed to its end with consistent counters and progress.csv"
