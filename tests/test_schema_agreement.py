"""The exported JSON Schemas agree with the models over every YAML fixture and data file.

For each file: the model rejects it ⇔ the schema rejects it, or the test names why not.
The known differences are the models' custom checks, which JSON Schema (as pydantic
exports it) does not express; a difference outside this list fails the test.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

from rsitr_list.export.schema import render_schemas
from rsitr_list.fmt import kind_of
from rsitr_list.kinds import BY_KIND, Kind
from rsitr_list.load import parse

ROOT = Path(__file__).resolve().parents[1]

# Checks made by pydantic validators in the models, invisible to the exported schema:
# a record failing only these is rejected by the model and accepted by the schema.
MODEL_ONLY = {
    "id-syntax": "ids: lower-case words joined by single hyphens (an AfterValidator regex)",
    "doi-syntax": "a bare DOI, and not a doi.org link (AfterValidator)",
    "arxiv-syntax": "a quoted, bare arXiv id (BeforeValidator)",
    "url-scheme": "http(s) URLs with a host (AfterValidator; the text is kept as written)",
    "issn-syntax": "NNNN-NNNC (AfterValidator)",
    "year-range": "1990 to next year: the upper bound moves with today's date",
    "empty-text": "non-empty after stripping white space (BeforeValidator)",
    "image-size-syntax": "WIDTHxHEIGHT or 'various' (AfterValidator)",
    "duplicate-author": "no author twice in one paper (field_validator)",
    "dataset-origin": "introduced_by and citation not both (model_validator)",
    "commit-syntax": "a full 40-hex commit (field_validator)",
    "repo-syntax": "owner/name (field_validator)",
    "result-partial": "six recalls on a complete row, an mR and no recalls on a partial one (model_validator)",
    "result-misprint": "mr_misprint only where the printed mR is off the recalls' mean (model_validator)",
    "result-setting": "every row has a setting, each setting its basis (model_validator across table and row)",
    "control-character": "no control characters (newlines only in prose) in any text (BeforeValidator)",
    "bidi-character": "no direction overrides or isolates in any text (BeforeValidator)",
    "invisible-character": "no invisible format characters in any text (BeforeValidator)",
    "text-too-long": "a length limit per kind of text, chosen by field name (BeforeValidator)",
    "biblio-syntax": "volume/number whole numbers or text, pages FIRST-LAST (BeforeValidator)",
}


def _fixture_files() -> list[Path]:
    out = []
    for base in (ROOT / "data", *sorted((ROOT / "tests" / "fixtures").rglob("data"))):
        if base.is_dir():
            out += sorted(p for p in base.rglob("*.yaml") if p.is_file() and kind_of(p, base) is not None)
    return out


FILES = _fixture_files()


def _json_ready(value: Any) -> Any:
    """YAML's dates as the JSON strings a schema validator sees."""
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    return {Path(o.path).name: json.loads(o.content) for o in render_schemas(tmp_path_factory.mktemp("schema"))}


def test_there_are_fixtures_of_every_kind() -> None:
    kinds = {kind_of(p, next(a for a in p.parents if a.name == "data")) for p in FILES}
    assert kinds == set(Kind)
    assert len(FILES) > 100


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_model_and_schema_agree(path: Path, schemas: dict[str, dict]) -> None:
    data_root = next(a for a in path.parents if a.name == "data")
    kind = kind_of(path, data_root)
    assert kind is not None
    try:
        status, data = parse(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: rejected by load before either check (rule encoding)")
    if status != "ok" or not isinstance(data, dict):
        pytest.skip("not a YAML mapping: rejected by load before either check")
    spec = BY_KIND[kind]
    try:
        spec.model.model_validate(data)
        model_errors: set[str] = set()
    except ValidationError as e:
        model_errors = {err["type"] for err in e.errors()}
    validator = jsonschema.Draft202012Validator(
        schemas[spec.schema_name], format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    schema_errors = list(validator.iter_errors(_json_ready(data)))
    if bool(model_errors) == bool(schema_errors):
        return
    if model_errors and not schema_errors:
        unexplained = model_errors - set(MODEL_ONLY)
        assert not unexplained, f"the model rejects ({', '.join(sorted(unexplained))}) what the schema accepts"
        return
    pytest.fail("the schema rejects what the model accepts: " + "; ".join(e.message for e in schema_errors[:3]))


def test_a_known_difference_is_real() -> None:
    """MODEL_ONLY is not a blanket excuse: a bad DOI passes the schema and fails the model."""
    from rsitr_list.models import Paper

    record = {
        "id": "x-2024",
        "title": "T",
        "authors": ["A"],
        "venue": "tgrs",
        "year": 2024,
        "category": "hashing",
        "added": "2024-01-01",
        "links": {"doi": "https://doi.org/10.1/x"},
    }
    schema = Paper.model_json_schema()
    assert jsonschema.Draft202012Validator(schema).is_valid(record)
    with pytest.raises(ValidationError) as e:
        Paper.model_validate(record)
    assert {err["type"] for err in e.value.errors()} == {"doi-syntax"}
    # and a wrong type is caught by both
    record["year"] = "2024"
    assert not jsonschema.Draft202012Validator(schema).is_valid(record)
