"""An on-disk cache of parsed YAML documents, keyed by a hash of each file's bytes.

Stored as JSON, not pickle: the cache lives in the working tree, and loading a
pickle that a pull request slipped in would run its code. Only documents made of
JSON-native values (and dates, tagged) are cached; anything else is parsed anew.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

# A key no YAML mapping in our data would use, so decoding cannot mistake data for a tag.
_DATE_TAG = "\u0000date"


def _encode_default(value: object) -> object:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return {_DATE_TAG: value.isoformat()}
    raise TypeError(type(value).__name__)


def _decode_object(obj: dict) -> object:
    if len(obj) == 1 and _DATE_TAG in obj:
        return dt.date.fromisoformat(obj[_DATE_TAG])
    return obj


def cacheable(value: Any) -> bool:
    """True when JSON gives the value back unchanged (str keys only, no tuples, sets, bytes ...)."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            if not all(isinstance(k, str) for k in v) or _DATE_TAG in v:
                return False
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
        elif isinstance(v, float):
            if v != v or v in (float("inf"), float("-inf")):
                return False
        elif isinstance(v, dt.datetime) or not isinstance(v, (str, int, dt.date, type(None))):
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
                stored = json.loads(path.read_text(encoding="utf-8"), object_hook=_decode_object)
                if stored.get("version") == version:
                    self.entries = stored["entries"]
            except (OSError, ValueError, KeyError, AttributeError, TypeError):
                self.entries = {}  # a corrupt or foreign cache only makes the build slower

    def get(self, key: str) -> list | None:
        return self.entries.get(key)

    def put(self, key: str, result: tuple[str, Any]) -> None:
        """Store a parse result: ("ok", document) or ("error", (rule, message, line, col, hint))."""
        status, payload = result
        if status == "error":
            payload = list(payload)
        if cacheable(payload):
            self.entries[key] = [status, payload]
            self.dirty = True

    def save(self, used: set[str]) -> None:
        if not self.path or not (self.dirty or set(self.entries) - used):
            return
        keep = {k: v for k, v in self.entries.items() if k in used}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps({"version": self.version, "entries": keep}, default=_encode_default,
                                  ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, self.path)
