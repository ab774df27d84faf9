"""Find the line and column of a field in a YAML file.

Loading keeps no marks (that would slow the fast path); positions are looked up
only for the few files that have diagnostics, by composing their node tree.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .diagnostics import Diagnostic, Loc
from .load import Loader, compose_checked, read_limited  # noqa: F401  (Loader: the same parser as loading)


def compose_file(path: Path) -> yaml.Node | None:
    """The node tree of a YAML file, or None where it cannot be read or parsed.

    Read and composed under the loader's limits: the file may have changed since it
    was loaded, and a tree the loader would refuse (an alias loop, deep nesting) is
    not walked here either.
    """
    blob = read_limited(path, path.name)
    if isinstance(blob, Diagnostic):
        return None
    try:
        node, _problems = compose_checked(blob.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError):
        return None
    return node  # None where composing was not safe; a tree with other problems is still walkable


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
        if d.line == 0:
            if d.path not in trees:
                trees[d.path] = compose_file(root / d.path)
            d = d.at(*locate(trees[d.path], d.loc))
        out.append(d)
    return sorted(out, key=Diagnostic.sort_key)
