"""Read the YAML files under data/: safely, fast, and with every syntax error reported.

Parsing is the slow part of a build (PyYAML's C loader needs about 0.2 ms per small
file), so parsed documents are cached on disk keyed by a hash of the file's bytes,
and cache misses are parsed on all cores when there are many of them.

Data files come from strangers (pull requests), so nothing here may hang, crash or
publish something other than a plain record:

- only regular files directly inside the data folders are read, never through a
  symbolic link, and none larger than ``MAX_FILE_BYTES`` (checked before reading);
- a document may use only plain YAML: no anchors or aliases (a few lines of aliases
  expand to gigabytes, and an alias to its own anchor makes a loop), no tags beyond
  the plain types, text keys only, and at most ``MAX_DEPTH`` nested collections
  (libyaml's composer recurses in C and crashes the process on deep nesting);
- dates stay text here, so that pydantic checks them with the field they belong to.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .diagnostics import Diagnostic
from .kinds import RECORD_DIRS, SINGLE_FILES
from .parse_cache import ParseCache

if TYPE_CHECKING:
    # mypy cannot take a base class chosen at run time; both loaders offer the same
    # API (libyaml's is a drop-in for the pure-Python one), so it checks against this one.
    _BaseLoader = yaml.SafeLoader
else:
    try:
        _BaseLoader = yaml.CSafeLoader
    except AttributeError:  # PyYAML built without libyaml: slower, same results
        _BaseLoader = yaml.SafeLoader


class Loader(_BaseLoader):
    """The safe loader, with YAML timestamps kept as the text that was written."""


def _timestamp_as_text(loader: Loader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


# A bad date (2024-13-02) would otherwise fail the whole file inside PyYAML, with no field
# name and hiding every other error; as text, pydantic reports it at its field.
Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


_CACHE_VERSION = f"4:{yaml.__version__}"  # bump when parse() reports differently
_PARALLEL_MIN = 400  # below this many misses a process pool costs more than it saves

# The largest data file is about 10 KB; a megabyte is a pasted dump or an attack.
MAX_FILE_BYTES = 1 << 20
# Collections inside collections: a result row's std or protocol is 4 deep.
MAX_DEPTH = 16
# At most this many structure errors per file: one per offending node of a hostile
# file would flood the terminal, and the first ones say what is wrong.
MAX_ERRORS_PER_FILE = 10

_PLAIN_SCALARS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp"))
_MAP, _SEQ, _STR = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str"

# When neither holds, the nesting depth is bounded without parsing: block collections
# nest only by indenting (or by `- `, `? ` prefixes), at least one column every two
# levels, and flow collections only inside brackets. Past them an event scan, which
# does not recurse, measures the depth before anything composes the document.
_FLOW_FAST = 32
_DEEP_PREFIX = re.compile(r"^[ \t?:-]{32}", re.M)

_ALIAS_HINT = "write the value out in full: records never need anchors (&name) or aliases (*name)"


@dataclass(frozen=True)
class RawFile:
    """A parsed YAML document, before validation."""

    path: str  # relative to the project root, with forward slashes
    kind: str
    data: Any


# A parse problem: (rule, message, line, col, hint); a file's result holds a list of them.
Problem = tuple[str, str, int, int, "str | None"]


def _at(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _tag_name(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _event_problems(text: str) -> list[Problem]:
    """Anchors, aliases and too deep nesting, found from the parser's events alone."""
    problems: list[Problem] = []
    shared: list[Problem] = []  # every anchor and alias; the first of each kind is reported
    depth = 0
    parser = Loader(text)
    try:
        while parser.check_event():
            ev = parser.get_event()
            anchor = getattr(ev, "anchor", None)
            if isinstance(ev, yaml.AliasEvent):
                shared.append(("yaml-alias", f"alias '*{anchor}' is not allowed", *_at(ev.start_mark), _ALIAS_HINT))
            elif anchor is not None:
                shared.append(("yaml-alias", f"anchor '&{anchor}' is not allowed", *_at(ev.start_mark), _ALIAS_HINT))
            if isinstance(ev, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    # Stop here: libyaml slows down with every level, and the rest is moot.
                    problems.append(_depth_problem(ev.start_mark))
                    break
            elif isinstance(ev, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        parser.dispose()
    if shared:
        # One fix for all of them: a line each would bury the rest (a billion laughs has dozens).
        first = [
            next(p for p in shared if p[1].startswith(kind))
            for kind in ("anchor", "alias")
            if any(p[1].startswith(kind) for p in shared)
        ]
        more = len(shared) - len(first)
        if more:
            rule, message, line, col, hint = first[-1]
            first[-1] = (
                rule,
                f"{message} (nor are the {more} other anchor{'s' * (more != 1)} and aliases in this file)",
                line,
                col,
                hint,
            )
        problems += first
    return problems


def _depth_problem(mark: Any) -> Problem:
    return (
        "yaml-depth",
        f"collections are nested more than {MAX_DEPTH} levels deep",
        *_at(mark),
        "records need only a few levels of lists and mappings; check the brackets and indentation",
    )


def _node_problems(root: yaml.Node) -> list[Problem]:
    """Duplicate keys, keys that are not text, tags that are not plain types, depth."""
    problems: list[Problem] = []
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack and len(problems) < MAX_ERRORS_PER_FILE:
        node, depth = stack.pop()
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag not in _PLAIN_SCALARS:
                problems.append(_tag_problem(node))
            continue
        if depth > MAX_DEPTH:
            problems.append(_depth_problem(node.start_mark))
            continue
        if isinstance(node, yaml.MappingNode):
            if tag != _MAP:
                problems.append(_tag_problem(node))
            seen: set[str] = set()
            children = []
            for key, value in node.value:
                if key.tag == "tag:yaml.org,2002:merge":
                    problems.append(
                        (
                            "yaml-tag",
                            "merge keys (<<) are not allowed",
                            *_at(key.start_mark),
                            "write every field out in the record itself",
                        )
                    )
                elif not isinstance(key, yaml.ScalarNode) or key.tag != _STR:
                    problems.append(_key_problem(key))
                elif key.value in seen:
                    # PyYAML silently keeps the last of two equal keys; in hand-edited data that hides a mistake.
                    problems.append(
                        (
                            "duplicate-key",
                            f"key '{key.value}' appears twice in one mapping",
                            *_at(key.start_mark),
                            "remove or rename one of them; YAML would silently keep only the last",
                        )
                    )
                else:
                    seen.add(key.value)
                children.append(value)
        else:
            if tag != _SEQ:
                problems.append(_tag_problem(node))
            children = node.value
        # Reversed, so that nodes are visited in document order and the first problems are kept.
        stack.extend((child, depth + 1) for child in reversed(children))
    return problems


def _tag_problem(node: yaml.Node) -> Problem:
    if node.tag == "tag:yaml.org,2002:value":  # a plain `=`, which YAML 1.1 reads as a "value key"
        return ("yaml-tag", "'=' alone cannot be a value", *_at(node.start_mark), "quote it: '='")
    hint = (
        "tags such as !!python/... are not allowed in data files"
        if "python/" in node.tag
        else "remove the tag: a record holds only text, numbers, true/false, dates, lists and mappings"
    )
    return ("yaml-tag", f"the tag '{_tag_name(node.tag)}' is not allowed", *_at(node.start_mark), hint)


def _key_problem(key: yaml.Node) -> Problem:
    if isinstance(key, yaml.ScalarNode):
        kind = {
            "int": "a number",
            "float": "a number",
            "bool": "true/false",
            "null": "null",
            "timestamp": "a date",
        }.get(key.tag.rsplit(":", 1)[-1], "not text")
        return (
            "yaml-key",
            f"key '{key.value}' is {kind}, not a field name",
            *_at(key.start_mark),
            "field names are words such as `title`; quote the key if it must be text",
        )
    return (
        "yaml-key",
        "a list or mapping cannot be a key",
        *_at(key.start_mark),
        "field names are words such as `title`; check the `?` and brackets on this line",
    )


def _needs_event_scan(text: str) -> bool:
    return (
        "&" in text
        or "*" in text
        or text.count("[") + text.count("{") > _FLOW_FAST
        or _DEEP_PREFIX.search(text) is not None
    )


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p[2], p[3]))


def compose_checked(text: str) -> tuple[yaml.Node | None, list[Problem]]:
    """The node tree of one document and what makes it unfit to be a record (positions use this).

    The tree is None when it was not safe to compose. Raises yaml.YAMLError for text
    that is not YAML at all.
    """
    if _needs_event_scan(text):
        problems = _event_problems(text)
        if problems:
            return None, _sorted(problems)
    loader = Loader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    return node, _sorted(_node_problems(node)) if node is not None else []


def parse(text: str) -> tuple[str, Any]:
    """Parse one document. Returns ("ok", data) or ("error", [(rule, message, line, col, hint), ...])."""
    node = None
    try:
        if _needs_event_scan(text):
            problems = _event_problems(text)
            if problems:
                return "error", _sorted(problems)
        loader = Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return "ok", None
            problems = _node_problems(node)
            if problems:
                return "error", _sorted(problems)
            return "ok", loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as e:
        return "error", [_reader_problem(e, text)]
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        return "error", [("yaml-syntax", _yaml_message(e), *_at(mark), _yaml_hint(e, text))]
    except (ValueError, KeyError, TypeError, OverflowError) as e:
        # PyYAML's constructors raise plain exceptions for scalars that look typed but are not
        # (`!!int x`, an integer of 5,000 digits); without this one such value would crash the build.
        found = _unconstructible(node) if node is not None else None
        if found is None:
            return "error", [("yaml-syntax", f"invalid YAML: {e}", 1, 1, None)]
        if found.tag == "tag:yaml.org,2002:int" and len(found.value) > 1000:
            return "error", [
                (
                    "yaml-syntax",
                    f"invalid YAML: a number of {len(found.value):,} digits cannot be read",
                    *_at(found.start_mark),
                    "quote it if it is text",
                )
            ]
        return "error", [
            (
                "yaml-syntax",
                f"invalid YAML: '{found.value[:40]}' cannot be read as {found.tag.rsplit(':', 1)[-1]}",
                *_at(found.start_mark),
                "remove the explicit tag, or quote the value",
            )
        ]


def _unconstructible(node: yaml.Node) -> yaml.ScalarNode | None:
    """The first scalar PyYAML resolves to a type but cannot build."""
    constructor = yaml.constructor.SafeConstructor()
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.ScalarNode):
            if n.tag == "tag:yaml.org,2002:timestamp":
                continue  # kept as text (see Loader)
            try:
                constructor.construct_object(n)
            except Exception:
                return n
        elif isinstance(n, yaml.MappingNode):
            stack.extend(v for pair in reversed(n.value) for v in reversed(pair))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(reversed(n.value))
    return None


def _reader_problem(e: yaml.reader.ReaderError, text: str) -> Problem:
    # libyaml gives a byte offset and no line: count in the UTF-8 it was given.
    blob = text.encode("utf-8", "surrogatepass")
    pos = min(max(e.position, 0), len(blob))
    line_start = blob.rfind(b"\n", 0, pos) + 1
    line = blob.count(b"\n", 0, pos) + 1
    col = len(blob[line_start:pos].decode("utf-8", "replace")) + 1
    code = e.character if isinstance(e.character, int) else ord(str(e.character)[:1] or "\0")
    from .models.types import char_name  # the models are not needed to read YAML otherwise

    name = char_name(chr(code))
    if code < 0x20 or 0x7F <= code <= 0x9F:
        hint = (
            "remove it; a NUL byte often means the file was saved as UTF-16 or is not text at all"
            if code == 0
            else "remove it: control characters are invisible and can change what a terminal shows"
        )
        return ("control-character", f"{name} is not allowed in a data file", line, col, hint)
    return ("yaml-syntax", f"invalid YAML: the character {name} is not allowed", line, col, "remove it")


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
    at = lines[mark.line][mark.column : mark.column + 1] if mark and mark.line < len(lines) else ""
    if "'\\t'" in problem or "tab character" in problem or at == "\t":
        return "indent with spaces, not tabs"
    return "check indentation and quoting on this line and the one above"


def _parse_bytes(blob: bytes) -> tuple[str, Any]:
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError as e:
        line = blob.count(b"\n", 0, e.start) + 1
        col = e.start - (blob.rfind(b"\n", 0, e.start) + 1) + 1  # in bytes: the text cannot be decoded
        return "error", [
            ("encoding", f"file is not UTF-8 ({e.reason} at byte {e.start})", line, col, "save the file as UTF-8")
        ]
    return parse(text)


# --- the file system -----------------------------------------------------------------------

_FILE_RULE = "data-file"
_NOT_A_RECORD_HINT = "a record is a regular file directly inside its data folder"


def _file_problem(rel: str, message: str, hint: str = _NOT_A_RECORD_HINT) -> Diagnostic:
    # The path itself is the problem (a folder has no line 1), so no position is printed.
    return Diagnostic(rel, _FILE_RULE, message, line=Diagnostic.NO_POSITION, hint=hint)


def _what_is(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device or other special file"


def _not_regular(rel: str, mode: int) -> Diagnostic:
    what = _what_is(mode)
    if stat.S_ISLNK(mode):
        return _file_problem(
            rel,
            f"this is {what}, which is not followed",
            "replace the link with the file itself (a record is a regular file directly inside its data folder)",
        )
    return _file_problem(rel, f"this is {what}, not a data file")


def _too_large(rel: str, size: int) -> Diagnostic:
    return _file_problem(
        rel,
        f"the file is {size:,} bytes; a data file may have at most {MAX_FILE_BYTES:,}",
        "a record is a few kilobytes: split it, or check that the right file was added",
    )


def scan(root: Path, data_dir: str) -> tuple[list[tuple[str, str]], list[Diagnostic]]:
    """(relative path, kind) of every data file, in a stable order, and what is wrong in the folders."""
    base = root / data_dir
    found: list[tuple[str, str]] = []
    problems: list[Diagnostic] = []
    for name, kind in SINGLE_FILES.items():
        rel = f"{data_dir}/{name}"
        try:
            mode = os.lstat(base / name).st_mode
        except FileNotFoundError:
            problems.append(
                Diagnostic(
                    rel,
                    "missing-file",
                    f"required file {rel} does not exist",
                    line=1,
                    col=1,
                    hint=f"create it; see the project's {rel} for an example",
                )
            )
            continue
        except OSError as e:
            problems.append(_file_problem(rel, f"cannot be read: {e.strerror or e}", "check its permissions"))
            continue
        if stat.S_ISREG(mode):
            found.append((rel, kind))
        else:
            problems.append(_not_regular(rel, mode))
    for sub, kind in RECORD_DIRS.items():
        folder = base / sub
        rel_folder = f"{data_dir}/{sub}"
        try:
            mode = os.lstat(folder).st_mode
        except OSError:
            continue  # a kind of record the list does not have yet
        if not stat.S_ISDIR(mode):
            problems.append(
                _file_problem(
                    rel_folder,
                    f"this is {_what_is(mode)}, not a folder of records",
                    f"make {rel_folder} a folder with one file per record",
                )
            )
            continue
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as e:
            problems.append(_file_problem(rel_folder, f"cannot be read: {e.strerror or e}", "check its permissions"))
            continue
        for entry in entries:
            rel = f"{rel_folder}/{entry.name}"
            try:
                is_file = entry.is_file(follow_symlinks=False)
                is_link = entry.is_symlink()
            except OSError:
                is_file, is_link = False, False
            if is_file:
                if entry.name.endswith((".yaml", ".yml")):
                    found.append((rel, kind))
                continue  # notes, backups and the like are not records
            if entry.name.startswith("."):
                continue  # editors' lock files (.#x.yaml) are symbolic links; not records either
            if is_link:
                problems.append(_not_regular(rel, stat.S_IFLNK))
            elif entry.is_dir(follow_symlinks=False):
                problems.append(
                    _file_problem(
                        rel,
                        f"this is a folder; folders inside {rel_folder}/ are not read",
                        f"put each record directly in {rel_folder}/ as a .yaml file",
                    )
                )
            else:
                try:
                    mode = entry.stat(follow_symlinks=False).st_mode
                except OSError:
                    mode = 0
                problems.append(_not_regular(rel, mode))
    return found, problems


def discover(root: Path, data_dir: str) -> list[tuple[str, str]]:
    """(relative path, kind) of every data file that can be read, in a stable order."""
    return scan(root, data_dir)[0]


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def read_limited(path: Path, rel: str) -> bytes | Diagnostic:
    """The file's bytes, or why they are not read: never through a link, never more than the limit."""
    try:
        fd = os.open(path, _OPEN_FLAGS)  # non-blocking: a named pipe put here in a race must not hang us
    except PermissionError:
        return _file_problem(rel, "cannot be read: permission denied", "make the file readable (e.g. `chmod a+r`)")
    except OSError as e:
        if getattr(os, "O_NOFOLLOW", 0) and e.errno == errno.ELOOP:  # ELOOP: it became a link after the scan
            return _not_regular(rel, stat.S_IFLNK)
        return _file_problem(rel, f"cannot be read: {e.strerror or e}", "check the file")
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return _not_regular(rel, st.st_mode)
        if st.st_size > MAX_FILE_BYTES:
            return _too_large(rel, st.st_size)  # without reading a byte of it
        chunks, total = [], 0
        while True:  # the size can change after fstat; never read past the limit
            chunk = os.read(fd, max(st.st_size + 1 - total, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                return _too_large(rel, total)
        return b"".join(chunks)
    except OSError as e:
        return _file_problem(rel, f"cannot be read: {e.strerror or e}", "check the file")
    finally:
        os.close(fd)


def load_tree(
    root: Path, data_dir: str = "data", cache_dir: Path | None = None, jobs: int | None = None
) -> tuple[list[RawFile], list[Diagnostic]]:
    """Read and parse every data file. Missing required single files are diagnostics."""
    files: list[RawFile] = []
    entries, diags = scan(root, data_dir)
    blobs: list[tuple[str, str, str, bytes]] = []
    for rel, kind in entries:
        blob = read_limited(root / rel, rel)
        if isinstance(blob, Diagnostic):
            diags.append(blob)
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
        entry = parsed_now.get(key) or cache.get(key)
        assert entry is not None, "a file not in the cache was parsed above"
        status, value = entry
        if status == "error":
            for rule, message, line, col, hint in value:
                diags.append(Diagnostic(rel, rule, message, line=line, col=col, hint=hint))
        elif not isinstance(value, dict):
            diags.append(
                Diagnostic(
                    rel,
                    "not-a-mapping",
                    "the file must hold one YAML mapping (key: value lines)",
                    line=1,
                    col=1,
                    hint="see any other file in the same folder for the layout",
                )
            )
        else:
            files.append(RawFile(rel, kind, value))
    try:
        cache.save({b[2] for b in blobs})
    except OSError:
        pass  # a read-only checkout still builds, just without the cache
    return files, diags
