"""Which data files a contributor changed: the files that differ from the git base.

Used only to say which of two clashing records is the new one, so it must never
fail a run: without git, outside a repository or without the base revision, the
answer is "unknown" (None) and the caller falls back to the records' dates.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

DEFAULT_BASE = "origin/main"
_TIMEOUT = 10  # seconds per git call; a hung git must not hang validation


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, timeout=_TIMEOUT, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "surrogateescape")


def changed_paths(root: Path, base: str = DEFAULT_BASE) -> frozenset[str] | None:
    """Paths relative to root (forward slashes) changed since the merge base with ``base``,
    committed or not, plus untracked files; None when git cannot tell.

    Without the base (a fresh fork, a shallow clone) the working tree is compared with
    HEAD, which still names a record that is being added and not yet committed.
    """
    if _git(root, "rev-parse", "--is-inside-work-tree") is None:
        return None
    start = None
    if base and not base.startswith("-") and _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"):
        merge_base = _git(root, "merge-base", base, "HEAD")
        start = merge_base.strip() if merge_base else base
    if start is None:
        start = "HEAD" if _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}") else None
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    if untracked is None:
        return None
    diff = _git(root, "diff", "--name-only", "--relative", "-z", start, "--") if start else ""
    if diff is None:
        return None
    return frozenset(p for p in (diff + untracked).split("\0") if p)


def lazy_changed_paths(root: Path, base: str = DEFAULT_BASE) -> Callable[[], frozenset[str] | None]:
    """A function giving changed_paths(root, base), run at most once and only if called."""
    memo: list[frozenset[str] | None] = []

    def get() -> frozenset[str] | None:
        if not memo:
            memo.append(changed_paths(root, base))
        return memo[0]

    return get
