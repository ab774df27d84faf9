"""Links are found by field type in every record, at the YAML key they are written under."""

from __future__ import annotations

from pathlib import PurePosixPath

from pydantic import Field

from rsitr_list.catalog import Catalog
from rsitr_list.links.extract import from_catalog, from_records
from rsitr_list.models import Dataset, Paper
from rsitr_list.models.base import Record
from rsitr_list.models.types import Url


def _record(model, data, path):
    record = model.model_validate(data)
    record._source = PurePosixPath(path)
    return record


def test_every_link_field_is_found_required_or_optional():
    paper = _record(
        Paper,
        {
            "id": "pir-2023",
            "title": "PIR",
            "authors": ["A"],
            "venue": "acm-mm",
            "year": 2023,
            "category": "closed-domain",
            "added": "2023-12-07",
            "links": {
                "paper": "https://dl.acm.org/doi/10.1145/3581783.3612374",
                "doi": "10.1145/3581783.3612374",
                "arxiv": "2306.11029",
                "code": "https://github.com/jaychempan/PIR",
            },
            "retired_links": [{"url": "https://old.example.org/pir", "reason": "gone"}],
        },
        "data/papers/pir-2023.yaml",
    )
    dataset = _record(
        Dataset,
        {
            "id": "rsicd",
            "name": "RSICD",
            "added": "2023-12-07",
            "homepage": "https://github.com/x/RSICD",
            "downloads": [
                {"url": "https://github.com/x/RSICD", "label": "repo"},  # required Url field
                {"url": "https://pan.baidu.com/s/1", "label": "Baidu"},
            ],
            "citation": {
                "title": "T",
                "authors": ["B"],
                "venue": "TGRS",
                "year": 2018,
                "doi": "10.1109/TGRS.2017.2776321",
            },
        },
        "data/datasets/rsicd.yaml",
    )
    live, dead = from_catalog(Catalog(papers=[paper], datasets=[dataset]))
    found = {t.key: [(s.path, s.field, s.record) for s in t.sources] for t in live}
    assert found == {
        "https://github.com/x/RSICD": [
            ("data/datasets/rsicd.yaml", "homepage", "rsicd"),
            ("data/datasets/rsicd.yaml", "downloads[0].url", "rsicd"),
        ],
        "https://pan.baidu.com/s/1": [("data/datasets/rsicd.yaml", "downloads[1].url", "rsicd")],
        "doi:10.1109/TGRS.2017.2776321": [("data/datasets/rsicd.yaml", "citation.doi", "rsicd")],
        "https://dl.acm.org/doi/10.1145/3581783.3612374": [("data/papers/pir-2023.yaml", "links.paper", "pir-2023")],
        "doi:10.1145/3581783.3612374": [("data/papers/pir-2023.yaml", "links.doi", "pir-2023")],
        "arxiv:2306.11029": [("data/papers/pir-2023.yaml", "links.arxiv", "pir-2023")],
        "https://github.com/jaychempan/PIR": [("data/papers/pir-2023.yaml", "links.code", "pir-2023")],
    }
    assert dead == []  # retired links are history: neither checked nor listed


class _Origin(Record):
    url: Url
    mirrors: list[Url] = Field(default_factory=list)


class _Table(Record):
    origin: _Origin = Field(alias="source")
    status: str = "alive"


def test_aliased_fields_are_reported_at_their_yaml_key_and_dead_records_are_set_apart():
    table = _record(
        _Table,
        {"source": {"url": "https://example.org/t", "mirrors": ["https://m.example.org/t"]}},
        "data/results/t.yaml",
    )
    gone = _record(_Table, {"source": {"url": "https://example.org/old"}, "status": "dead"}, "data/results/old.yaml")
    live, dead = from_records([table, gone])
    assert [(t.key, t.sources[0].field, t.sources[0].record) for t in live] == [
        ("https://example.org/t", "source.url", "t"),
        ("https://m.example.org/t", "source.mirrors[0]", "t"),
    ]
    assert [t.key for t in dead] == ["https://example.org/old"]
