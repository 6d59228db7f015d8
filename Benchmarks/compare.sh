#!/usr/bin/env bash
# healthcal vs the Python reference (numpy, and numpy + scikit-learn) on the
# same synthetic data in one run: times, ratios, compute bound, agreement.
#
#   Benchmarks/compare.sh                 20k accounts, step-5 lattice, sklearn in full (~6 min on 2 cores)
#   Benchmarks/compare.sh --accounts 200000 --numpy-sample 20 --sklearn skip
#   Benchmarks/compare.sh --quick         2k accounts, step 10, debug build, no venv (CI, < 60 s)
#
# Builds healthcal in release mode (or uses the debug build with --quick),
# installs numpy and scikit-learn into .build/bench-venv from PyPI (setup.sh),
# and passes every other option to compare.py. Exits 1 if the two disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

if [ "${1:-}" = "--quick" ]; then
  shift
  # The quick check only needs numpy (system-wide is fine) and the debug
  # binaries CI has already built; sklearn is used if importable.
  swift build --product healthcal > /dev/null
  swift build --product healthcal-bench > /dev/null
  exec python3 Benchmarks/compare.py --bin "$(swift build --show-bin-path)" --accounts 2000 --step 10 --sklearn full --no-bound "$@"
fi

swift build -c release --product healthcal > /dev/null
swift build -c release --product healthcal-bench > /dev/null
python=$(Benchmarks/reference/setup.sh)
exec "$python" Benchmarks/compare.py --bin "$(swift build -c release --show-bin-path)" "$@"
