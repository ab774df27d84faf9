"""Line numbers for the fields that links sit in, looked up only for links being reported
(composing a YAML node tree is slower than loading, so it is done per reported file)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml

from .. import positions
from .targets import Target


def fill(targets: list[Target], root: Path) -> None:
    trees: dict[str, yaml.Node | None] = {}
    for target in targets:
        if all(s.line or not s.loc for s in target.sources):
            continue
        filled = []
        for source in target.sources:
            if not source.line and source.loc:
                if source.path not in trees:
                    trees[source.path] = positions.compose_file(root / source.path)
                source = replace(source, line=positions.locate(trees[source.path], source.loc)[0])
            filled.append(source)
        target.sources = filled
