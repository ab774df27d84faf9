"""Replay a clean run whose inputs have not changed since (standard library only).

`validate` runs in a pre-commit hook and `build --no-site` or `build --check` on
every save in some editors, and most runs see exactly the inputs of the run before.
Importing pydantic and building the record models alone costs more than the rest of
such a run, so a run that ends clean (exit 0, not one diagnostic) stores what it
printed, and which output files it produced, under a fingerprint of everything that
decided them:

- the command, its options and the project root; pyproject.toml, byte for byte;
- every entry under the folders it read (data, and templates for `build`): names,
  kinds, and the content of each file;
- this package's files (size and modification time), the Python and the import path
  (each folder's modification time changes when a package is installed or removed);
- today's date (the date checks).

The next run with the same fingerprint prints the same lines, after checking that the
outputs on disk still hold what that run produced, and imports nothing else. A run
with errors or warnings is never stored: its wording can depend on git (which file of
a clash is new), and it is the run a contributor repeats after a fix. Any doubt (a
file that cannot be read, an odd entry, a record that does not verify) means running
for real. Records are signed (core/signed.py), so a record planted in the working tree
is never replayed. `run_cache = false` in [tool.rsitr-list] turns replays off.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from collections.abc import Iterable, Sized
from pathlib import Path
from typing import Any

import click

from .. import clock
from ..core import signed
from ..core.write import replace_file
from ..project import DEFAULT_CACHE_DIR, SettingsError, parse_table

_FORMAT = 1  # bump when the fingerprint or the record changes meaning
_PACKAGE = Path(__file__).resolve().parents[1]
# A data file is at most 1 MiB (load.py rejects larger ones), and a tree of data files
# a few thousand entries: past these the fingerprint is not worth taking.
_MAX_FILE = 1 << 20
_MAX_ENTRIES = 50_000
_MAX_RECORD = 1 << 22
_KEEP_RECORDS = 16  # one per command and set of options in use; the oldest go


def _tree_digest(folders: Iterable[Path]) -> str | None:
    """Names, kinds and contents of everything under ``folders``; None when something cannot be read."""
    h = hashlib.sha256()
    budget = _MAX_ENTRIES
    for top in folders:
        h.update(b"\0top\0" + os.fsencode(top))
        try:
            st = top.stat()  # the folder itself may be a link, which the loader follows too
        except FileNotFoundError:
            h.update(b"\0absent")
            continue
        except OSError:
            return None
        if not stat.S_ISDIR(st.st_mode):
            h.update(b"\0not-a-folder")
            continue
        stack = [(top, b"")]
        while stack:
            folder, rel = stack.pop()
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError:
                return None
            for entry in entries:
                budget -= 1
                if budget < 0:
                    return None
                name = rel + os.fsencode(entry.name)
                try:
                    if entry.is_symlink():
                        h.update(b"\0l\0" + name + b"\0" + os.fsencode(os.readlink(entry.path)))
                    elif entry.is_dir(follow_symlinks=False):
                        h.update(b"\0d\0" + name)
                        stack.append((Path(entry.path), name + b"/"))
                    elif entry.is_file(follow_symlinks=False):
                        size = entry.stat(follow_symlinks=False).st_size
                        if size > _MAX_FILE:
                            return None
                        with open(entry.path, "rb") as fh:
                            content = fh.read(_MAX_FILE + 1)
                        h.update(b"\0f\0" + name + b"\0" + hashlib.sha256(content).digest())
                    else:
                        h.update(b"\0o\0" + name)
                except OSError:
                    return None
    return h.hexdigest()


def _code_signature(h: Any) -> None:
    """This package's files, the interpreter and the import path, cheaply (stat, no reads)."""
    for dirpath, dirnames, filenames in os.walk(_PACKAGE):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            st = os.lstat(os.path.join(dirpath, name))
            h.update(f"{dirpath}/{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    h.update(sys.version.encode() + b"\0" + os.fsencode(sys.executable))
    for entry in sys.path[1:]:  # [0] is the script's folder or the working folder, which outputs touch
        try:
            mtime = os.stat(entry).st_mtime_ns
        except OSError:
            mtime = -1
        h.update(f"\0{entry}\0{mtime}".encode("utf-8", "surrogateescape"))


def _file_sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class Run:
    """One run of a command: replayed when a clean earlier run had the same fingerprint, else recorded."""

    def __init__(self, root: Path, command: str, params: dict[str, Any], enabled: bool = True):
        self.root = root.absolute()
        self.lines: list[tuple[bool, str]] = []
        self.record_path: Path | None = None
        self.key: str | None = None
        self.folders: list[str] = []
        self.tree: str | None = None
        if not enabled:
            return
        # Read once: the table decides where records live, and its bytes join the fingerprint.
        pyproject = self.root / "pyproject.toml"
        try:
            raw: bytes | None = pyproject.read_bytes()
        except FileNotFoundError:
            raw = None
        except OSError:
            return  # the real run says what is wrong
        try:
            table = parse_table(raw, pyproject) if raw is not None else {}
        except SettingsError:
            return
        cache_dir = table.get("cache_dir", DEFAULT_CACHE_DIR)
        if table.get("run_cache", True) is not True or not isinstance(cache_dir, str) or not cache_dir:
            return
        try:
            self.key = self._fingerprint(command, params, raw)
        except (OSError, ValueError):
            return
        name = hashlib.sha256(json.dumps([command, params], sort_keys=True, default=str).encode()).hexdigest()[:16]
        self.record_path = self.root / cache_dir / "runs" / f"{command}-{name}.json"

    def _fingerprint(self, command: str, params: dict[str, Any], pyproject: bytes | None) -> str:
        h = hashlib.sha256()
        head = [_FORMAT, command, params, os.fsdecode(self.root), clock.today().isoformat()]
        h.update(json.dumps(head, sort_keys=True, default=str).encode("utf-8", "surrogateescape"))
        h.update(b"\0no-pyproject" if pyproject is None else b"\0pyproject\0" + pyproject)
        _code_signature(h)
        return h.hexdigest()

    # --- replaying --------------------------------------------------------------------------

    def replayed(self) -> bool:
        """Print the stored run and return True, when it is there, verifies and still holds."""
        record = self._stored()
        if record is None:
            return False
        folders = [self.root / f for f in record["folders"]]
        if _tree_digest(folders) != record["tree"]:
            return False
        if any(_file_sha(self.root / rel) != sha for rel, sha in record["outputs"]):
            return False  # an output was edited or removed: the real run rewrites or reports it
        for err, text in record["lines"]:
            click.echo(text, err=err)
        return True

    def _stored(self) -> dict[str, Any] | None:
        if self.record_path is None:
            return None
        try:
            with open(self.record_path, "rb") as fh:
                blob = fh.read(_MAX_RECORD + 1)
        except OSError:
            return None
        record = signed.loads(blob) if len(blob) <= _MAX_RECORD else None
        if record is None or record.get("key") != self.key:
            return None
        try:
            ok = (
                all(isinstance(f, str) for f in record["folders"])
                and isinstance(record["tree"], str)
                and all(isinstance(r, str) and isinstance(s, str) for r, s in record["outputs"])
                and all(isinstance(e, bool) and isinstance(t, str) for e, t in record["lines"])
            )
        except (KeyError, TypeError, ValueError):
            return None
        return record if ok else None

    # --- recording --------------------------------------------------------------------------

    def echo(self, text: str, err: bool = False) -> None:
        """Print a line of this run's output, and keep it for the replay."""
        click.echo(text, err=err)
        self.keep(text, err)

    def keep(self, text: str, err: bool = False) -> None:
        """Keep a line for the replay only: what a replay says where this run says something else."""
        self.lines.append((err, text))

    def reads(self, folders: Iterable[Path]) -> None:
        """Take the fingerprint of the folders the run is about to read (before it reads them)."""
        if self.record_path is None:
            return
        self.folders = [os.path.relpath(f.absolute(), self.root) for f in folders]
        self.tree = _tree_digest(self.root / f for f in self.folders)

    def saw(self, diagnostics: Sized) -> None:
        """What loading found: a run with any diagnostic, even a warning, is never stored."""
        if len(diagnostics):
            self.record_path = None

    def remember(self, outputs: Iterable[tuple[Path, bytes]] = ()) -> None:
        """Store this run, unless it saw a diagnostic, with the bytes each output file now holds."""
        if self.record_path is None or self.tree is None:
            return
        record = {
            "key": self.key,
            "folders": self.folders,
            "tree": self.tree,
            "outputs": [
                [os.path.relpath(path.absolute(), self.root), hashlib.sha256(data).hexdigest()]
                for path, data in outputs
            ],
            "lines": [[err, text] for err, text in self.lines],
        }
        blob = signed.dumps(record)
        if blob is None:
            return
        runs = self.record_path.parent
        try:
            replace_file(self.record_path, blob)
            stored = sorted(runs.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in stored[_KEEP_RECORDS:]:
                old.unlink()
        except OSError:
            pass  # a read-only checkout still works, it only never replays
