#!/usr/bin/env bash
# Writes docs/commands.md from the built rlrun's own --help, at 100 columns:
#   bash docs/tools/command-reference.sh [path/to/rlrun] > docs/commands.md   (make docs does this)
# `make test` (DocsTests) checks the page against --help, so it cannot drift from the parser.
set -euo pipefail
rlrun=${1:-.build/release/rlrun}
export COLUMNS=100
commands=$("$rlrun" --help | sed -n '/^SUBCOMMANDS:/,/^$/p' | grep -E '^  [a-z0-9-]+ ' | awk '{print $1}')
echo "# Command reference"
echo
echo "Every command's help, as \`rlrun <command> --help\` prints it in a terminal 100 columns wide."
echo "The presets a command reads are in [presets.md](presets.md)."
echo
for command in $commands; do
  summary=$("$rlrun" --help | sed -n '/^SUBCOMMANDS:/,/^$/p' | awk -v c="$command" '
    $0 ~ "^  " c " " { on = 1; sub(/^  [a-z0-9-]+ +/, ""); printf "%s", $0; next }
    on && /^                        / { sub(/^ +/, " "); printf "%s", $0; next }
    on { exit }')
  echo "- [\`rlrun $command\`](#rlrun-$command): $summary"
done
echo
echo "## rlrun"
echo
echo '```text'
"$rlrun" --help
echo '```'
for command in $commands; do
  echo
  echo "## rlrun $command"
  echo
  echo '```text'
  "$rlrun" "$command" --help
  echo '```'
done
