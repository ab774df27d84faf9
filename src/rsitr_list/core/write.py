"""Write outputs all-or-nothing, and compare them with what is on disk for --check."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Output:
    path: Path
    content: str

    @property
    def data(self) -> bytes:
        return self.content.encode("utf-8")


def stale(outputs: list[Output]) -> list[Output]:
    """Outputs whose file is missing or differs byte for byte."""
    out = []
    for o in outputs:
        try:
            if o.path.read_bytes() == o.data:
                continue
        except FileNotFoundError:
            pass
        out.append(o)
    return out


def replace_file(path: Path, data: bytes) -> None:
    """Put ``data`` at ``path`` through a temporary file beside it, so readers never see half a file.

    For caches and other single files; raises OSError (the temporary file is removed).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def write_all(outputs: list[Output]) -> list[Path]:
    """Write every output to a temporary file first, then move them all into place.

    A failure while writing leaves every destination untouched; the final renames
    are atomic per file. Files whose content is unchanged are not touched.
    """
    pending: list[tuple[Path, Path]] = []
    try:
        for o in stale(outputs):
            o.path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{o.path.name}.", suffix=".tmp", dir=o.path.parent)
            pending.append((Path(name), o.path))  # registered first, so a failed write is cleaned up too
            with os.fdopen(fd, "wb") as fh:
                fh.write(o.data)
            os.chmod(name, o.path.stat().st_mode & 0o777 if o.path.exists() else 0o644)
    except BaseException:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, dest in pending:
        os.replace(tmp, dest)
    return [dest for _, dest in pending]
