"""The exports beside the results: BibTeX, papers.json, datasets.json, feed.xml, CITATION.cff."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import bibtexparser
import feedparser
import yaml

from rsitr_list.catalog import Catalog
from rsitr_list.derive import derive
from rsitr_list.derive.bibtex import bibtex, cite_keys
from rsitr_list.export import bibliography, citation, feed, records
from rsitr_list.export.all import render_exports
from rsitr_list.models import Category, Paper, Venue

ROOT = Path(__file__).resolve().parents[1]


def _unlatex(text: str) -> str:
    text = re.sub(r"\\textasciitilde\{\}", "~", text)
    text = re.sub(r"\\textasciicircum\{\}", "^", text)
    text = text.replace(r"\textbackslash{}", "\\")
    return re.sub(r"\\([{}&%$#_])", r"\1", text)


def _parse(text: str) -> dict:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return {e.key: e for e in library.entries}


def test_refs_bib_parses_back_to_the_same_keys_titles_and_authors(derived) -> None:
    entries = _parse(bibliography.refs_bib(derived))
    keys = cite_keys(derived.catalog.papers)
    assert set(entries) == set(keys.values()) and len(entries) == len(derived.catalog.papers)
    for p in derived.catalog.papers:
        e = entries[keys[p.id]]
        title = e["title"]
        assert title.startswith("{") and title.endswith("}")
        assert _unlatex(title[1:-1]) == p.title
        if p.authors is None:
            assert "author" not in e.fields_dict, p.id  # unknown authors are left out, never invented
            continue
        authors = [_unlatex(a.strip().strip("{}")) for a in re.split(r"\s+and\s+", e["author"])]
        assert authors == p.authors


def test_one_file_per_category_and_together_they_are_refs_bib(derived) -> None:
    seen: set[str] = set()
    for c in Category:
        entries = _parse(bibliography.category_bib(derived, c))
        assert len(entries) == len(derived.papers[c])
        assert not seen & set(entries)
        seen |= set(entries)
    assert seen == set(_parse(bibliography.refs_bib(derived)))


def _paper(**fields) -> Paper:
    base = {
        "id": "probe-2024",
        "title": "Probe Retrieval",
        "authors": ["Ann Author"],
        "venue": "v",
        "year": 2024,
        "category": "closed-domain",
        "added": dt.date(2024, 1, 2),
    }
    return Paper.model_validate({**base, **fields})


def test_published_papers_cite_the_journal_with_volume_number_pages_and_the_eprint_only_beside_it() -> None:
    venue = Venue(id="sensors", short="Sensors", name="Sensors", kind="journal", publisher="MDPI")
    p = _paper(volume="24", number="3", pages="611-620", links={"doi": "10.3390/s24030001", "arxiv": "2401.00001"})
    entry = bibtex(p, venue)
    fields = dict(re.findall(r"^  (\w+)\s+= \{(.*)\},?$", entry, re.MULTILINE))
    assert entry.startswith("@article{author2024probe,")
    assert fields["journal"] == "Sensors" and fields["publisher"] == "MDPI"
    assert (fields["volume"], fields["number"], fields["pages"]) == ("24", "3", "611--620")
    assert (fields["doi"], fields["eprint"], fields["archiveprefix"]) == ("10.3390/s24030001", "2401.00001", "arXiv")
    conference = bibtex(p, Venue(id="c", short="C", name="Some Conference", kind="conference"))
    assert (
        re.search(r"^  booktitle +=  ?\{Some Conference\},$", conference, re.MULTILINE) and "journal" not in conference
    )
    preprint = bibtex(
        _paper(links={"arxiv": "2401.00001"}), Venue(id="arxiv", short="arXiv", name="arXiv preprint", kind="preprint")
    )
    assert preprint.startswith("@misc{") and "journal" not in preprint and "volume" not in preprint


def test_the_repository_venues_are_named_without_their_publisher(derived) -> None:
    for v in derived.catalog.venues.values():
        assert "(MDPI)" not in v.name and "(IEEE)" not in v.name


def test_cite_keys_are_unique_and_adding_a_later_namesake_renames_nothing() -> None:
    first = _paper(id="a-2024", title="Retrieval One", added=dt.date(2024, 1, 1))
    second = _paper(id="b-2024", title="Retrieval Two", added=dt.date(2024, 2, 1))
    keys = cite_keys([first, second])
    assert keys == {"a-2024": "author2024retrieval", "b-2024": "author2024retrievalb"}
    third = _paper(id="0-2024", title="Retrieval Three", added=dt.date(2024, 3, 1))
    assert cite_keys([third, first, second]) == {**keys, "0-2024": "author2024retrievalc"}


def test_feed_is_atom_newest_first_with_stable_ids_and_no_build_time(derived) -> None:
    text = feed.feed_xml(derived, "https://example.org/exports/feed.xml")
    parsed = feedparser.parse(text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    papers = derived.catalog.papers
    newest = max(p.added for p in papers)
    assert parsed.feed.updated.startswith(newest.isoformat())
    added = [e.published[:10] for e in parsed.entries]
    assert added == sorted(added, reverse=True)
    by_id = {p.id: p for p in papers}
    for e in parsed.entries:
        assert e.id.startswith("urn:rsitr-list:paper:")
        p = by_id[e.id.rsplit(":", 1)[1]]
        # A paper with no known authors has no author element (never a made-up one).
        assert e.title == p.title and [a.name for a in e.get("authors", [])] == (p.authors or [])
    assert feed.feed_xml(derived, "https://example.org/exports/feed.xml") == text


def test_feed_escapes_markup_in_titles() -> None:
    catalog = Catalog()
    catalog.papers = [_paper(title='A <b>bold</b> & "quoted" title')]
    text = feed.feed_xml(derive(catalog))
    parsed = feedparser.parse(text)
    assert not parsed.bozo and parsed.entries[0].title == 'A <b>bold</b> & "quoted" title'


def test_papers_and_datasets_json_carry_a_schema_version(derived) -> None:
    papers = json.loads(records.papers_json(derived))
    assert (papers["format"], papers["version"]) == ("rsitr-list papers", 1)
    assert [p["id"] for p in papers["papers"]] == sorted(p.id for p in derived.catalog.papers)
    remoteclip = next(p for p in papers["papers"] if p["id"] == "remoteclip-2024")
    assert remoteclip["venue"]["name"] == "IEEE Transactions on Geoscience and Remote Sensing"
    assert remoteclip["links"]["arxiv"] == "2306.11029" and remoteclip["cite_key"] == "liu2024remoteclip"
    datasets = json.loads(records.datasets_json(derived))
    assert (datasets["format"], datasets["version"]) == ("rsitr-list datasets", 1)
    assert len(datasets["datasets"]) == len(derived.catalog.datasets)


def test_citation_cff_is_current_and_invents_no_author(derived) -> None:
    text = citation.citation_cff(derived)
    assert (ROOT / "CITATION.cff").read_text(encoding="utf-8") == text, "run `rsitr-list export`"
    doc = yaml.safe_load(text)
    assert doc["cff-version"] == "1.2.0" and doc["title"] == derived.catalog.meta.title
    maintainers = getattr(derived.catalog.meta, "maintainers", None)
    assert doc["authors"] == (
        [{"name": m} for m in maintainers] if maintainers else [{"name": derived.catalog.meta.title}]
    )


def test_render_exports_lists_every_file_once(derived, tmp_path: Path) -> None:
    names = [o.path.name for o in render_exports(derived, tmp_path)]
    assert (
        sorted(names)
        == sorted(set(names))
        == sorted(
            [
                "results.json",
                "results.csv",
                "papers.json",
                "datasets.json",
                "refs.bib",
                "refs-closed-domain.bib",
                "refs-open-domain.bib",
                "refs-hashing.bib",
                "feed.xml",
                "CITATION.cff",
            ]
        )
    )
