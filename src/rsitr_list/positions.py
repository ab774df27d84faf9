"""Find the line and column of a field in a YAML file.

Loading keeps no marks (that would slow the fast path); positions are looked up
only for the few files that have diagnostics, by composing their node tree.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .diagnostics import Diagnostic, Loc

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None


def locate(node: yaml.Node | None, loc: Loc) -> tuple[int, int]:
    """1-based (line, col) of the deepest part of ``loc`` present in the tree."""
    if node is None:
        return (1, 1)
    best = (node.start_mark.line + 1, node.start_mark.column + 1)
    for part in loc:
        nxt = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if key.value == part:
                    best = (key.start_mark.line + 1, key.start_mark.column + 1)
                    nxt = value
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            nxt = node.value[part]
            best = (nxt.start_mark.line + 1, nxt.start_mark.column + 1)
        if nxt is None:
            break
        node = nxt
    return best


def resolve(diags: list[Diagnostic], root: Path) -> list[Diagnostic]:
    """Fill line and column of every diagnostic that lacks them, then sort."""
    trees: dict[str, yaml.Node | None] = {}
    out = []
    for d in diags:
        if not d.line:
            if d.path not in trees:
                try:
                    trees[d.path] = _compose((root / d.path).read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError):
                    trees[d.path] = None
            d = d.at(*locate(trees[d.path], d.loc))
        out.append(d)
    return sorted(out, key=Diagnostic.sort_key)
