#!/usr/bin/env bash
# Runs a command and records, every INTERVAL seconds until it ends, its resident memory
# (VmRSS), its peak (VmHWM), its open file descriptors and its threads, from /proc: a leak
# shows as a curve that keeps rising once the command's buffers are full. Draws the resident
# memory against time into OUT.svg. Not run by the tests.
#   bash bench/resident_memory.sh INTERVAL OUT.csv COMMAND…
#   bash bench/resident_memory.sh --plot OUT.csv TITLE     (only redraws OUT.svg)
# e.g. the 2-million-step DQN run on Pong's pixels:
#   bash bench/resident_memory.sh 60 memory.csv .build/release/rlrun dqn pong --steps 2000000

# plot OUT.csv TITLE: resident MiB against minutes, from 0, in a 640×320 SVG beside the CSV.
plot() {
  awk -F, -v title="$2" 'NR > 1 { t[n] = $1 / 60; m[n] = $2; if ($1 / 60 > tmax) tmax = $1 / 60; if ($2 > mmax) mmax = $2; n++ }
    END {
      if (n == 0) exit
      if (tmax == 0) tmax = 1
      top = mmax * 1.2; if (top == 0) top = 1
      printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"320\" font-family=\"sans-serif\" font-size=\"12\">\n"
      printf "<rect width=\"640\" height=\"320\" fill=\"white\"/>\n"
      gsub(/&/, "\\&amp;", title); gsub(/</, "\\&lt;", title)
      printf "<text x=\"60\" y=\"18\">resident memory of: %s</text>\n", title
      printf "<line x1=\"60\" y1=\"280\" x2=\"620\" y2=\"280\" stroke=\"black\"/><line x1=\"60\" y1=\"40\" x2=\"60\" y2=\"280\" stroke=\"black\"/>\n"
      printf "<text x=\"340\" y=\"310\" text-anchor=\"middle\">minutes (0 to %.0f)</text>\n", tmax
      printf "<text x=\"55\" y=\"284\" text-anchor=\"end\">0</text><text x=\"55\" y=\"44\" text-anchor=\"end\">%.0f MiB</text>\n", top
      printf "<polyline fill=\"none\" stroke=\"steelblue\" stroke-width=\"2\" points=\""
      for (i = 0; i < n; i++) printf "%.1f,%.1f ", 60 + 560 * t[i] / tmax, 280 - 240 * m[i] / top
      printf "\"/>\n</svg>\n"
    }' "$1" > "${1%.csv}.svg"
}
set -uo pipefail
if [ "$1" = --plot ]; then plot "$2" "$3"; exit; fi
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
plot "$out" "$*"
echo "exit $code after $(( $(date +%s) - started )) s; samples in $out, the curve in ${out%.csv}.svg, the command's output in $out.log"
exit $code
