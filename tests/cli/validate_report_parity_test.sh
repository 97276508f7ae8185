#!/usr/bin/env bash
# `validate` and `report` apply the same checks: over every input file in
# the folders given (folders that do not exist are skipped), `report` fails
# if and only if `validate` finds an error, and the first error `report`
# prints is the first error `validate` lists. NAME.args (optional) holds
# more flags for both commands, on one line.
# Usage: validate_report_parity_test.sh path/to/retention DIR...
set -uo pipefail
bin="$(realpath "$1")"
shift
TMPDIR_PARITY="$(mktemp -d)"
trap 'rm -rf "$TMPDIR_PARITY"' EXIT
checked=0
failures=0
# report names itself before an error of the whole input ("retention:
# error: ..."), where validate lists it among the others.
first_error() { grep -m 1 -E '(^|: )error: ' | sed 's/^retention: error: /error: /' || true; }
for dir in "$@"; do
  [ -d "$dir" ] || continue
  cd "$dir" || exit 1
  for input in *; do
    case "$input" in *.expected | *.report | *.args | *.md) continue ;; esac
    [ -f "$input" ] || continue
    args=()
    [ -f "$input.args" ] && read -ra args <"$input.args"
    validate_error="$("$bin" validate "$input" --as-of 2025-01-01 "${args[@]}" 2>&1 | first_error)"
    "$bin" report "$input" --period 2024 --format csv --as-of 2025-01-01 "${args[@]}" \
      >/dev/null 2>"$TMPDIR_PARITY/report.err"
    report_exit=$?
    report_error="$(first_error <"$TMPDIR_PARITY/report.err")"
    checked=$((checked + 1))
    if [ -n "$validate_error" ] && [ "$report_exit" = 0 ]; then
      echo "FAIL: $dir/$input: validate finds an error, report succeeds"
      echo "  validate: $validate_error"
      failures=$((failures + 1))
    elif [ -z "$validate_error" ] && [ "$report_exit" != 0 ]; then
      echo "FAIL: $dir/$input: validate finds no error, report exits $report_exit"
      echo "  report: $(head -n 1 "$TMPDIR_PARITY/report.err")"
      failures=$((failures + 1))
    elif [ "$validate_error" != "$report_error" ]; then
      echo "FAIL: $dir/$input: different first errors"
      echo "  validate: $validate_error"
      echo "  report:   $report_error"
      failures=$((failures + 1))
    fi
  done
  cd - >/dev/null || exit 1
done
echo "$checked files checked, $failures discrepancies"
[ "$failures" = 0 ] && [ "$checked" -gt 0 ]
