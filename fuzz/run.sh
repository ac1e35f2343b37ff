#!/usr/bin/env bash
# Runs every fuzz target for N seconds (default 30), two at a time (FUZZ_JOBS=1: one, leaving a
# core to other work; a starved target can pass the 1 s limit without a real hang), each from its committed
# seeds (fuzz/seeds/<target>) plus what earlier runs found (fuzz/corpus/<target>, not
# committed). A crash, a run over 1 s or over 512 MB fails the target; its input is left in
# fuzz/artifacts/<target>/. Needs the nightly toolchain and cargo-fuzz
# (`cargo install cargo-fuzz`). Usage: fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-30}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo +nightly fuzz list)
fi
cargo +nightly fuzz build -O >/dev/null
failed=()
run() {
  local t="$1"
  mkdir -p "corpus/$t"
  if cargo +nightly fuzz run -O "$t" "corpus/$t" "seeds/$t" -- \
      -max_total_time="$seconds" -timeout=1 -rss_limit_mb=512 -print_final_stats=1 \
      >"corpus/$t.log" 2>&1; then
    echo "ok      $t ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "corpus/$t.log" | grep -o '[0-9]*$') runs in ${seconds} s)"
  else
    echo "FAILED  $t: see fuzz/corpus/$t.log and fuzz/artifacts/$t/"
    return 1
  fi
}
pids=()
for t in "${targets[@]}"; do
  run "$t" & pids+=("$!:$t")
  if [ ${#pids[@]} -ge "${FUZZ_JOBS:-2}" ]; then
    for p in "${pids[@]}"; do wait "${p%%:*}" || failed+=("${p#*:}"); done
    pids=()
  fi
done
for p in "${pids[@]}"; do wait "${p%%:*}" || failed+=("${p#*:}"); done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz targets with findings: ${failed[*]}"
  exit 1
fi
echo "all ${#targets[@]} fuzz targets ran ${seconds} s without a finding"
