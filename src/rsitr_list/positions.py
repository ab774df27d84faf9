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


Keys = dict[int, dict[str, tuple[yaml.Node, yaml.Node]]]


def _key_index(node: yaml.MappingNode, keys: Keys) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """A mapping's keys, indexed once per tree: a file with thousands of keys and an error
    at each would otherwise scan them all for every error."""
    index = keys.get(id(node))
    if index is None:
        index = {}
        for key, value in node.value:
            if isinstance(key.value, str):
                index.setdefault(key.value, (key, value))  # the first, as YAML reads it
        keys[id(node)] = index
    return index


def locate(node: yaml.Node | None, loc: Loc, keys: Keys | None = None) -> tuple[int, int]:
    """1-based (line, col) of the deepest part of ``loc`` present in the tree.

    ``keys`` memoises the key index of each mapping; pass the same dict for every
    lookup in one tree (and only in that tree).
    """
    if node is None:
        return (1, 1)
    if keys is None:
        keys = {}
    best = (node.start_mark.line + 1, node.start_mark.column + 1)
    for part in loc:
        nxt = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            found = _key_index(node, keys).get(part)
            if found is not None:
                key, nxt = found
                best = (key.start_mark.line + 1, key.start_mark.column + 1)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            nxt = node.value[part]
            best = (nxt.start_mark.line + 1, nxt.start_mark.column + 1)
        if nxt is None:
            break
        node = nxt
    return best


def resolve(diags: list[Diagnostic], root: Path) -> list[Diagnostic]:
    """Fill line and column of every diagnostic that lacks them, then sort."""
    trees: dict[str, tuple[yaml.Node | None, Keys]] = {}
    out = []
    for d in diags:
        if d.line == 0:
            if d.path not in trees:
                trees[d.path] = (compose_file(root / d.path), {})
            tree, keys = trees[d.path]
            d = d.at(*locate(tree, d.loc, keys))
        out.append(d)
    return sorted(out, key=Diagnostic.sort_key)
