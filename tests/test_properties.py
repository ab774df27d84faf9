"""Property-based tests: any valid paper, whatever Unicode its title, authors and note hold,
validates, renders to a README that a CommonMark parser reads back to the same title,
authors and link targets, and renders byte-identically every time.

Example counts are kept small (the suite's time matters); hypothesis keeps the examples
that failed once in .hypothesis/ and tries them first on the next run.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import unquote

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from rsitr_list.derive import derive
from rsitr_list.pipeline import load_catalog
from rsitr_list.readme.render import render_readme
from rsitr_list.settings import load_settings

HERE = Path(__file__).resolve().parent
MINIMAL = HERE / "fixtures" / "minimal"
TEMPLATES = HERE.parent / "templates"
PAPER = "data/papers/alpha-2023.yaml"

# What GitHub reads: CommonMark with GFM tables and strikethrough.
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

# Characters with a meaning in Markdown, HTML or YAML come often; the rest is any character a
# text field accepts (everything but control, format, surrogate and line/paragraph separators,
# with the joiners that some scripts and emoji need).
SPECIAL = st.sampled_from(list("\\`*_[]()<>#+-.!|~$&=:;'\"{}@%^?/ 0123456789\u00a0\u3000\u200c\u200d"))
ANY = st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp"))
TEXT = st.text(st.one_of(SPECIAL, ANY), min_size=1, max_size=40).filter(lambda s: s.strip())
NOTE = st.lists(TEXT, min_size=1, max_size=3).map("\n".join)
URL_PART = st.text(
    st.one_of(
        st.sampled_from(list("()[]<>|_*~`'\"{}%!$&+,;=:@-.")),
        ANY,
        st.characters(min_codepoint=0x30, max_codepoint=0x7A),
    ),
    max_size=20,
).filter(lambda s: not any(c.isspace() for c in s))

# "  - 2023." would start an ordered list inside the item (CommonMark takes up to nine digits).
ONLY_DIGITS = re.compile(r"\d{1,9}")
BASE = yaml.safe_load((MINIMAL / PAPER).read_text(encoding="utf-8"))


def fold(text: str) -> str:
    """White space as a Markdown reader shows it: runs folded into one space, none at the ends."""
    return re.sub(r"\s+", " ", text).strip()


def inline_text(children) -> str:
    return "".join(c.content for c in children if c.type in ("text", "code_inline", "softbreak"))


def paper_item(readme: str) -> tuple[str, str, list[str]]:
    """(title, authors line, link targets) of the one paper's list item, read back by the parser."""
    tokens = MD.parse(readme)
    for i, tok in enumerate(tokens):
        if tok.type == "inline" and tok.content.startswith("[TGRS 2023] |") and "**" in tok.content:
            children = tok.children or []
            opened = [j for j, c in enumerate(children) if c.type == "strong_open"]
            closed = [j for j, c in enumerate(children) if c.type == "strong_close"]
            assert len(opened) == len(closed) == 1, [c.type for c in children]
            title = inline_text(children[opened[0] + 1 : closed[0]])
            links = [c.attrs["href"] for c in children if c.type == "link_open"]
            authors = next(t for t in tokens[i + 1 :] if t.type == "inline")
            return title, inline_text(authors.children or []), links
    raise AssertionError("the paper's list item is not in the README")


def build(record: dict) -> tuple[object, str]:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(MINIMAL, project)
        (project / PAPER).write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
        loaded = load_catalog(load_settings(project))
        assert [d.format() for d in loaded.diagnostics] == []
        return loaded.catalog, render_readme(derive(loaded.catalog), TEMPLATES, project / "README.md").content


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=TEXT,
    authors=st.lists(TEXT, min_size=1, max_size=4, unique_by=lambda a: a.strip()),
    note=NOTE,
    code=URL_PART,
    paper=URL_PART,
)
def test_any_valid_paper_reads_back_from_the_readme(
    title: str, authors: list[str], note: str, code: str, paper: str
) -> None:
    assume(len({a.strip() for a in authors}) == len(authors))
    assume(not ONLY_DIGITS.fullmatch(fold(", ".join(authors))))  # a known bug: see the test below
    record = {
        **BASE,
        "title": title,
        "authors": authors,
        "note": note,
        "links": {**BASE["links"], "code": f"https://example.org/{code}", "paper": f"https://example.org/p/{paper}"},
    }
    catalog, readme = build(record)
    (stored,) = catalog.papers

    shown_title, shown_authors, links = paper_item(readme)
    # Folded on both sides: Markdown shows a run of white space as one space, and md_text
    # folds Unicode spaces (U+00A0 ...) only in texts it escapes anyway (reported).
    assert fold(shown_title) == fold(stored.title)
    assert fold(shown_authors) == fold(", ".join(stored.authors)) + "."
    # The parser percent-encodes what a browser would; the address is the same.
    assert [unquote(u) for u in links] == [
        unquote(u)
        for u in (
            stored.links.paper,
            f"https://doi.org/{stored.links.doi}",
            f"https://arxiv.org/abs/{stored.links.arxiv}",
            stored.links.code,
        )
    ]
    # The same data renders to the same bytes.
    assert build(record)[1] == readme


def test_an_author_named_only_by_digits_stays_text() -> None:
    catalog, readme = build({**BASE, "authors": ["2023"]})
    assert paper_item(readme)[1] == "2023."
