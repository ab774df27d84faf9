"""An on-disk cache of parsed YAML documents, keyed by a hash of each file's bytes.

Stored as JSON, not pickle: the cache lives in the working tree, and loading a
pickle that a pull request slipped in would run its code. For the same reason the
file is signed (core/signed.py): a planted cache that maps a file's hash to some
other document is ignored. Only documents made of JSON-native values are cached (the
loader keeps dates as text); anything else is parsed anew.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .core import signed
from .core.write import replace_file

# The loader hands over trees (no aliases) of bounded depth and size; the budget only
# makes sure that a structure from anywhere else cannot keep this walk going forever.
_MAX_VALUES = 2_000_000


def cacheable(value: Any) -> bool:
    """True when JSON gives the value back unchanged (str keys only, no tuples, sets, bytes ...)."""
    stack = [value]
    budget = _MAX_VALUES
    while stack:
        budget -= 1
        if budget < 0:
            return False
        v = stack.pop()
        if isinstance(v, dict):
            if not all(isinstance(k, str) for k in v):
                return False
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
        elif isinstance(v, float):
            if v != v or v in (float("inf"), float("-inf")):
                return False
        elif not isinstance(v, (str, int, type(None))):
            return False
    return True


class ParseCache:
    def __init__(self, path: Path | None, version: str):
        self.path = path
        self.version = version
        self.entries: dict[str, Any] = {}
        self.dirty = False
        if path and path.is_file():
            try:
                stored = signed.loads(path.read_bytes())
            except OSError:
                stored = None  # an unreadable cache only makes the build slower
            # A corrupt, foreign or planted cache is None here; a stale one has another version.
            if stored and stored.get("version") == version and isinstance(stored.get("entries"), dict):
                self.entries = stored["entries"]

    def get(self, key: str) -> list | None:
        entry = self.entries.get(key)
        # A hand-edited cache must not crash the loader: only well-formed entries count.
        if isinstance(entry, list) and len(entry) == 2 and entry[0] in ("ok", "error"):
            if entry[0] == "ok" or (
                isinstance(entry[1], list) and all(isinstance(p, list) and len(p) == 5 for p in entry[1])
            ):
                return entry
        return None

    def put(self, key: str, result: tuple[str, Any]) -> None:
        """Store a parse result: ("ok", document) or ("error", [(rule, message, line, col, hint), ...])."""
        status, payload = result
        if status == "error":
            payload = [list(p) for p in payload]
        if cacheable(payload):
            self.entries[key] = [status, payload]
            self.dirty = True

    def save(self, used: set[str]) -> None:
        if not self.path or not (self.dirty or set(self.entries) - used):
            return
        keep = {k: v for k, v in self.entries.items() if k in used}
        try:
            blob = signed.dumps({"version": self.version, "entries": keep})
        except (ValueError, TypeError, RecursionError):
            blob = None
        if blob is None:
            return  # never the reason a build fails: it is only slower next time
        replace_file(self.path, blob)
