#!/usr/bin/env bash
# Runs every fuzz target for a while and reports what each did: `make fuzz` calls it after
# building .build/fuzz/debug/rlrun-fuzz.
#   bash Fuzz/run.sh SECONDS TARGET…
# Each target starts from its committed seeds (Fuzz/Corpus/<target>, read only) and the corpus
# earlier runs grew (.build/fuzz-corpus/<target>, where new inputs go). An input that breaks
# the contract is written to .build/fuzz-crashes/<target>-crash-… (-leak-, -timeout-, -oom-);
# fix the reader, then commit the input under Fuzz/Regressions/<target>/ so that `make test`
# replays it. Exits non-zero if any target found one.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=$1; shift
binary=.build/fuzz/debug/rlrun-fuzz
mkdir -p .build/fuzz-crashes .build/fuzz-logs
printf "%-12s %12s %10s %8s %8s %8s  %s\n" target executions "exec/s" cov ft corpus crashes
failed=0
for target in "$@"; do
  corpus=.build/fuzz-corpus/$target
  log=.build/fuzz-logs/$target.log
  mkdir -p "$corpus"
  before=$(ls .build/fuzz-crashes | grep -c "^$target-" || true)
  # No Swift backtracer (it would wait on the crashed process); bounded time, memory and
  # single allocations: a header that claims 2^60 bytes must not get them.
  SWIFT_BACKTRACE=enable=no RLRUN_FUZZ_TARGET=$target "$binary" "$corpus" "Fuzz/Corpus/$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 -max_len=65536 \
    -artifact_prefix=".build/fuzz-crashes/$target-" -print_final_stats=1 > "$log" 2>&1
  after=$(ls .build/fuzz-crashes | grep -c "^$target-" || true)
  executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(echo "$last" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*')
  ft=$(echo "$last" | grep -o 'ft: [0-9]*' | grep -o '[0-9]*')
  units=$(ls "$corpus" | wc -l)
  printf "%-12s %12s %10s %8s %8s %8s  %s\n" "$target" "${executions:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$units" $((after - before))
  if [ "$after" -gt "$before" ]; then failed=1; grep -m3 -E 'ERROR|Fatal error|Precondition failed' "$log" | sed 's/^/    /'; fi
done
exit $failed
