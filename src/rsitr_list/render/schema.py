"""JSON Schema files exported from the models, so editors can autocomplete data files."""

from __future__ import annotations

import json
from pathlib import Path

from ..validate import MODELS
from .write import Output

# File names: papers use paper.schema.json, the single files their own name.
SCHEMA_NAMES = {kind: f"{kind}.schema.json" for kind in MODELS}


def render_schemas(schema_dir: Path) -> list[Output]:
    out = []
    for kind, model in sorted(MODELS.items()):
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema.setdefault("title", model.__name__)
        text = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        out.append(Output(schema_dir / SCHEMA_NAMES[kind], text))
    return out
