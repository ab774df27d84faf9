"""Run `rsitr-list` commands in a fresh process with the tests' fixed clock (tests/conftest.py).

    RSITR_TEST_TODAY=2026-06-15 python tests/cli_fixed_clock.py ROOT

runs `validate` and then `build --no-site` on ROOT and prints, as one JSON list, each
command's exit code, stdout, stderr and any uncaught exception with its traceback.
tests/test_broken_inputs.py runs it under a timeout: a hang or a crash of the
interpreter (a segfault in libyaml) fails the test instead of the suite.

RSITR_TEST_UNREADABLE=relative/path makes opening that file fail with "permission
denied", which a test running as root cannot get from the file system.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import sys
import traceback
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from click.testing import CliRunner  # noqa: E402

from rsitr_list import clock as list_clock  # noqa: E402
from rsitr_list.cli import main  # noqa: E402

# From the environment, not from conftest: importing pytest would double this process's start-up.
TODAY = dt.date.fromisoformat(os.environ["RSITR_TEST_TODAY"])


class FixedDate(dt.date):
    @classmethod
    def today(cls) -> dt.date:
        return TODAY


def deny(root: Path, rel: str) -> None:
    real_open = os.open
    denied = os.path.abspath(root / rel)

    def guarded_open(path, flags, *args, **kwargs):
        if os.path.abspath(path) == denied:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    os.open = guarded_open


def run(root: str) -> list[dict]:
    list_clock._dt = types.SimpleNamespace(date=FixedDate)
    if os.environ.get("RSITR_TEST_UNREADABLE"):
        deny(Path(root), os.environ["RSITR_TEST_UNREADABLE"])
    out = []
    for command in (["validate"], ["build", "--no-site"]):
        result = CliRunner().invoke(main, ["--root", root, *command])
        crash = None
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            crash = "".join(traceback.format_exception(*result.exc_info))
        out.append(
            {
                "command": command,
                "exit": result.exit_code,
                "stdout": result.stdout,
                "stderr": result.stderr,
                "crash": crash,
            }
        )
    return out


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1])))
