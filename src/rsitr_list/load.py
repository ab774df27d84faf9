"""Read the YAML files under data/: safely, fast, and with every syntax error reported.

Parsing is the slow part of a build (PyYAML's C loader needs about 0.2 ms per small
file), so parsed documents are cached on disk keyed by a hash of the file's bytes,
and cache misses are parsed on all cores when there are many of them.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic
from .kinds import KINDS, RECORD_DIRS, SINGLE_FILES
from .parse_cache import ParseCache

try:
    Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml: slower, same results
    Loader = yaml.SafeLoader


_CACHE_VERSION = f"3:{yaml.__version__}"  # bump when parse() reports differently
_PARALLEL_MIN = 400  # below this many misses a process pool costs more than it saves


@dataclass(frozen=True)
class RawFile:
    """A parsed YAML document, before validation."""

    path: str  # relative to the project root, with forward slashes
    kind: str
    data: Any


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int, col: int):
        super().__init__(key)
        self.key, self.line, self.col = key, line, col


def _check_duplicate_keys(node: yaml.Node) -> None:
    # PyYAML silently keeps the last of two equal keys; in hand-edited data that hides a mistake.
    stack = [node]
    visited: set[int] = set()  # an alias can point back at its own anchor (`a: &x [*x]`)
    while stack:
        n = stack.pop()
        if id(n) in visited:
            continue
        visited.add(id(n))
        if isinstance(n, yaml.MappingNode):
            seen = set()
            for key, value in n.value:
                # A complex key (`? [a]`) is not hashable; the constructor reports it as yaml-syntax.
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        raise _DuplicateKey(key.value, key.start_mark.line + 1, key.start_mark.column + 1)
                    seen.add(key.value)
                stack.append(value)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def _unconstructible(node: yaml.Node) -> tuple[yaml.ScalarNode, Exception] | None:
    """The first scalar PyYAML resolves to a type but cannot build, e.g. the date 2024-13-02."""
    stack, visited = [node], set()
    while stack:
        n = stack.pop()
        if id(n) in visited:
            continue
        visited.add(id(n))
        if isinstance(n, yaml.ScalarNode):
            try:
                yaml.constructor.SafeConstructor().construct_object(n)
            except Exception as e:  # noqa: BLE001 - PyYAML raises ValueError, KeyError ... here
                return n, e
        elif isinstance(n, yaml.MappingNode):
            stack.extend(v for pair in reversed(n.value) for v in reversed(pair))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(reversed(n.value))
    return None


def parse(text: str) -> tuple[str, Any]:
    """Parse one document. Returns ("ok", data) or ("error", (rule, message, line, col, hint))."""
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return "ok", None
        _check_duplicate_keys(node)
        return "ok", loader.construct_document(node)
    except _DuplicateKey as e:
        return "error", ("duplicate-key", f"key '{e.key}' appears twice in one mapping", e.line, e.col,
                         "remove or rename one of them; YAML would silently keep only the last")
    except yaml.constructor.ConstructorError as e:
        mark = e.problem_mark or e.context_mark
        hint = "tags such as !!python/... are not allowed in data files" if "tag" in str(e) else _yaml_hint(e, text)
        return "error", ("yaml-syntax", _yaml_message(e), mark.line + 1 if mark else 1,
                         mark.column + 1 if mark else 1, hint)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        return "error", ("yaml-syntax", _yaml_message(e), mark.line + 1 if mark else 1,
                         mark.column + 1 if mark else 1, _yaml_hint(e, text))
    except (ValueError, KeyError, TypeError, OverflowError) as e:
        # PyYAML's constructors raise plain exceptions for scalars that look typed but are not
        # (2024-13-02, `!!int x`); without this one bad date would crash the whole build.
        found = _unconstructible(node)
        if found is None:
            return "error", ("yaml-syntax", f"invalid YAML: {e}", 1, 1, None)
        bad, err = found
        line, col = bad.start_mark.line + 1, bad.start_mark.column + 1
        if bad.tag == "tag:yaml.org,2002:timestamp":
            return "error", ("date-syntax", f"'{bad.value}' is not a date ({err})", line, col,
                             "write dates as YYYY-MM-DD, e.g. 2023-12-07")
        return "error", ("yaml-syntax", f"invalid YAML: '{bad.value}' cannot be read as {bad.tag.rsplit(':', 1)[-1]}",
                         line, col, "remove the explicit tag, or quote the value")
    finally:
        loader.dispose()


def _yaml_message(e: yaml.YAMLError) -> str:
    parts = [getattr(e, "context", None), getattr(e, "problem", None)]
    text = ", ".join(p for p in parts if p) or str(e).splitlines()[0]
    return f"invalid YAML: {text}"


def _yaml_hint(e: yaml.YAMLError, text: str = "") -> str | None:
    problem = getattr(e, "problem", "") or ""
    if "mapping values are not allowed" in problem:
        return "quote a value that contains ': ' (e.g. a title with a colon)"
    # libyaml names no character ("found character that cannot start any token"), so look.
    mark = getattr(e, "problem_mark", None)
    lines = text.splitlines()
    at = lines[mark.line][mark.column:mark.column + 1] if mark and mark.line < len(lines) else ""
    if "'\\t'" in problem or "tab character" in problem or at == "\t":
        return "indent with spaces, not tabs"
    return "check indentation and quoting on this line and the one above"


def _parse_bytes(blob: bytes) -> tuple[str, Any]:
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError as e:
        line = blob.count(b"\n", 0, e.start) + 1
        col = e.start - (blob.rfind(b"\n", 0, e.start) + 1) + 1  # in bytes: the text cannot be decoded
        return "error", ("encoding", f"file is not UTF-8 ({e.reason} at byte {e.start})", line, col,
                         "save the file as UTF-8")
    return parse(text)


def discover(root: Path, data_dir: str) -> list[tuple[str, str]]:
    """(relative path, kind) of every data file, in a stable order."""
    base = root / data_dir
    found = []
    for name, kind in SINGLE_FILES.items():
        found.append((f"{data_dir}/{name}", kind))
    for sub, kind in RECORD_DIRS.items():
        folder = base / sub
        if folder.is_dir():
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                if entry.name.endswith((".yaml", ".yml")) and entry.is_file():
                    found.append((f"{data_dir}/{sub}/{entry.name}", kind))
    return found


def load_tree(root: Path, data_dir: str = "data", cache_dir: Path | None = None,
              jobs: int | None = None) -> tuple[list[RawFile], list[Diagnostic]]:
    """Read and parse every data file. Missing required single files are diagnostics."""
    files, diags = [], []
    blobs: list[tuple[str, str, str, bytes]] = []
    for rel, kind in discover(root, data_dir):
        try:
            blob = (root / rel).read_bytes()
        except FileNotFoundError:
            if any(spec.kind == kind and spec.required for spec in KINDS):
                diags.append(Diagnostic(rel, "missing-file", f"required file {rel} does not exist", line=1, col=1,
                                        hint=f"create it; see the project's {rel} for an example"))
            continue
        blobs.append((rel, kind, hashlib.blake2b(blob, digest_size=16).hexdigest(), blob))

    cache = ParseCache(cache_dir / "parsed.json" if cache_dir else None, _CACHE_VERSION)
    parsed_now: dict[str, tuple[str, Any]] = {}
    misses = [b for b in blobs if cache.get(b[2]) is None]
    if misses:
        if len(misses) >= _PARALLEL_MIN and (jobs or os.cpu_count() or 1) > 1:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                parsed = list(pool.map(_parse_bytes, [m[3] for m in misses], chunksize=256))
        else:
            parsed = [_parse_bytes(m[3]) for m in misses]
        for miss, result in zip(misses, parsed):
            parsed_now[miss[2]] = result
            cache.put(miss[2], result)

    for rel, kind, key, _ in blobs:
        status, value = parsed_now.get(key) or cache.get(key)
        if status == "error":
            rule, message, line, col, hint = value
            diags.append(Diagnostic(rel, rule, message, line=line, col=col, hint=hint))
        elif not isinstance(value, dict):
            diags.append(Diagnostic(rel, "not-a-mapping", "the file must hold one YAML mapping (key: value lines)",
                                    line=1, col=1, hint="see any other file in the same folder for the layout"))
        else:
            files.append(RawFile(rel, kind, value))
    try:
        cache.save({b[2] for b in blobs})
    except OSError:
        pass  # a read-only checkout still builds, just without the cache
    return files, diags
