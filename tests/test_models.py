"""The field types every record shares, the record models, and their JSON Schema export."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from pydantic import TypeAdapter, ValidationError

from rsitr_list.export.schema import render_schemas
from rsitr_list.models import Dataset, Paper, PaperLinks
from rsitr_list.models.types import ArxivId, Doi, RecordId, Text, Url, Year
from rsitr_list.validate import MODELS


def errors(annotation, value) -> list[tuple[str, str]]:
    """(rule id, message) of every error validating value, or [] when it is valid."""
    try:
        TypeAdapter(annotation).validate_python(value)
    except ValidationError as e:
        return [(err["type"], err["msg"]) for err in e.errors()]
    return []


def valid(annotation, value):
    return TypeAdapter(annotation).validate_python(value)


# --- ids -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["a", "pir-2023", "rs5m", "a1-2b", "2023"])
def test_valid_ids(value: str) -> None:
    assert valid(RecordId, value) == value


@pytest.mark.parametrize("value", ["", "PIR-2023", "pir_2023", "pir--2023", "-pir", "pir-", "pir 2023", "pír"])
def test_invalid_ids(value: str) -> None:
    assert errors(RecordId, value) == [
        ("id-syntax", f"'{value}' is not a valid id: use lower-case letters, digits and single hyphens")
    ]


# --- DOIs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["10.1109/TGRS.2023.3308969", "10.1145/3581783.3612374", "10.3390/rs15184411", "10.48550/arXiv.2306.11029"]
)
def test_valid_dois(value: str) -> None:
    assert valid(Doi, value) == value


@pytest.mark.parametrize(
    "value",
    [
        "https://doi.org/10.1109/TGRS.2023.3308969",
        "http://doi.org/10.1109/x",
        "doi:10.1109/x",
        "DOI:10.1109/x",
        "HTTPS://DOI.ORG/10.1109/x",
    ],
)
def test_doi_links_are_not_dois(value: str) -> None:
    assert errors(Doi, value) == [
        ("doi-syntax", f"'{value}' is a DOI link, not a bare DOI: write only the part starting with '10.'")
    ]


@pytest.mark.parametrize(
    "value", ["10.1109", "10.1109/", "10.12/x", "11.1109/x", "10.1109/a b", "https://dx.doi.org/10.1109/x"]
)
def test_malformed_dois(value: str) -> None:
    assert errors(Doi, value) == [("doi-syntax", f"'{value}' is not a DOI (expected 10.NNNN/suffix)")]


# --- arXiv ids --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2204.09860",
        "2306.11029",
        "0704.0001",
        "1412.9999",
        "1501.00001",
        "2204.09860v2",
        "2606.00001",
        "hep-th/9901001",
        "math.AG/0601001v1",
    ],
)
def test_valid_arxiv_ids(value: str, fixed_today: dt.date) -> None:
    assert valid(ArxivId, value) == value


@pytest.mark.parametrize(
    "value, why",
    [
        ("2501.0123", "ids since 2015 have 5 digits after the dot, this one has 4"),
        ("1501.0001", "ids since 2015 have 5 digits after the dot, this one has 4"),
        ("1412.00001", "ids from 2007 to 2014 have 4 digits after the dot, this one has 5"),
        ("2513.01234", "it starts with year and month (YYMM), and 13 is not a month"),
        ("2500.01234", "it starts with year and month (YYMM), and 00 is not a month"),
        ("2607.00001", "its YYMM is 2026-07, which has not come yet"),
        ("9901.00001", "its YYMM is 2099-01, which has not come yet"),
        ("0703.0001", "ids of this form (YYMM.NNNN) start in April 2007 (0704)"),
        ("hep-th/9913001", "it starts with year and month (YYMM), and 13 is not a month"),
    ],
)
def test_arxiv_id_agrees_with_its_year_and_month(value: str, why: str, fixed_today: dt.date) -> None:
    assert errors(ArxivId, value) == [("arxiv-syntax", f"'{value}' is not an arXiv id: {why}")]


def test_unquoted_arxiv_id_is_refused_because_yaml_made_it_a_float() -> None:
    value = yaml.safe_load("arxiv: 2204.09860\n")["arxiv"]
    assert value == 2204.0986  # the trailing zero is gone: the reason for the rule
    assert errors(ArxivId, value) == [
        (
            "arxiv-syntax",
            "arXiv id 2204.0986 must be quoted, e.g. '2204.09860' (a bare number loses its trailing zeros)",
        )
    ]


def test_unquoted_arxiv_id_is_refused_even_when_no_digit_is_lost() -> None:
    assert errors(ArxivId, 2306.11029) == [
        (
            "arxiv-syntax",
            "arXiv id 2306.11029 must be quoted, e.g. '2204.09860' (a bare number loses its trailing zeros)",
        )
    ]


@pytest.mark.parametrize(
    "value",
    ["arXiv:2204.09860", "arxiv:2204.09860", "https://arxiv.org/abs/2204.09860", "http://arxiv.org/pdf/2204.09860"],
)
def test_arxiv_links_are_not_ids(value: str) -> None:
    assert errors(ArxivId, value) == [
        ("arxiv-syntax", f"'{value}' is not a bare arXiv id: write only the id, e.g. '2306.11029'")
    ]


@pytest.mark.parametrize("value", ["2204.098", "22040.9860", "2204-09860", "abs/2204.09860", "2204.09860v"])
def test_malformed_arxiv_ids(value: str) -> None:
    assert errors(ArxivId, value) == [("arxiv-syntax", f"'{value}' is not an arXiv id (expected YYMM.NNNNN)")]


# --- URLs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "https://github.com/jaychempan/PIR",  # no trailing slash is added (pydantic's HttpUrl would add one)
        "https://example.org",
        "https://example.org/",
        "http://example.org/a/b?x=1&y=2#frag",
        "https://example.org/wiki/Foo_(bar)",
        "https://example.org:8080/%E4%B8%AD",
    ],
)
def test_urls_are_kept_exactly_as_written(value: str) -> None:
    assert valid(Url, value) == value
    assert PaperLinks.model_validate({"code": value}).code == value


def test_url_in_a_record_loses_only_surrounding_white_space() -> None:
    assert PaperLinks.model_validate({"code": "  https://example.org/x \n"}).code == "https://example.org/x"


@pytest.mark.parametrize(
    "value",
    [
        "github.com/a/b",
        "www.example.org",
        "ftp://example.org/f",
        "https://",
        "https:///path",
        "HTTPS://example.org",
        "javascript:alert(1)",
        "https://exa mple.org",
        "mailto:a@b.org",
    ],
)
def test_non_http_urls(value: str) -> None:
    assert errors(Url, value) == [("url-scheme", f"'{value}' is not an http(s) URL")]


# --- years and text ---------------------------------------------------------------------


def test_year_range_runs_from_1990_to_next_year(fixed_today: dt.date) -> None:
    assert valid(Year, 1990) == 1990
    assert valid(Year, 2027) == 2027
    assert errors(Year, 1989) == [("year-range", "year 1989 is outside 1990..2027")]
    assert errors(Year, 2028) == [("year-range", "year 2028 is outside 1990..2027")]


def test_year_range_follows_the_calendar() -> None:
    # Without a fixed clock: next year is always allowed, the year after never.
    next_year = dt.date.today().year + 1
    assert valid(Year, next_year) == next_year
    assert errors(Year, next_year + 1) == [("year-range", f"year {next_year + 1} is outside 1990..{next_year}")]


@pytest.mark.parametrize("value", ["next year", "2023", 2023.5, 2023.0, True])
def test_year_must_be_a_whole_number_written_as_one(value) -> None:
    # Strict: YAML's true, a quoted '2023' or a float never passes as a year.
    assert [t for t, _ in errors(Year, value)] == ["int_type"]


@pytest.mark.parametrize("value", ["", "   ", "\n\t"])
def test_blank_text_is_empty_text(value: str) -> None:
    assert errors(Text, value) == [("empty-text", "must not be empty")]


# --- text hygiene: every text and URL field -------------------------------------------


@pytest.mark.parametrize(
    "value, rule, message",
    [
        ("A\x1b[31mB", "control-character", "U+001B (ESCAPE) at character 2 is not allowed here"),
        ("A\x00B", "control-character", "U+0000 (NUL) at character 2 is not allowed here"),
        ("A\tB", "control-character", "U+0009 (TAB) at character 2 is not allowed here"),
        ("A\nB", "control-character", "U+000A (LINE FEED) at character 2 is not allowed here"),
        ("A\u2028B", "control-character", "U+2028 (LINE SEPARATOR) at character 2 is not allowed here"),
        ("A\x85B", "control-character", "U+0085 at character 2 is not allowed here"),
        ("A\ud800B", "control-character", "U+D800 at character 2 is not allowed here"),
        ("abc\u202edcba", "bidi-character", "U+202E (RIGHT-TO-LEFT OVERRIDE) at character 4 is not allowed here"),
        ("a\u2066b", "bidi-character", "U+2066 (LEFT-TO-RIGHT ISOLATE) at character 2 is not allowed here"),
        ("a\u200fb", "bidi-character", "U+200F (RIGHT-TO-LEFT MARK) at character 2 is not allowed here"),
        ("Re\u00adtrieval", "invisible-character", "U+00AD (SOFT HYPHEN) at character 3 is not allowed here"),
        ("a\u200bb", "invisible-character", "U+200B (ZERO WIDTH SPACE) at character 2 is not allowed here"),
        ("a\ufeffb", "invisible-character", "U+FEFF (ZERO WIDTH NO-BREAK SPACE) at character 2 is not allowed here"),
    ],
)
def test_text_refuses_control_bidi_and_invisible_characters(value: str, rule: str, message: str) -> None:
    assert errors(Text, value) == [(rule, message)]
    assert [r for r, _ in errors(Url, f"https://example.org/{value}")] == [rule]


@pytest.mark.parametrize(
    "value",
    [
        "Café Ørsted",
        "日本語のタイトル",
        "emoji 👨\u200d👩\u200d👧",
        "نص عربي",
        "non\u00a0breaking",
        "می\u200cخواهم",
        "Ω ≤ ∞",
    ],
)
def test_text_keeps_every_other_character(value: str) -> None:
    assert valid(Text, value) == value


def test_notes_may_have_line_breaks_and_titles_may_not() -> None:
    assert Paper.model_validate({**PAPER, "note": "one\ntwo"}).note == "one\ntwo"
    with pytest.raises(ValidationError) as exc:
        Paper.model_validate({**PAPER, "title": "one\ntwo"})
    assert [(e["type"], e["loc"]) for e in exc.value.errors()] == [("control-character", ("title",))]
    with pytest.raises(ValidationError) as exc:
        Paper.model_validate({**PAPER, "note": "tab\there"})
    assert [(e["type"], e["loc"]) for e in exc.value.errors()] == [("control-character", ("note",))]


@pytest.mark.parametrize("field, limit", [("title", 500), ("authors", 200), ("method", 200), ("note", 5000)])
def test_text_fields_have_length_limits(field: str, limit: int) -> None:
    def record(text: str) -> dict:
        return {**PAPER, field: [text] if field == "authors" else text}

    Paper.model_validate(record("x" * limit))
    with pytest.raises(ValidationError) as exc:
        Paper.model_validate(record("x" * (limit + 1)))
    assert [(e["type"], e["msg"]) for e in exc.value.errors()] == [
        ("text-too-long", f"{limit + 1} characters is too long: at most {limit} here")
    ]


def test_urls_dois_and_ids_have_length_limits() -> None:
    assert errors(Url, "https://e.org/" + "x" * 2000)[0][0] == "text-too-long"
    assert errors(Doi, "10.1234/" + "x" * 500)[0][0] == "text-too-long"
    assert errors(RecordId, "a" * 101)[0][0] == "text-too-long"
    assert errors(ArxivId, "1" * 101)[0][0] == "text-too-long"
    assert errors(Doi, "10.1234/a\u202eb")[0][0] == "bidi-character"


def test_text_is_stripped() -> None:
    assert valid(Text, "  A title \n") == "A title"


# --- records ----------------------------------------------------------------------------

PAPER = {
    "id": "alpha-2023",
    "title": "Alpha",
    "authors": ["Ann Author"],
    "venue": "tgrs",
    "year": 2023,
    "category": "closed-domain",
    "added": dt.date(2024, 1, 2),
}


def test_paper_defaults() -> None:
    paper = Paper.model_validate(PAPER)
    assert (paper.links, paper.datasets, paper.earlier_titles, paper.retired_links, paper.note) == (
        PaperLinks(),
        [],
        [],
        [],
        None,
    )


def test_records_refuse_unknown_fields_and_are_frozen() -> None:
    with pytest.raises(ValidationError) as exc:
        Paper.model_validate({**PAPER, "titel": "x"})
    assert [(e["type"], e["loc"]) for e in exc.value.errors()] == [("extra_forbidden", ("titel",))]
    paper = Paper.model_validate(PAPER)
    with pytest.raises(ValidationError):
        paper.title = "changed"


def test_duplicate_author_names_the_author() -> None:
    with pytest.raises(ValidationError) as exc:
        Paper.model_validate({**PAPER, "authors": ["Ann Author", "Ben", "Ann Author"]})
    assert [(e["type"], e["loc"], e["msg"]) for e in exc.value.errors()] == [
        ("duplicate-author", ("authors",), "author 'Ann Author' is listed twice")
    ]


DATASET = {"id": "rsitmd", "name": "RSITMD", "added": dt.date(2024, 1, 2)}


@pytest.mark.parametrize("size", ["256x256", "224x224", "various", "10000x1"])
def test_image_sizes(size: str) -> None:
    assert Dataset.model_validate({**DATASET, "image_size": size}).image_size == size


@pytest.mark.parametrize("size", ["256 x 256", "256×256", "256", "Various", "256x256px"])
def test_bad_image_sizes(size: str) -> None:
    with pytest.raises(ValidationError) as exc:
        Dataset.model_validate({**DATASET, "image_size": size})
    assert [(e["type"], e["msg"]) for e in exc.value.errors()] == [
        ("image-size-syntax", f"'{size}' is not WIDTHxHEIGHT (e.g. 256x256) or 'various'")
    ]


def test_dataset_has_one_origin() -> None:
    citation = {"title": "T", "authors": ["A B"], "venue": "TGRS", "year": 2018}
    assert Dataset.model_validate({**DATASET, "citation": citation}).citation.year == 2018
    assert Dataset.model_validate({**DATASET, "introduced_by": "alpha-2023"}).introduced_by == "alpha-2023"
    with pytest.raises(ValidationError) as exc:
        Dataset.model_validate({**DATASET, "citation": citation, "introduced_by": "alpha-2023"})
    assert [e["type"] for e in exc.value.errors()] == ["dataset-origin"]


# --- JSON Schema export -----------------------------------------------------------------


def object_schemas(schema: dict) -> dict[str, dict]:
    """The top-level schema and every $defs entry that describes an object."""
    out = {"<top>": schema}
    out.update({name: d for name, d in schema.get("$defs", {}).items() if d.get("type") == "object"})
    return out


def test_schema_files_are_valid_json_for_every_kind(tmp_path: Path) -> None:
    outputs = render_schemas(tmp_path)
    assert sorted(o.path.name for o in outputs) == sorted(f"{kind}.schema.json" for kind in MODELS)
    for o in outputs:
        assert o.path.parent == tmp_path
        assert o.content.endswith("}\n")
        schema = json.loads(o.content)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["type"] == "object"


def test_every_record_schema_forbids_additional_properties(tmp_path: Path) -> None:
    for o in render_schemas(tmp_path):
        for name, schema in object_schemas(json.loads(o.content)).items():
            assert schema.get("additionalProperties") is False, f"{o.path.name}: {name}"


def test_schema_properties_match_the_models(tmp_path: Path) -> None:
    by_name = {o.path.name: json.loads(o.content) for o in render_schemas(tmp_path)}
    for kind, model in MODELS.items():
        schema = by_name[f"{kind}.schema.json"]
        # Data files use a field's alias where it has one.
        assert set(schema["properties"]) == {f.alias or n for n, f in model.model_fields.items()}, kind
        required = {f.alias or n for n, f in model.model_fields.items() if f.is_required()}
        assert set(schema.get("required", [])) == required, kind


def test_schema_export_is_deterministic(tmp_path: Path) -> None:
    first = [(o.path.name, o.content) for o in render_schemas(tmp_path)]
    assert [(o.path.name, o.content) for o in render_schemas(tmp_path)] == first


def test_paper_schema_describes_ids_dates_and_categories(tmp_path: Path) -> None:
    schema = json.loads(next(o.content for o in render_schemas(tmp_path) if o.path.name == "paper.schema.json"))
    props = schema["properties"]
    assert props["added"] == {
        "description": "Date the paper was added to the list (YYYY-MM-DD).",
        "format": "date",
        "title": "Added",
        "type": "string",
    }
    # Authors may be null (not known), but a list of authors is never empty.
    branches = {b["type"]: b for b in props["authors"]["anyOf"]}
    assert branches["array"]["minItems"] == 1 and set(branches) == {"array", "null"}
    assert "authors" in schema["required"]
    assert schema["$defs"]["Category"]["enum"] == ["closed-domain", "open-domain", "hashing"]


def test_volume_number_and_pages_are_text_and_yaml_integers_are_taken_as_such() -> None:
    base = {
        "id": "alpha-2023",
        "title": "Alpha",
        "authors": ["Ann Author"],
        "venue": "tgrs",
        "year": 2023,
        "category": "closed-domain",
        "added": "2024-01-02",
    }
    paper = Paper.model_validate({**base, "volume": 62, "number": 3, "pages": 128968})
    assert (paper.volume, paper.number, paper.pages) == ("62", "3", "128968")
    assert Paper.model_validate({**base, "pages": "1-15"}).pages == "1-15"


def test_unknown_authors_venue_and_year_are_written_as_null() -> None:
    base = {
        "id": "posapl",
        "title": "Alpha",
        "authors": None,
        "venue": None,
        "year": None,
        "category": "open-domain",
        "added": "2024-01-02",
    }
    paper = Paper.model_validate(base)
    assert (paper.authors, paper.venue, paper.year) == (None, None, None)
    # Left out is not the same as unknown: the field must be written.
    with pytest.raises(ValidationError) as err:
        Paper.model_validate({k: v for k, v in base.items() if k != "year"})
    assert [e["type"] for e in err.value.errors()] == ["missing"]
