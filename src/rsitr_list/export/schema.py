"""JSON Schema files exported from the models, so editors can autocomplete data files."""

from __future__ import annotations

import json
from pathlib import Path

from ..core.write import Output
from ..kinds import KINDS
from ..validate import MODELS


def render_schemas(schema_dir: Path) -> list[Output]:
    out = []
    for spec in sorted(KINDS, key=lambda k: k.kind.value):
        model = MODELS[spec.kind]
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema.setdefault("title", model.__name__)
        text = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        out.append(Output(schema_dir / spec.schema_name, text))
    return out
