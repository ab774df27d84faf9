"""Reader notes speak to readers; curation notes stay in the data.

`note` is shown in the README, on the website and in the exports; `curation_note`
(provenance, what was checked against what, unconfirmed leads) is never rendered: it
stays in the data, and in papers.json and datasets.json, which are the data as JSON.
The first half keeps the maintainers' vocabulary out of every reader-facing note in
data/; the second builds the README, the exports and the site's pages from a copy of
the data, with curation notes planted on each kind of record, and checks that none
reaches them.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from projects import copy_project
from rsitr_list.cli import main
from rsitr_list.derive import derive
from rsitr_list.pipeline import load_catalog
from rsitr_list.settings import load_settings
from rsitr_list.site.render import render_tree

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

# Words that only make sense to the list's maintainers. Each pattern names what it
# catches; the legitimate sentences below must pass all of them.
MAINTAINER_VOCABULARY = {
    # "The seed gave ...", "the seed's column", "from the seed only"; not "a random seed".
    "the seed (the 2023 README the data was started from)": r"\bthe seed(?:'s)?\b(?!\s*(?:=|value|number))"
    r"|\bseed (?:only|alone)\b",
    "the gathered facts and their audit": r"shared/facts|FACTS\.md|\bfacts\b",
    # "Lead: IEEE TGRS 2024", "(lead only)", "fits the lead"; not "leads to", "lead author".
    "a lead (an unconfirmed hint)": r"\blead\b(?!\s+(?:to|authors?)\b)",
    "transcription bookkeeping": r"\btranscri(?:be|bed|bing|ption)\b",
    "the upstream list": r"\bupstream list\b",
    "what was or was not read": r"\b(?:is|are|was|were|been) not read\b|\bnot read in\b|\bwhen (?:it was )?read\b"
    r"|\b(?:sources?|pages?|records?|copy|PDF|HTML|commit) read\b",
    "fields left empty": r"\bstays? empty\b",
    "record ids": r"\bthe id (?:keeps|uses|has)\b",
    "checks not yet made": r"\b(?:has|have) not been checked\b|\bwas not checked\b",
}
_PATTERNS = {what: re.compile(rx, re.IGNORECASE) for what, rx in MAINTAINER_VOCABULARY.items()}


def maintainer_words(text: str) -> list[str]:
    """What in `text` is written for maintainers, as 'kind: matched words'."""
    return [f"{what}: {m.group(0)!r}" for what, rx in _PATTERNS.items() for m in rx.finditer(text)]


def reader_notes(data_dir: Path) -> Iterator[tuple[str, str, str]]:
    """Every reader-facing note under data_dir (`note`, `split_note` ...), as (file, key path, text)."""

    def walk(node: object, at: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            for key, value in node.items():
                where = f"{at}.{key}" if at else str(key)
                if (key == "note" or str(key).endswith("_note")) and key != "curation_note":
                    if isinstance(value, str):
                        yield where, value
                else:
                    yield from walk(value, where)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from walk(value, f"{at}[{i}]")

    for path in sorted(data_dir.rglob("*.y*ml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for where, text in walk(data, ""):
            yield path.relative_to(data_dir).as_posix(), where, text


def offenders(data_dir: Path) -> list[str]:
    return [f"{file} {where}: {hit}" for file, where, text in reader_notes(data_dir) for hit in maintainer_words(text)]


# --- reader notes ------------------------------------------------------------------------


def test_reader_notes_hold_no_maintainer_vocabulary() -> None:
    notes = list(reader_notes(DATA))
    assert len(notes) > 150  # the walk reaches papers, datasets, splits, tables and rows
    assert offenders(DATA) == [], "move bookkeeping to curation_note, or reword for readers"


@pytest.mark.parametrize(
    "text",
    [
        "The seed gave 2,100 images, which is the UCM-Captions count.",
        "Title and authors come from the seed only.",
        "The image size is the seed's; the paper states only the network's input.",
        "The gathered facts once called the Single Language rows a traditional method.",
        "Known misprint, suspected in the facts' audit.",
        "Numbers checked against shared/facts/results.yaml.",
        "Lead: IEEE TGRS 2025.",
        'A third-party page says "Liao et al." (lead only).',
        "The arXiv HTML uses the Springer LNCS template, which fits the lead.",
        "Only ACF's own rows were transcribed from this table.",
        "The upstream list added it on 2023-12-27.",
        "The code address comes from the journal page; the repository was not read.",
        "The page read shows the affiliation but not the authors, so they stay empty.",
        "No method acronym was found, so the id uses the title's key words.",
        "The journal's own author list was not checked.",
    ],
)
def test_a_planted_maintainer_note_is_caught(tmp_path: Path, text: str) -> None:
    assert maintainer_words(text), text
    shutil.copytree(DATA, tmp_path / "data")
    paper = tmp_path / "data" / "papers" / "pir-2023.yaml"
    paper.write_text(
        re.sub(r"(?m)^note:.*(?:\n  .*)*", lambda _: "note: " + json.dumps(text), paper.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    assert yaml.safe_load(paper.read_text(encoding="utf-8"))["note"] == text
    assert [o for o in offenders(tmp_path / "data") if o.startswith("papers/pir-2023.yaml note:")]


@pytest.mark.parametrize(
    "text",
    [
        "The two counts were swapped in older listings.",
        "An earlier version of this list gave 2,100 images: the two were swapped.",
        "Results average 5-fold cross-validation on 80/10/10 splits.",
        "Known misprint: the printed mR is not the mean of the six printed recalls.",
        "The author list may be incomplete.",
        "Training on noisy pairs can lead to lower recall; the lead author also wrote HVSA.",
        "The mean over three random seeds is reported; the seed value is not stated.",
        "Only ACF's own rows of this table are listed.",
        "In fact the same numbers appear in the PIR table.",
        "The README offers two starting points and reads its configs from disk.",
    ],
)
def test_reader_sentences_are_not_flagged(text: str) -> None:
    assert maintainer_words(text) == []


# --- curation notes are never rendered -----------------------------------------------------

PLANTED = "CURATION-ONLY marker: checked against nothing at all"


def _plant(project: Path) -> None:
    """A curation note on a paper, a dataset, a result table and one of its rows, beside a reader note."""

    def add(rel: str, edit) -> None:
        path = project / "data" / rel
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")

    def note(where: str) -> str:
        return json.dumps(f"{PLANTED} ({where})")

    add("papers/pir-2023.yaml", lambda t: t + f"curation_note: {note('paper')}\n")
    add("datasets/rsicd.yaml", lambda t: t + f"curation_note: {note('dataset')}\n")
    add(
        "results/pir-2023-table1.yaml",
        lambda t: t.replace("\nresults:\n", f"\ncuration_note: {note('table')}\nresults:\n", 1).replace(
            "\n  - label:", f"\n  - curation_note: {note('row')}\n    label:", 1
        ),
    )


def _curation_notes(project: Path) -> list[str]:
    loaded = load_catalog(load_settings(project))
    assert [d for d in loaded.diagnostics if d.severity == "error"] == []
    catalog = loaded.catalog
    records = [
        *catalog.papers,
        *catalog.datasets,
        *{id(r.table): r.table for r in catalog.results}.values(),
        *catalog.results,
    ]
    return [r.curation_note for r in records if r.curation_note]


def test_curation_notes_reach_no_output(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", site=True)
    _plant(project)
    notes = _curation_notes(project)
    assert sum(PLANTED in n for n in notes) == 4  # all four planted notes were read as curation notes
    assert len(notes) > 50  # and the real ones too

    runner = CliRunner()
    build = runner.invoke(main, ["--root", str(project), "build", "--no-site"])
    assert build.exit_code == 0, build.output
    export = runner.invoke(main, ["--root", str(project), "export", "--out", "exports"])
    assert export.exit_code == 0, export.output
    outputs = {"README.md": (project / "README.md").read_text(encoding="utf-8")}
    # papers.json and datasets.json are the records themselves, every field of the model
    # (export/records.py), for other tools: the curation note is data there, as in data/.
    records = {"papers.json", "datasets.json"}
    outputs |= {
        f"exports/{p.name}": p.read_text(encoding="utf-8")
        for p in (project / "exports").rglob("*")
        if p.is_file() and p.name not in records
    }
    assert {"results.csv", "results.json", "refs.bib", "feed.xml"} <= {n.split("/")[1] for n in outputs if "/" in n}
    settings = load_settings(project)
    tree = render_tree(derive(load_catalog(settings).catalog), settings.path(settings.templates_dir), project / "docs")
    pages = {f"site/{name}": html.unescape(data.decode("utf-8")) for name, data in tree.items() if name.endswith(".md")}
    # The site shows reader notes: the check below would be empty if it showed no note at all.
    assert any("The code repository's README links the paper title to the SWAN DOI" in t for t in pages.values())
    outputs |= pages

    assert "curation_note" not in outputs["README.md"]
    leaked = [
        (name, note[:60])
        for note in notes
        for name, text in outputs.items()
        if note in text or note in " ".join(text.split())
    ]
    assert leaked == []
