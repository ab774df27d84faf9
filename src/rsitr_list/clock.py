"""The day that date checks compare with, in a module of its own (standard library only).

The field checks and the whole-run cache (cli/replay.py) both ask it, and the run
cache must not import pydantic: one clock for both, so a replayed run never saw
another day than the run it replays. Tests fix the day through ``_dt``.
"""

from __future__ import annotations

import datetime as _dt
import time as _time

_memo: list = [None, None, 0.0]  # (the _dt it came from, the date, when it was asked)


def today() -> _dt.date:
    """Today; asked of the system once a minute at most.

    It is checked for every year and arXiv id, and the system call costs more than the check.
    """
    now = _time.monotonic()
    if _memo[0] is not _dt or now - _memo[2] > 60:
        _memo[:] = [_dt, _dt.date.today(), now]
    return _memo[1]
