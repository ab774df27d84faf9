"""Cache files that only this machine's user can have written: JSON with a MAC in front.

The caches live in the working tree (``.cache/rsitr-list``), and a pull request can
commit files there. A planted parse cache would hand the validator a document other
than the file on disk, and a planted run record would replay "ok" for data never
checked. So every cache file carries an HMAC under a key kept outside the project
(``$XDG_CACHE_HOME/rsitr-list/cache-key``, or a private folder in the temporary
folder when the home cannot be written; made on first use, readable by its owner
only); a file that does not verify is treated as absent. Without a usable key,
nothing is cached: slower, never wrong.

The file is still plain JSON, ``{"mac":"<64 hex>",...}``: the MAC covers every byte
after its own field, so checking it needs no second serialisation.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

_HEAD = b'{"mac":"'
_MAC_HEX = 64
_BODY = len(_HEAD) + _MAC_HEX + 2  # where the signed bytes start, after '",'
_keys: dict[Path, bytes] = {}


def key_path() -> Path | None:
    """Where this user's key is kept: ``$XDG_CACHE_HOME`` (else ``~/.cache``) ``/rsitr-list/cache-key``."""
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        # A relative value is to be ignored (the XDG spec): it would put the key in the project.
        folder = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    except RuntimeError:  # no home folder
        return None
    return folder / "rsitr-list" / "cache-key"


def _fallback_path() -> Path:
    """A private folder in the system's temporary folder, for a home that cannot be written."""
    uid = getattr(os, "geteuid", lambda: 0)()
    return Path(tempfile.gettempdir()) / f"rsitr-list-{uid}" / "cache-key"


def _private(st: os.stat_result, mask: int = 0o077) -> bool:
    """Owned by this user, and no one else may read or write it (``mask``): else another user could sign."""
    uid = getattr(os, "geteuid", None)
    return (uid is None or st.st_uid == uid()) and not st.st_mode & mask


def _read_key(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        # The folder may be readable by others, not writable: they could swap the key.
        if not (_private(os.fstat(fd)) and _private(path.parent.stat(), 0o022)):
            return None
        try:
            found = bytes.fromhex(fh.read(200).decode("ascii").strip())
        except (OSError, ValueError):
            return None
    return found if len(found) == 32 else None


def _make_key(path: Path) -> bytes | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32) + "\n")
    except FileExistsError:  # another process made it first: use theirs
        pass
    except OSError:
        return None
    return _read_key(path)


def key() -> bytes | None:
    """This user's cache key, made on first use; None when there is nowhere safe to keep one."""
    primary = key_path()
    for path in (primary, _fallback_path()) if primary else (_fallback_path(),):
        if path in _keys:
            return _keys[path]
        found = _read_key(path)
        if found is None and not os.path.lexists(path):
            found = _make_key(path)
        if found is not None:
            _keys[path] = found
            return found
    return None


def _mac(k: bytes, body: bytes) -> bytes:
    return hmac.new(k, body, "sha256").hexdigest().encode("ascii")


def dumps(obj: dict[str, Any]) -> bytes | None:
    """``obj`` (a non-empty JSON object) as signed JSON bytes; None when there is no key."""
    k = key()
    if k is None or not obj:
        return None
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    body = text[1:].encode("utf-8")  # without the opening brace, which the head supplies
    return _HEAD + _mac(k, body) + b'",' + body


def loads(blob: bytes) -> dict[str, Any] | None:
    """The object in ``blob`` when this user's key signed it, else None (planted, corrupt, foreign)."""
    k = key()
    if k is None or not blob.startswith(_HEAD) or blob[_BODY - 2 : _BODY] != b'",':
        return None
    if not hmac.compare_digest(blob[len(_HEAD) : _BODY - 2], _mac(k, blob[_BODY:])):
        return None
    try:
        obj = json.loads(blob)
    except (ValueError, RecursionError):
        return None
    if not isinstance(obj, dict):
        return None
    obj.pop("mac", None)
    return obj
