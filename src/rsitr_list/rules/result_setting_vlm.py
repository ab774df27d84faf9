"""A row filed as no-vlp whose own description names a vision-language model.

"no-vlp" says the weights never saw image-text pre-training. If the row's backbones,
pre-training data, setting basis or notes name CLIP, ALBEF, BLIP, GeoRSCLIP or
another vision-language model, the two disagree: either the setting is wrong
(general-vlp, rs-vlp, zero-shot or unstated), or the words describe something else
and should say it without naming the model on this row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..catalog import Catalog
from ..diagnostics import Diagnostic, Loc
from ..models.result import Result
from ._shared import path_of

RULE = "result-setting-vlm"
DESCRIPTION = (
    "a no-vlp result row names CLIP or another vision-language model in its backbones, pre-training, "
    "setting basis or notes"
)

# Names of vision-language models and their code bases. Whole words only, so "clip" in a
# longer word does not count, but the hyphenated "S-CLIP" or "CLIP-based" does. Ordinary
# English words that are also model names (ALIGN) are left out.
VLM_NAMES = (
    "CLIP",
    "OpenCLIP",
    "open_clip",
    "ALBEF",
    "BLIP",
    "ViLT",
    "GeoRSCLIP",
    "RemoteCLIP",
    "SkyCLIP",
    "LLaVA",
    "SigLIP",
    "FILIP",
    "CoCa",
    "GeoChat",
    "MiniGPT-4",
    "Qwen-VL",
    "InternVL",
    "X-VLM",
)
_VLM_RE = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in VLM_NAMES) + r")\b", re.IGNORECASE)

# The fields of a row (and of its effective protocol) that describe its model.
_PROTOCOL_FIELDS = ("image_backbone", "text_backbone", "pretraining", "setting_basis", "note")


def _texts(row: Result) -> Iterator[tuple[Loc, str, str]]:
    """(loc, field, text) of every describing field, located where the row or its file writes it."""
    proto = row.effective_protocol()
    own = row.protocol.model_fields_set if row.protocol is not None else set()
    for name in _PROTOCOL_FIELDS:
        value = getattr(proto, name)
        at = ("results", row.index, "protocol", name) if name in own else ("protocol", name)
        if isinstance(value, list):
            yield from (((*at, i), name, text) for i, text in enumerate(value))
        elif value:
            yield at, name, value
    if row.note:
        yield ("results", row.index, "note"), "note", row.note


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    seen: set[tuple] = set()  # a file-level text shared by many rows is reported once
    for row in catalog.results:
        if row.effective_protocol().setting != "no-vlp":
            continue
        for loc, field, text in _texts(row):
            match = _VLM_RE.search(text)
            if match is None or (path_of(row), loc) in seen:
                continue
            seen.add((path_of(row), loc))
            yield Diagnostic(
                path_of(row),
                RULE,
                f"{row.name} on {row.dataset} is no-vlp, but its {field} names the vision-language model "
                f"'{match.group(0)}'",
                loc=loc,
                hint="use general-vlp, rs-vlp or zero-shot if the weights come from that model (unstated if the "
                "sources do not say); if the text is about something else, say it without naming the model",
            )
