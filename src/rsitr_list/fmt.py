"""One canonical layout for data files, so diffs stay small and reviews easy.

The layout: the `# yaml-language-server: $schema=...` line first (editors other than VS
Code then validate and complete too), keys in the model's field order (unknown keys
after them, for `validate` to report), two-space indents, plain scalars where YAML
allows and single quotes where it does not, every value on one line except prose
fields, which fold at WIDTH columns, and short lists of ids or maps of numbers in flow
style. Comments are kept: ruamel.yaml reads and writes them round trip.

Formatting never changes the data: the result is parsed with the pipeline's own loader
and compared with the original before anything is returned.
"""

from __future__ import annotations

import io
import os
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from .kinds import BY_KIND, RECORD_DIRS, SINGLE_FILES, Kind
from .load import parse

WIDTH = 88
# Free-text fields whose long values fold over several lines; every other value stays on
# one line, so a title or a URL is always found by grep and never split by a re-wrap.
PROSE_FIELDS = frozenset(
    {"note", "curation_note", "description", "intro", "reason", "caption", "split_note", "how", "protocol"}
)
SCHEMA_LINE = "# yaml-language-server: $schema="
_SCHEMA_LINE_RE = re.compile(r"^#\s*yaml-language-server:.*\n?")
# Flow lists hold only tokens that need no quotes and cannot be read as another type.
_FLOW_ITEM_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.+-]*$")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


class FmtError(Exception):
    """A file that cannot be formatted (it is not valid YAML, or not a data file)."""

    def __init__(self, path: str, message: str, line: int = 0, col: int = 0, hint: str | None = None):
        super().__init__(message)
        self.path, self.message, self.line, self.col, self.hint = path, message, line, col, hint

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        return f"{where}: error[fmt]: {self.message}" + (f"\n  hint: {self.hint}" if self.hint else "")


@dataclass(frozen=True)
class Shape:
    """The key order of one model, and the shape of each nested model by key."""

    order: tuple[str, ...]
    nested: dict[str, Shape]


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _nested_model(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _nested_model(arg)
            if found is not None:
                return found
    return None


def shape_of(model: type[BaseModel]) -> Shape:
    order, nested = [], {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        order.append(key)
        sub = _nested_model(info.annotation)
        if sub is not None:
            nested[key] = shape_of(sub)
    return Shape(tuple(order), nested)


def kind_of(path: Path, data_root: Path) -> Kind | None:
    """The record kind of a file under the data folder, as load and validate see it."""
    try:
        rel = PurePosixPath(path.resolve().relative_to(data_root.resolve()).as_posix())
    except ValueError:
        return None
    if len(rel.parts) == 2 and rel.parts[0] in RECORD_DIRS and rel.suffix in (".yaml", ".yml"):
        return RECORD_DIRS[rel.parts[0]]
    if len(rel.parts) == 1 and rel.name in SINGLE_FILES:
        return SINGLE_FILES[rel.name]
    return None


def schema_ref(path: Path, kind: Kind, schema_dir: Path) -> str:
    """The schema's path relative to the data file, as the yaml-language-server line gives it."""
    target = schema_dir.resolve() / BY_KIND[kind].schema_name
    return Path(os.path.relpath(target, path.resolve().parent)).as_posix()


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096  # ruamel never wraps; folding is decided here, field by field
    y.preserve_quotes = False
    y.allow_unicode = True
    return y


def _fold_positions(text: str, first_col: int) -> list[int] | None:
    """Spaces to break a folded scalar at, greedy to WIDTH; None where folding could change the text."""
    if "\n" in text or text != text.strip() or not text.isprintable():
        return None
    room = max(WIDTH - first_col, 20)
    folds, line_start, last_space = [], 0, -1
    for i, ch in enumerate(text):
        # A break is lossless only at a single space between two visible characters.
        if ch == " " and text[i - 1] != " " and i + 1 < len(text) and text[i + 1] != " ":
            if i - line_start > room and last_space > line_start:
                folds.append(last_space)
                line_start = last_space + 1
            last_space = i
    if len(text) - line_start > room and last_space > line_start:
        folds.append(last_space)
    return folds


def _flow_list(items: list[Any]) -> str | None:
    if not all(isinstance(v, str) and _FLOW_ITEM_RE.match(v) and v.lower() not in _YAML_WORDS for v in items):
        return None
    return "[" + ", ".join(items) + "]"


def _flow_map(m: CommentedMap) -> str | None:
    if not m or m.ca.items or not all(isinstance(k, str) and _FLOW_ITEM_RE.match(k) for k in m):
        return None
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in m.values()):
        return None
    return "{" + ", ".join(f"{k}: {v}" for k, v in m.items()) + "}"


def _scalar(key: str, value: Any, key_col: int) -> Any:
    if not isinstance(value, str):
        return value
    if isinstance(value, LiteralScalarString) and "\n" in value:
        return value  # multi-line text written as a literal block keeps its lines
    text = str(value)
    if key in PROSE_FIELDS and key_col + len(key) + 2 + len(text) > WIDTH:
        folds = _fold_positions(text, key_col + 2)
        if folds:  # a value that fits below its key alone reads better on the key's line
            folded = FoldedScalarString(text)
            folded.fold_pos = folds
            return folded
    return text


def _canonical(node: Any, shape: Shape | None, col: int) -> Any:
    """Reorder keys and set scalar and collection styles in place; `col` is the node's indent."""
    if isinstance(node, CommentedMap):
        if shape is not None:
            known = [k for k in shape.order if k in node]
            rest = [k for k in node if k not in shape.order]
            for k in known + rest:
                node.move_to_end(k)
        for k in list(node):
            v = node[k]
            sub = shape.nested.get(k) if shape and isinstance(k, str) else None
            key_len = len(str(k))
            if isinstance(v, CommentedMap):
                flow = _flow_map(v)
                if flow is not None and col + key_len + 2 + len(flow) <= WIDTH and sub is not None:
                    v.fa.set_flow_style()
                else:
                    v.fa.set_block_style()
                    _canonical(v, sub, col + 2)
            elif isinstance(v, CommentedSeq):
                flow = _flow_list(list(v))
                if flow is not None and not v.ca.items and col + key_len + 2 + len(flow) <= WIDTH:
                    v.fa.set_flow_style()
                else:
                    v.fa.set_block_style()
                    _canonical(v, sub, col + 2)
            else:
                node[k] = _scalar(str(k), v, col)
    elif isinstance(node, CommentedSeq):
        for i, v in enumerate(node):
            if isinstance(v, (CommentedMap, CommentedSeq)):
                v.fa.set_block_style()
                _canonical(v, shape, col + 2)
            elif isinstance(v, str) and not isinstance(v, LiteralScalarString):
                node[i] = str(v)
    return node


def format_text(text: str, kind: Kind, ref: str, path: str = "<text>") -> str:
    """The canonical form of one data file's text. Raises FmtError for text that is not a data file."""
    status, original = parse(text)
    if status == "error":
        _rule, message, line, col, hint = original[0]  # the first problem; validate lists them all
        raise FmtError(path, message, line, col, hint or "fix this first; `rsitr-list validate` explains it")
    if not isinstance(original, dict):
        raise FmtError(path, "the file must hold one YAML mapping (key: value lines)", 1, 1)
    body = _SCHEMA_LINE_RE.sub("", text, count=1) if _SCHEMA_LINE_RE.match(text) else text
    y = _yaml()
    try:
        doc = y.load(body)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise FmtError(
            path,
            f"cannot be read round trip: {e.problem or e}",
            (mark.line + 1) if mark else 0,
            (mark.column + 1) if mark else 0,
        ) from None
    except YAMLError as e:
        raise FmtError(path, f"cannot be read round trip: {e}") from None
    if not isinstance(doc, CommentedMap):
        raise FmtError(path, "the file must hold one YAML mapping (key: value lines)", 1, 1)
    _canonical(doc, shape_of(BY_KIND[kind].model), 0)
    out = io.StringIO()
    y.dump(doc, out)
    result = f"{SCHEMA_LINE}{ref}\n" + out.getvalue()
    # The safety net: a layout change must never change what the pipeline reads.
    status, again = parse(result)
    if status != "ok" or again != original:
        raise FmtError(
            path,
            "formatting would change the data (an rsitr-list bug; the file was left as it is)",
            hint="please report it with the file attached",
        )
    return result


def dump_record(data: dict[str, Any], kind: Kind, ref: str) -> str:
    """A new record (plain values, e.g. from `add`) in the canonical form."""
    import yaml  # PyYAML writes the plain values; format_text then applies the layout

    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=4096)
    return format_text(text, kind, ref)


@dataclass(frozen=True)
class Formatted:
    path: Path
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


def format_files(
    paths: list[Path], data_root: Path, schema_dir: Path, display: typing.Callable[[Path], str] = str
) -> tuple[list[Formatted], list[FmtError]]:
    """Format every file in memory; every problem is collected, nothing is written here."""
    done, problems = [], []
    for path in paths:
        name = display(path)
        kind = kind_of(path, data_root)
        if kind is None:
            problems.append(
                FmtError(
                    name,
                    "not a data file (expected data/<kind>/<id>.yaml or a known single file)",
                    hint=f"fmt formats the records under {display(data_root)}",
                )
            )
            continue
        try:
            blob = path.read_bytes()
        except OSError as e:
            problems.append(FmtError(name, f"cannot be read: {e.strerror or e}"))
            continue
        try:
            old = blob.decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append(
                FmtError(name, f"file is not UTF-8 ({e.reason} at byte {e.start})", hint="save it as UTF-8")
            )
            continue
        try:
            done.append(Formatted(path, old, format_text(old, kind, schema_ref(path, kind, schema_dir), name)))
        except FmtError as e:
            problems.append(e)
    return done, problems
