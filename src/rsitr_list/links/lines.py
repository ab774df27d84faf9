"""Line numbers for the fields that links sit in, looked up only for links being reported
(composing a YAML node tree is slower than loading, so it is done per reported file)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml

from .. import positions
from .targets import Source, Target


def with_lines(targets: list[Target], root: Path) -> list[Target]:
    """These targets, in order, with the line of every record field they are written in."""
    trees: dict[str, yaml.Node | None] = {}

    def located(source: Source) -> Source:
        if source.line or not source.loc:
            return source
        if source.path not in trees:
            trees[source.path] = positions.compose_file(root / source.path)
        return replace(source, line=positions.locate(trees[source.path], source.loc)[0])

    return [t.with_sources(located(s) for s in t.sources) for t in targets]
