"""Every published result of the gathered facts is in data/results/, with identical numbers.

tests/fixtures/results/facts-results.yaml is a copy of the facts file the data was
transcribed from. A row is found by where it was printed (repository, file, dataset)
and its label there; every number must be equal, and nothing may be added or lost.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from rsitr_list.models.result import RECALLS
from rsitr_list.pipeline import load_catalog
from rsitr_list.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
FACTS = Path(__file__).resolve().parent / "fixtures" / "results" / "facts-results.yaml"
DATASET_IDS = {
    "RSICD": "rsicd",
    "RSITMD": "rsitmd",
    "UCM-Captions": "ucm-captions",
    "Sydney-Captions": "sydney-captions",
    "NWPU-Captions": "nwpu-captions",
}


@pytest.fixture(scope="module")
def facts() -> list[dict]:
    return yaml.safe_load(FACTS.read_text(encoding="utf-8"))["results"]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    # The parse cache goes to a temporary folder: the repository is only read.
    settings = load_settings(ROOT, {"cache_dir": str(tmp_path_factory.mktemp("cache"))})
    return load_catalog(settings)


@pytest.fixture(scope="module")
def rows_by_key(loaded, facts) -> dict[tuple, object]:
    # Only the source files these facts come from: later additions (tests/test_facts_2024_2026.py)
    # are checked against their own facts.
    files = {(f["source"]["repo"], f["source"]["path"]) for f in facts}
    out = {}
    for row in loaded.catalog.results:
        src = row.table.origin
        if (src.repo, src.path) not in files:
            continue
        key = (src.repo, src.path, row.dataset, row.label)
        assert key not in out, f"two rows for {key}"
        out[key] = row
    return out


def key_of(fact: dict) -> tuple:
    src = fact["source"]
    return (src["repo"], src["path"], DATASET_IDS[fact["dataset"]], fact["method"])


def test_facts_fixture_is_the_full_set(facts) -> None:
    assert len(facts) == 284


def test_data_has_exactly_the_facts_rows(facts, rows_by_key) -> None:
    assert sorted(rows_by_key) == sorted(key_of(f) for f in facts)


def test_every_number_is_identical(facts, rows_by_key) -> None:
    mismatches = []
    for fact in facts:
        row = rows_by_key[key_of(fact)]
        got = {k: getattr(row, k) for k in (*RECALLS, "mR", "rsum")}
        want = {k: fact.get(k) for k in (*RECALLS, "mR", "rsum")}
        got_std = {k: getattr(row.std, k) for k in (*RECALLS, "mR")} if row.std else None
        want_std = {k: fact[f"std_{k}"] for k in (*RECALLS, "mR")} if fact.get("std_i2t_r1") is not None else None
        if (got, got_std) != (want, want_std):
            mismatches.append((key_of(fact), got, want, got_std, want_std))
    assert mismatches == []


def test_numbers_keep_their_printed_form(facts, rows_by_key) -> None:
    # 40.4 stays 40.4: the stored float prints back as the facts print it.
    for fact in facts:
        row = rows_by_key[key_of(fact)]
        for k in RECALLS:
            assert repr(getattr(row, k)) == repr(float(fact[k]))


def test_provenance_matches(facts, rows_by_key) -> None:
    for fact in facts:
        src, origin = fact["source"], rows_by_key[key_of(fact)].table.origin
        assert (origin.commit, origin.path) == (src["commit"], src["path"])
        # URLs with spaces or non-ASCII characters are stored percent-encoded.
        assert unquote(origin.url) == src["url"]


def test_kind_follows_the_facts(facts, rows_by_key) -> None:
    for fact in facts:
        kind = rows_by_key[key_of(fact)].kind
        assert kind == "own" if fact["result_type"] == "own" else kind in ("quoted", "rerun")


def test_rrsitr_reruns_are_reruns(facts, rows_by_key) -> None:
    rrsitr = [rows_by_key[key_of(f)] for f in facts if f["source"]["repo"] == "MSFLabX/RRSITR"]
    assert len(rrsitr) == 33
    assert {r.kind for r in rrsitr if r.method != "RRSITR"} == {"rerun"}
    assert {r.kind for r in rrsitr if r.method == "RRSITR"} == {"own"}


def test_the_mr_misprints_are_the_facts_flagged_rows(facts, loaded, rows_by_key) -> None:
    flagged = {key_of(f) for f in facts if f.get("mR_check") and not f["mR_check"]["matches_printed_mR_within_0.01"]}
    assert len(flagged) == 8
    mismatched = {key for key, row in rows_by_key.items() if row.mr_mismatch()}
    assert mismatched == flagged
    # Each is acknowledged as a known misprint, with its reason, so validation no longer warns.
    assert {key for key, row in rows_by_key.items() if row.mr_misprint} == flagged
    assert all(rows_by_key[key].note for key in flagged)
    diags = loaded.diagnostics
    assert [d.rule for d in diags if d.severity == "error"] == []
    assert [d.rule for d in diags if d.rule.startswith("result-")] == []


def test_amfmn_variants_are_named(rows_by_key) -> None:
    # Quoted under the bare name "AMFMN", the variant is the one whose numbers match; only
    # RRSITR's re-run cannot be matched, and its note says so.
    amfmn = [r for r in rows_by_key.values() if r.paper == "amfmn-2021"]
    assert {r.variant for r in amfmn if r.kind != "rerun" or r.variant} == {"soft", "fusion", "sim"}
    unnamed = [r for r in amfmn if r.variant is None]
    assert len(unnamed) == 3 and all(r.table.origin.repo == "MSFLabX/RRSITR" and "variant" in r.note for r in unnamed)
