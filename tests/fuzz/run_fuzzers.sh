#!/usr/bin/env bash
# Runs every libFuzzer target for its share of a time budget.
#
#   tests/fuzz/run_fuzzers.sh BUILD_DIR [SECONDS_TOTAL]
#
# BUILD_DIR was configured with -DRETENTION_FUZZ=ON (see README.md).
# SECONDS_TOTAL (default 60) is split evenly between the targets. Each runs
# on a copy of its seed corpus in a temporary directory, so nothing is
# written into the repository. Exits 1 when any target finds a crash, leak,
# timeout or out-of-memory input, printing the reproducer's path and bytes.
set -u

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 BUILD_DIR [SECONDS_TOTAL]" >&2
  exit 2
fi
build_dir=$1
total=${2:-60}
if ! [[ $total =~ ^[0-9]+$ ]] || (( total < 1 )); then
  echo "$0: SECONDS_TOTAL must be a positive whole number of seconds, not '$total'" >&2
  exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
targets=(fuzz_csv_reader fuzz_json_reader fuzz_date_parser fuzz_money fuzz_gate_parser fuzz_load)
share=$(( total / ${#targets[@]} ))
(( share < 1 )) && share=1

work=$(mktemp -d "${TMPDIR:-/tmp}/retention-fuzz.XXXXXX")
keep_work=0
cleanup() { if (( keep_work == 0 )); then rm -rf "$work"; fi; }
trap cleanup EXIT

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

passed=0
failed=0
for target in "${targets[@]}"; do
  binary=""
  for candidate in "$build_dir/tests/fuzz/$target" "$build_dir/$target"; do
    if [[ -x $candidate ]]; then binary=$candidate; break; fi
  done
  if [[ -z $binary ]]; then
    echo "FAIL $target: no binary in $build_dir/tests/fuzz (build with --target retention_fuzzers)"
    failed=$((failed + 1))
    continue
  fi

  dir="$work/$target"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  if [[ -d $here/corpus/$target ]]; then cp -R "$here/corpus/$target/." "$dir/corpus/"; fi
  echo "== $target: ${share}s on $(find "$dir/corpus" -type f | wc -l) seeds"
  "$binary" "$dir/corpus" \
    -max_total_time="$share" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$dir/artifacts/" >"$dir/log" 2>&1
  status=$?

  shopt -s nullglob
  found=("$dir"/artifacts/crash-* "$dir"/artifacts/leak-* "$dir"/artifacts/timeout-* \
         "$dir"/artifacts/oom-*)
  shopt -u nullglob
  if (( status == 0 && ${#found[@]} == 0 )); then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
    echo "PASS $target (${runs:-?} runs)"
    passed=$((passed + 1))
    continue
  fi

  failed=$((failed + 1))
  keep_work=1
  echo "FAIL $target (exit status $status); log: $dir/log"
  # The sanitizer's or libFuzzer's own summary of what went wrong.
  grep -E "^(==[0-9]+==ERROR|SUMMARY|FUZZ_CHECK|.*runtime error:|    #[0-9]+ )" "$dir/log" \
    | head -25 | sed 's/^/  | /'
  if (( ${#found[@]} == 0 )); then
    echo "  no reproducer was written; last lines of the log:"
    tail -15 "$dir/log" | sed 's/^/  | /'
  fi
  for artifact in "${found[@]}"; do
    echo "  reproducer: $artifact ($(wc -c <"$artifact") bytes)"
    echo "  rerun: $binary $artifact"
    head -c 256 "$artifact" | od -A x -t x1z -v | sed 's/^/    /'
  done
done

echo "$passed passed, $failed failed"
(( failed == 0 ))
