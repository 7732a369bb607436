#!/usr/bin/env bash
# Runs a command and records, every INTERVAL seconds until it ends, its resident memory
# (VmRSS), its peak (VmHWM), its open file descriptors and its threads, from /proc: a leak
# shows as a curve that keeps rising once the command's buffers are full. Not run by the tests.
#   bash bench/resident_memory.sh INTERVAL OUT.csv COMMAND…
# e.g. the 2-million-step DQN run on Pong's pixels:
#   bash bench/resident_memory.sh 60 memory.csv .build/release/rlrun dqn pong --steps 2000000
set -uo pipefail
interval=$1 out=$2
shift 2
"$@" > "$out.log" 2>&1 &
pid=$!
started=$(date +%s)
echo "seconds,rss_mib,peak_mib,fds,threads,step" > "$out"
# The step the run has reached: the first cell of progress.csv's last row, if the command
# names a run folder with --run-dir.
folder=""
previous=""
for argument in "$@"; do
  [ "$previous" = "--run-dir" ] && folder=$argument
  previous=$argument
done
sample() {
  local status rss peak fds threads step=""
  status=$(cat "/proc/$pid/status" 2>/dev/null) || return 1
  rss=$(echo "$status" | awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }')
  peak=$(echo "$status" | awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }')
  threads=$(echo "$status" | awk '/^Threads:/ { print $2 }')
  fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
  [ -n "$folder" ] && [ -f "$folder/progress.csv" ] && step=$(tail -1 "$folder/progress.csv" | cut -d, -f1)
  echo "$(( $(date +%s) - started )),$rss,$peak,$fds,$threads,$step" >> "$out"
}
while kill -0 "$pid" 2>/dev/null; do
  sample || break
  sleep "$interval"
done
wait "$pid"
code=$?
echo "exit $code after $(( $(date +%s) - started )) s; samples in $out, the command's output in $out.log"
exit $code
