"""The files a pull request changes: everything that differs between the merge base of
a git revision and the working tree (committed, staged, unstaged, untracked)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .config import LinkConfigError


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], check=False, capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        raise LinkConfigError("--changed needs git, which is not installed") from None
    if done.returncode != 0:
        raise _GitFailed(done.stderr.strip() or f"git {' '.join(args)} failed")
    return done.stdout


class _GitFailed(Exception):
    pass


def changed_files(root: Path, base: str) -> set[str]:
    """Paths relative to `root`, with forward slashes."""
    try:
        _git(root, "rev-parse", "--show-toplevel")
    except _GitFailed:
        raise LinkConfigError(
            f"--changed: {root} is not inside a git repository", hint="run a full check without --changed"
        ) from None
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except _GitFailed:
        raise LinkConfigError(
            f"--changed: git does not know the revision '{base}'",
            hint="fetch it first (e.g. `git fetch origin main`), or name another with --base (config: changed_base)",
        ) from None
    try:
        start = _git(root, "merge-base", base, "HEAD").strip()
    except _GitFailed:
        start = base  # unrelated histories: compare with the revision itself
    diff = _git(root, "diff", "--name-only", "--relative", "-z", start, "--")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    return {p for p in (diff + untracked).split("\0") if p}
