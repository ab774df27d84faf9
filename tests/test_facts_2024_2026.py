"""The 2024-2026 facts are in data/ with identical values, and every result row has its setting.

tests/fixtures/facts-2024-2026/ is a copy of the facts the records were transcribed from
(papers.yaml, results.yaml and FACTS.md, whose table classifies every row by where its
weights came from). Papers are found by id; result rows by where they were printed (the
source's URL), their dataset and their label there. Nothing may be added or lost.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from rsitr_list.derive.entries import format_number
from rsitr_list.models.result import RECALLS
from rsitr_list.pipeline import load_catalog
from rsitr_list.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
FACTS = Path(__file__).resolve().parent / "fixtures" / "facts-2024-2026"
DATASET_IDS = {
    "RSICD": "rsicd",
    "RSITMD": "rsitmd",
    "UCM-Captions": "ucm-captions",
    "Sydney-Captions": "sydney-captions",
}
SETTINGS = ("no-vlp", "general-vlp", "rs-vlp", "zero-shot", "unstated")

# The facts' vlp_setting values and the setting each becomes (FACTS.md, "Modelling point").
# "b or c" cannot be settled, so it is unstated; SkyCLIP's weights are remote-sensing ones
# whether or not it was fine-tuned; general-domain weights never trained on the target are zero-shot.
VLP_SETTING = {
    "a": "no-vlp",
    "b": "general-vlp",
    "c (fine-tuned or zero-shot: unstated)": "rs-vlp",
    "d": "zero-shot",
    "b+d": "zero-shot",
    "b or c (variant unstated)": "unstated",
    "unstated": "unstated",
}

# FACTS.md's table, one entry per line of it: (methods, variant pattern or None, source
# file prefix or None, setting). A method whose rows differ by source names the file.
PETL = (
    "CoOp",
    "VPT",
    "VL-Prompt",
    "Adapter",
    "CLIP-Adapter",
    "Convpass",
    "AdaptFormer",
    "Cross-Modal Adapter",
    "UniAdapter",
)
CLASSIFICATION: list[tuple[tuple[str, ...], str | None, str | None, str]] = [
    # the first 284 rows (shared/facts/results.yaml)
    (("VSE++", "SCAN", "CAMP", "CAMERA", "MTFN"), None, None, "no-vlp"),
    (("LW-MCR",), None, None, "no-vlp"),
    (("AMFMN",), None, None, "no-vlp"),
    (("GaLR",), None, None, "no-vlp"),
    (("MCRN", "CABIR"), None, None, "no-vlp"),
    (("KCR",), None, None, "no-vlp"),
    (("SWAN",), None, None, "no-vlp"),
    (("PIR", "VSE1", "VSE2", "VSE2+TEL"), None, None, "no-vlp"),
    (("KAMCL",), None, None, "no-vlp"),
    (("HVSA", "HyperMatch"), None, None, "unstated"),
    (("FAAMI", "MTGFE"), None, None, "unstated"),
    (("Multilanguage Transformer",), None, None, "general-vlp"),
    (("CLIP",), r"zero-shot", "pe-rsitr-", "zero-shot"),
    (("CLIP",), r"zero-shot", "rs5m-", "zero-shot"),
    (("CLIP",), r"linear probe|full fine-tuning", None, "general-vlp"),
    (PETL, None, None, "general-vlp"),
    (("PE-RSITR",), None, None, "general-vlp"),
    (("CLIP-CL",), None, None, "rs-vlp"),
    (("RemoteCLIP",), None, None, "rs-vlp"),
    (("GeoRSCLIP",), r"^FT ", None, "rs-vlp"),
    (("GeoRSCLIP",), r"zero-shot", None, "zero-shot"),
    # RRSITR's own rows are settled by its training scripts (issue 10); its other re-runs stay unstated.
    (("RRSITR",), None, None, "general-vlp"),
    (("S-CLIP", "SIRS", "SEMICLIP", "CUP"), None, "rrsitr-", "unstated"),
    (("MSA",), None, "rrsitr-", "unstated"),
    # the 29 rows of 2024-2026
    (("POSAPL",), None, None, "general-vlp"),
    (("MSITA", "SCAT-PRG", "PIR-ITR"), None, "posapl-", "no-vlp"),
    (("DOVE", "MSA"), None, "posapl-", "no-vlp"),
    (("DOVE",), None, "fisvl-", "unstated"),
    (("SkyCLIP",), None, None, "rs-vlp"),
    (("HarMA",), None, None, "unstated"),
    (("FISVL", "ACF", "MFF-SFE"), None, None, "no-vlp"),
    (("MPS-CLIP",), None, None, "unstated"),
    (("TRSLLaVA",), None, None, "zero-shot"),
    (("CLIP",), r"zero-shot", "trsllava-", "zero-shot"),
]


@pytest.fixture(scope="module")
def papers() -> list[dict]:
    return yaml.safe_load((FACTS / "papers.yaml").read_text(encoding="utf-8"))["papers"]


@pytest.fixture(scope="module")
def facts() -> list[dict]:
    return yaml.safe_load((FACTS / "results.yaml").read_text(encoding="utf-8"))["results"]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    # The parse cache goes to a temporary folder: the repository is only read.
    settings = load_settings(ROOT, {"cache_dir": str(tmp_path_factory.mktemp("cache"))})
    return load_catalog(settings)


def key_of(fact: dict) -> tuple:
    return (fact["source"]["url"], DATASET_IDS[fact["dataset"]], fact["method"])


@pytest.fixture(scope="module")
def rows_by_key(loaded, facts) -> dict[tuple, object]:
    # Every row of the tables these facts were read from, so an extra row shows up too.
    urls = {f["source"]["url"] for f in facts}
    out = {}
    for row in loaded.catalog.results:
        if row.table.origin.url in urls:
            key = (row.table.origin.url, row.dataset, row.label)
            assert key not in out, f"two rows for {key}"
            out[key] = row
    return out


# --- papers ----------------------------------------------------------------------------


def test_fixture_is_the_full_set(papers, facts) -> None:
    assert (len(papers), len(facts), sum(bool(f.get("partial")) for f in facts)) == (40, 29, 5)


def test_every_paper_is_a_record(papers, loaded) -> None:
    by_id = loaded.catalog.papers_by_id
    assert [p["id"] for p in papers if p["id"] not in by_id] == []


def test_titles_authors_years_and_links_are_the_facts(papers, loaded) -> None:
    mismatches = []
    for fact in papers:
        p = loaded.catalog.papers_by_id[fact["id"]]
        # A second title in the facts' "(v1 title: ...)" form is the record's earlier title.
        title = p.title + "".join(f" (v1 title: {t})" for t in p.earlier_titles)
        got = (title, p.authors, p.year, p.links.doi, p.links.arxiv, p.links.paper, p.links.code)
        want = (
            fact["title"],
            fact["authors"],
            fact["year"],
            fact["doi"],
            fact["arxiv"],
            fact["paper_url"],
            fact["code_url"],
        )
        if got != want:
            mismatches.append((fact["id"], got, want))
    assert mismatches == []


def test_online_year_is_kept_apart_from_the_volume_year(papers, loaded) -> None:
    for fact in papers:
        online = fact.get("published_online")
        p = loaded.catalog.papers_by_id[fact["id"]]
        assert p.published_online == (int(str(online)[:4]) if online else None), fact["id"]


# The facts write venues in words ("ACM Multimedia 2024"); the list uses ids. A record's venue
# must be the one the words name: its short form or full name appears in them.
VENUE_WORDS = {"acm-mm": "ACM Multimedia"}


def test_venue_is_the_one_the_facts_name(papers, loaded) -> None:
    venues = loaded.catalog.venues
    for fact in papers:
        p, words = loaded.catalog.papers_by_id[fact["id"]], fact["venue"]
        if words is None:
            assert p.venue is None, fact["id"]
        elif words == "arXiv preprint":
            assert p.venue == "arxiv", fact["id"]
        else:
            v = venues[p.venue]
            names = (v.short, v.name, VENUE_WORDS.get(v.id, v.name))
            assert any(n.casefold() in words.casefold() for n in names), (fact["id"], p.venue, words)


def biblio_of(venue: str | None) -> dict[str, str]:
    """Volume, number and pages as the facts print them in the venue text."""
    if not venue:
        return {}
    out = {}
    if m := re.search(r"\bvol\. (\d+)", venue):
        out["volume"] = m.group(1)
    if m := re.search(r"(?<!Art\. )\bno\. (\d+)", venue):  # "Art. no." is an article number, not an issue
        out["number"] = m.group(1)
    if m := re.search(r"\bpp\. (\d+-\d+)", venue):
        out["pages"] = m.group(1)
    if m := re.search(r"\bvol\. \d+, (\d+)$", venue):  # an article number after the volume
        out["pages"] = m.group(1)
    if m := re.search(r"(\d+)\((\d+)\)(?:,|:) ?(\d+(?:-\d+)?)", venue):  # 17(3), 503 and 47(6): 1734-1746
        out.update(volume=m.group(1), number=m.group(2), pages=m.group(3))
    if m := re.search(r"\bissue 0*(\d+)", venue):
        out["number"] = m.group(1)
    return out


def test_volume_number_and_pages_are_the_facts(papers, loaded) -> None:
    mismatches = []
    for fact in papers:
        p = loaded.catalog.papers_by_id[fact["id"]]
        got = {k: getattr(p, k) for k in ("volume", "number", "pages") if getattr(p, k) is not None}
        if got != biblio_of(fact["venue"]):
            mismatches.append((fact["id"], got, biblio_of(fact["venue"])))
    assert mismatches == []
    assert sum(bool(biblio_of(f["venue"])) for f in papers) == 13


# The earlier records' bibliographic details, as shared/facts/papers.yaml states them in a
# venue or an issue; EBAKER's pages and Mathematics' volume rest on leads and stay out.
OLDER = {
    "pir-2023": {"pages": "611-620"},
    "kamcl-2023": {"volume": "61", "pages": "1-13"},
    "hvsa-2023": {"volume": "61", "pages": "1-15"},
    "swan-2023": {"pages": "398-406"},
    "kcr-2022": {"volume": "3207", "pages": "14-20"},
    "multilanguage-transformer-2022": {"volume": "15", "pages": "9115-9126"},
    "dual-transformer-applsci-2023": {"volume": "13", "number": "1", "pages": "282"},
    "faami-2023": {"volume": "23", "number": "20", "pages": "8437"},
    "mtgfe-2023": {"volume": "15", "number": "18", "pages": "4637"},
    "textrs-2020": {"volume": "12", "number": "3", "pages": "405"},
    "amfmn-2021": {"volume": "60", "pages": "1-19"},
    "lw-mcr-2021": {"volume": "60", "pages": "1-19"},
    "remoteclip-2024": {"volume": "62", "pages": "1-16"},
    "pe-rsitr-2023": {"volume": "61", "pages": "1-14"},
    "geochat-2023": {"pages": "27831-27840"},
    "rrsitr-2026": {"pages": "9732-9741"},
}


def test_older_records_carry_their_volume_and_pages(papers, loaded) -> None:
    new = {p["id"] for p in papers}
    got = {
        p.id: {k: getattr(p, k) for k in ("volume", "number", "pages") if getattr(p, k) is not None}
        for p in loaded.catalog.papers
        if p.id not in new
    }
    assert {k: v for k, v in got.items() if v} == OLDER


def test_leads_stay_out_of_the_fields(loaded) -> None:
    # FACTS.md: these venues rest on third-party lists or labels only.
    by_id = loaded.catalog.papers_by_id
    assert [by_id[i].venue for i in ("ktir-2024", "rdb-2025", "text-itsr-2025", "rsicrc-2024", "msa-2024")] == [
        "arxiv"
    ] * 5
    assert by_id["scat-2024"].venue is None
    for pid in ("cup-2024", "persvl-2024", "c2f-itr-igarss-2024", "scat-2024"):
        assert by_id[pid].links.paper is None and by_id[pid].links.doi is None, pid
        assert "Lead" in by_id[pid].curation_note, pid  # kept for maintainers, not shown to readers
    assert by_id["semiclip-iclr-2025"].authors is None and "Kai Gan" in by_id["semiclip-iclr-2025"].curation_note


def _notes(record) -> str:
    """Both notes of a record: what readers see and what is kept for maintainers."""
    return " ".join(n for n in (record.note, record.curation_note) if n)


def test_updates_to_existing_records_are_applied(papers, loaded) -> None:
    updates = yaml.safe_load((FACTS / "papers.yaml").read_text(encoding="utf-8"))["updates_to_existing"]
    assert (len(updates), len({u["id"] for u in updates})) == (11, 6)
    by_id = loaded.catalog.papers_by_id
    assert by_id["rrsitr-2026"].links.paper == "https://arxiv.org/abs/2603.28134"
    assert by_id["rrsitr-2026"].links.arxiv == "2603.28134"
    assert by_id["msa-2024"].venue == "arxiv"
    # One thing each added or replaced issue says, in the record's note or its curation note.
    said = {
        "msa-2024": ("10758255", "training logs", "23.45", "21.44"),
        "hvsa-2023": ("10533243",),
        "ebaker-2024": ("iebaker-2026",),
        "pir-clip-priorclip-2024": ("v3", "PIR-ITR"),
        "multilanguage-transformer-2022": ("CLIP-based methods", "Supervised"),
    }
    for pid, words in said.items():
        assert all(w in _notes(by_id[pid]) for w in words), pid
    assert "not checked" not in _notes(by_id["msa-2024"])  # the replaced issue is gone


# --- results ---------------------------------------------------------------------------


def test_data_has_exactly_the_facts_rows(facts, rows_by_key) -> None:
    assert sorted(rows_by_key) == sorted(key_of(f) for f in facts)


def test_every_number_is_identical(facts, rows_by_key) -> None:
    mismatches = []
    for fact in facts:
        row = rows_by_key[key_of(fact)]
        got = {k: getattr(row, k) for k in (*RECALLS, "mR")}
        want = {k: fact[k] for k in (*RECALLS, "mR")}
        if got != want or row.partial != bool(fact.get("partial")):
            mismatches.append((key_of(fact), got, want))
    assert mismatches == []


def test_numbers_are_shown_as_the_sources_print_them(facts, rows_by_key) -> None:
    # The facts note how some values are printed; the table's decimals must give that form back.
    printed = [
        ("POSAPL (Part-of-Speech-Aware Prompt Learning) [CLIP ViT-B/32 laion2B]", "RSITMD", "i2t_r10", "63.5"),
        ("MPS-CLIP", "RSITMD", "mR", "48.40"),
        ("ACF (Attention Correction and Filtering) [ViG image encoder / BGRU+GAT text]", "RSICD", "mR", "21.10"),
    ]
    by_name = {(f["method"], f["dataset"]): f for f in facts}
    for method, dataset, field, text in printed:
        row = rows_by_key[key_of(by_name[(method, dataset)])]
        assert format_number(getattr(row, field), row.table.decimals) == text, (method, field)


def test_provenance_paper_and_kind_follow_the_facts(facts, rows_by_key) -> None:
    for fact in facts:
        row, src = rows_by_key[key_of(fact)], fact["source"]
        origin = row.table.origin
        assert (origin.repo, origin.commit, origin.path, origin.url) == (
            src["repo"],
            src["commit"],
            src["path"],
            src["url"],
        ), key_of(fact)
        assert row.paper == fact["paper_id"], key_of(fact)
        assert row.kind == "own" if fact["result_type"] == "own" else row.kind in ("quoted", "rerun")


def test_setting_follows_the_facts(facts, rows_by_key) -> None:
    got = {key_of(f): rows_by_key[key_of(f)].effective_protocol().setting for f in facts}
    assert got == {key_of(f): VLP_SETTING[f["vlp_setting"]] for f in facts}


def test_flagged_rows_say_why(facts, rows_by_key) -> None:
    flagged = [f for f in facts if f.get("flag")]
    assert len(flagged) == 2
    for fact in flagged:
        assert rows_by_key[key_of(fact)].note, key_of(fact)
    # The misprinted row is acknowledged; every row whose printed mR fits is not.
    for fact in facts:
        check = fact["mR_check"]["matches_printed_mR_within_0.01"]
        assert rows_by_key[key_of(fact)].mr_misprint == (check is False), key_of(fact)
    weak = rows_by_key[key_of(next(f for f in flagged if "aggregator" in f["flag"]))]
    assert "third-party aggregator" in weak.note and weak.partial


# --- settings of the whole data --------------------------------------------------------


def test_every_row_has_a_setting_and_its_basis(loaded) -> None:
    missing = [
        (r.table.source.name, r.index)
        for r in loaded.catalog.results
        if r.effective_protocol().setting not in SETTINGS or not r.effective_protocol().setting_basis
    ]
    assert (len(loaded.catalog.results), missing) == (313, [])


def _entries_for(row) -> list[int]:
    file = row.table.source.name
    return [
        i
        for i, (methods, variant, prefix, _) in enumerate(CLASSIFICATION)
        if row.method in methods
        and (variant is None or re.search(variant, row.variant or ""))
        and (prefix is None or file.startswith(prefix))
    ]


def test_the_facts_table_classifies_every_row_once(loaded) -> None:
    # The table encoded above is complete (every row matches one entry) and has no dead entry.
    matched = {(r.table.source.name, r.index): _entries_for(r) for r in loaded.catalog.results}
    assert {k: v for k, v in matched.items() if len(v) != 1} == {}
    assert sorted({v[0] for v in matched.values()}) == list(range(len(CLASSIFICATION)))


def test_each_row_has_the_setting_the_facts_table_gives_its_method(loaded) -> None:
    wrong = [
        (r.table.source.name, r.index, r.name, r.effective_protocol().setting)
        for r in loaded.catalog.results
        if r.effective_protocol().setting != CLASSIFICATION[_entries_for(r)[0]][3]
    ]
    assert wrong == []


def test_rrsitr_rows_rest_on_its_training_scripts(loaded) -> None:
    own = [r for r in loaded.catalog.results if r.method == "RRSITR"]
    assert len(own) == 3
    for r in own:
        basis = r.effective_protocol().setting_basis
        assert "--image-model ViT-B-32 --pretrained-image-model" in basis and '"openai"' in basis
        assert "49ac0a46" in basis and "49ac0a46" in r.note
