"""BibTeX entries: built only from what a record states, safe for LaTeX."""

from __future__ import annotations

import datetime as dt

from rsitr_list.derive.bibtex import bibtex, cite_key, latex_escape
from rsitr_list.models import Paper, Venue


def paper(**fields) -> Paper:
    base = dict(
        id="probe-2024",
        title="Probe Retrieval",
        authors=["Ann Author"],
        venue="tgrs",
        year=2024,
        category="closed-domain",
        added=dt.date(2024, 1, 2),
    )
    return Paper.model_validate({**base, **fields})


def venue(kind: str, name: str = "IEEE Transactions on Geoscience and Remote Sensing") -> Venue:
    return Venue(id="v", short="V", name=name, kind=kind)


def test_entry_type_follows_the_venue_kind():
    assert bibtex(paper(), venue("journal")).startswith("@article{author2024probe,\n")
    assert bibtex(paper(), venue("conference")).startswith("@inproceedings{")
    assert bibtex(paper(), venue("workshop")).startswith("@inproceedings{")
    assert bibtex(paper(), venue("preprint")).startswith("@misc{")


def test_a_full_entry_lists_only_stated_fields_in_a_fixed_layout():
    p = paper(
        title="RemoteCLIP: A Vision Language Foundation Model",
        authors=["Fan Liu", "Delong Chen"],
        links={"paper": "https://example.org/p", "doi": "10.1109/TGRS.2024.3390838", "arxiv": "2306.11029"},
    )
    assert bibtex(p, venue("journal")) == (
        "@article{liu2024remoteclip,\n"
        "  title         = {{RemoteCLIP: A Vision Language Foundation Model}},\n"
        "  author        = {Fan Liu and Delong Chen},\n"
        "  journal       = {IEEE Transactions on Geoscience and Remote Sensing},\n"
        "  year          = {2024},\n"
        "  doi           = {10.1109/TGRS.2024.3390838},\n"
        "  eprint        = {2306.11029},\n"
        "  archiveprefix = {arXiv},\n"
        "  url           = {https://example.org/p}\n"
        "}"
    )
    minimal = bibtex(paper(), venue("conference", "Some Conference"))
    for absent in ("doi", "eprint", "url", "volume", "pages", "publisher"):
        assert f"  {absent} " not in minimal


def test_latex_special_characters_are_escaped():
    assert latex_escape("50% of A&B_c {x} #1 $y$ ~ ^ \\") == (
        r"50\% of A\&B\_c \{x\} \#1 \$y\$ \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )
    entry = bibtex(paper(title="Cross {Modal} 100% & more"), venue("journal"))
    assert r"title   = {{Cross \{Modal\} 100\% \& more}}" in entry


def test_an_author_named_and_stays_one_author():
    entry = bibtex(paper(authors=["Sandra And", "Bo Li"]), venue("journal"))
    assert "author  = {{Sandra And} and Bo Li}" in entry


def test_cite_key_folds_accents_and_skips_leading_stop_words():
    assert cite_key(paper(authors=["Zoë Çelik"], title="A Survey of Things")) == "celik2024survey"
    assert cite_key(paper(authors=["李 明"], title="检索")) == "probe-2024"  # nothing ASCII: the id
