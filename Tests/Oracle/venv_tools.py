"""One helper for the CI checks that need packages from PyPI: each gets its
own virtual environment under .build/, created and filled on first use."""

import os
import subprocess
import sys


def ensure_venv(venv, packages, probe, script):
    """Re-runs `script` under the venv at `venv`, creating it and installing
    `packages` when `probe` (a Python statement, such as an import) fails.
    Returns only when already running inside that venv."""
    if os.path.realpath(sys.prefix) == os.path.realpath(venv):
        return
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    if subprocess.run([python, "-c", probe], capture_output=True).returncode != 0:
        subprocess.run([python, "-m", "pip", "install", "--quiet", *packages], check=True)
    os.execv(python, [python, os.path.abspath(script), *sys.argv[1:]])
