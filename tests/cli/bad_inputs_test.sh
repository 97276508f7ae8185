#!/usr/bin/env bash
# Every file in tests/data/bad/ is one class of broken input. For each:
#   NAME.expected  what `retention validate NAME --as-of 2025-01-01` prints
#   NAME.report    line 1: the exit code of `retention report NAME --period 2024`;
#                  line 2 (optional): the first line it prints on stderr that
#                  is not a note (how the file was read)
#   NAME.args      (optional) more flags for both commands, on one line
# Usage: bad_inputs_test.sh path/to/retention path/to/tests/data/bad [--update]
set -uo pipefail
bin="$1"
dir="$2"
update="${3:-}"
cd "$dir"
# Outside the fixtures: a file left there would be read as one.
err="$(mktemp)"
trap 'rm -f "$err"' EXIT
passes=0
failures=0
for input in *; do
  case "$input" in *.expected | *.report | *.args) continue ;; esac
  args=()
  [ -f "$input.args" ] && read -ra args <"$input.args"
  got="$("$bin" validate "$input" --as-of 2025-01-01 "${args[@]}" 2>&1)"
  validate_exit=$?
  if [ "$update" = --update ]; then
    printf '%s\n' "$got" >"$input.expected"
  fi
  if [ "$got" == "$(cat "$input.expected")" ]; then
    passes=$((passes + 1))
  else
    echo "FAIL: validate $input"
    diff <(printf '%s\n' "$got") "$input.expected" | sed 's/^/  /'
    failures=$((failures + 1))
  fi
  # validate fails exactly when it found errors.
  want_exit=0
  grep -qE '(^|: )error: ' "$input.expected" && want_exit=1
  if [ "$validate_exit" != "$want_exit" ]; then
    echo "FAIL: validate $input exited $validate_exit, expected $want_exit"
    failures=$((failures + 1))
  fi

  "$bin" report "$input" --period 2024 --format csv --as-of 2025-01-01 "${args[@]}" >/dev/null 2>"$err"
  report_exit=$?
  first_line="$(grep -v -m 1 '^note' "$err")"
  if [ "$update" = --update ]; then
    printf '%s\n%s\n' "$report_exit" "$first_line" >"$input.report"
  fi
  if [ "$report_exit" == "$(sed -n 1p "$input.report")" ] &&
    [ "$first_line" == "$(sed -n 2p "$input.report")" ]; then
    passes=$((passes + 1))
  else
    echo "FAIL: report $input: exit $report_exit, stderr: $first_line"
    echo "  expected: exit $(sed -n 1p "$input.report"), stderr: $(sed -n 2p "$input.report")"
    failures=$((failures + 1))
  fi
done
echo "$passes passed, $failures failed"
[ "$failures" = 0 ] && [ "$passes" -gt 0 ]
