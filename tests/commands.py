"""``manage.py`` run as its own process, as an operator runs it: for what only a fresh start
shows (settings read from the environment, a restore into another database)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*arguments: str, env: dict, check=False, timeout=None) -> subprocess.CompletedProcess:
    """The command's exit code and its output as text; `env` is its whole environment."""
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )
