#!/usr/bin/env bash
# Installs the Python reference's dependencies (numpy, scikit-learn) from PyPI
# into a virtual environment at .build/bench-venv, so the benchmark never
# depends on what happens to be installed system-wide. Idempotent: a second
# run only checks the environment. Prints the venv's python path last.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.build/bench-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import numpy, sklearn" 2>/dev/null; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r Benchmarks/reference/requirements.txt
fi
"$venv/bin/python" -c "import numpy, sklearn, sys; print(f'bench-venv: python {sys.version.split()[0]}, numpy {numpy.__version__}, scikit-learn {sklearn.__version__}', file=sys.stderr)"
echo "$PWD/$venv/bin/python"
