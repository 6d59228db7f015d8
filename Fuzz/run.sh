#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each one for a bounded time.
#
#   Fuzz/run.sh [SECONDS] [TARGET...]     # default 60 s each; targets: csv jsonl model
#   FUZZ_SEED=0 Fuzz/run.sh 600          # random seed (default: seed 1, reproducible)
#
# The HealthCalFormats and HealthCal sources are compiled once, with libFuzzer
# coverage and AddressSanitizer, into .build/fuzz/libHealthCalFormats.a and
# libHealthCal.a (rebuilt only when a source file changed); each target in Fuzz/Targets links against it with
# the helpers in Fuzz/Shared. Seeds are small slices of Fixtures/ written by
# Fuzz/seeds.py into .build/fuzz/corpus/TARGET, which libFuzzer grows across
# runs (delete it to start over). Nothing here is committed output.
#
# A finding stops that target and the script exits 1; the input is saved as
# .build/fuzz/artifacts/TARGET-crash-* and replays with
#   .build/fuzz/fuzz-TARGET .build/fuzz/artifacts/TARGET-crash-...
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
# The Swift runtime's crash backtracer would wait on a crashed fuzzer;
# libFuzzer and ASan print their own report.
export SWIFT_BACKTRACE=enable=no

seconds="${1:-60}"
# A fixed seed makes a CI run explore the same inputs every time; long
# exploratory runs can pass FUZZ_SEED=0 for a random one.
seed="${FUZZ_SEED:-1}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv jsonl model)

out=.build/fuzz
mkdir -p "$out/artifacts"
flags=(-sanitize=fuzzer,address -parse-as-library -O -g)
# The two library modules the readers live in, compiled as the package
# compiles them (package access shared through -package-name).
package=(-package-name healthcal)
formats="$out/libHealthCalFormats.a"
library="$out/libHealthCal.a"

if [ ! -f "$formats" ] || [ -n "$(find Sources/HealthCalFormats -name '*.swift' -newer "$formats" -print -quit)" ]; then
  echo "== fuzz: building HealthCalFormats with coverage and AddressSanitizer"
  mapfile -t sources < <(find Sources/HealthCalFormats -name '*.swift' | sort)
  swiftc "${flags[@]}" "${package[@]}" -enable-testing -module-name HealthCalFormats -emit-library -static \
    -emit-module -emit-module-path "$out/HealthCalFormats.swiftmodule" "${sources[@]}" -o "$formats"
  rm -f "$library"
fi
if [ ! -f "$library" ] || [ -n "$(find Sources/HealthCal -name '*.swift' -newer "$library" -print -quit)" ]; then
  echo "== fuzz: building HealthCal with coverage and AddressSanitizer"
  mapfile -t sources < <(find Sources/HealthCal -name '*.swift' | sort)
  swiftc "${flags[@]}" "${package[@]}" -I "$out" -enable-testing -module-name HealthCal -emit-library -static \
    -emit-module -emit-module-path "$out/HealthCal.swiftmodule" "${sources[@]}" -o "$library"
fi

entry() {
  case "$1" in
    csv) echo Fuzz/Targets/CSVFuzz.swift ;;
    jsonl) echo Fuzz/Targets/JSONLinesFuzz.swift ;;
    model) echo Fuzz/Targets/ModelFuzz.swift ;;
    *) echo "unknown fuzz target '$1'; expected csv, jsonl or model" >&2; exit 1 ;;
  esac
}

dictionary() {
  case "$1" in
    csv) echo Fuzz/Dictionaries/csv.dict ;;
    *) echo Fuzz/Dictionaries/json.dict ;;
  esac
}

python3 Fuzz/seeds.py Fixtures "$out/corpus"

status=0
for target in "${targets[@]}"; do
  binary="$out/fuzz-$target"
  source="$(entry "$target")"
  if [ ! -f "$binary" ] || [ -n "$(find "$library" "$formats" "$source" Fuzz/Shared -newer "$binary" -print -quit)" ]; then
    echo "== fuzz: building $target"
    # ld.gold warns once per ASan helper symbol; the warnings are harmless.
    swiftc "${flags[@]}" "${package[@]}" -I "$out" "$source" Fuzz/Shared/*.swift "$library" "$formats" -o "$binary" 2> >(grep -v "ld.gold: warning: Cannot export local symbol" >&2)
  fi
  echo "== fuzz: $target for ${seconds}s"
  log="$out/$target.log"
  set +e
  "$binary" "$out/corpus/$target" -dict="$(dictionary "$target")" -max_total_time="$seconds" -seed="$seed" \
    -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/$target-" > "$log" 2>&1
  code=$?
  set -e
  runs=$(grep -oE "stat::number_of_executed_units: *[0-9]+" "$log" | grep -oE "[0-9]+$" || echo "?")
  speed=$(grep -oE "stat::average_exec_per_sec: *[0-9]+" "$log" | grep -oE "[0-9]+$" || echo "?")
  if [ "$code" -ne 0 ]; then
    echo "fuzz $target: FAILED after $runs runs (exit $code); log: $log"
    grep -E "invariant broken|Fatal error|ERROR: AddressSanitizer|SUMMARY|Test unit written" "$log" | head -10
    status=1
  else
    echo "fuzz $target: ok, $runs runs, $speed exec/s, corpus $(ls "$out/corpus/$target" | wc -l) inputs"
  fi
done
exit "$status"
