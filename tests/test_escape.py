"""Markdown escaping: data can change neither the structure of the README nor open an HTML tag."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from rsitr_list.core.escape import Md, finalize, github_slug, md_link, md_text, md_url
from rsitr_list.derive import derive
from rsitr_list.pipeline import load_catalog
from rsitr_list.readme.render import render_readme
from rsitr_list.settings import load_settings

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


# --- md_text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, escaped",
    [
        ("Plain title", "Plain title"),
        ("A | B", "A &#124; B"),
        ("*bold* and **strong**", "\\*bold\\* and \\*\\*strong\\*\\*"),
        ("snake_case _it_", "snake\\_case \\_it\\_"),
        ("[link](https://evil.example)", "\\[link\\](https://evil.example)"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("`code` and ``more``", "\\`code\\` and \\`\\`more\\`\\`"),
        ("M&uuml;ller &#60;b&#x3e;", "M&amp;uuml;ller &amp;#60;b&amp;#x3e;"),
        ("AT&T & co", "AT&T & co"),  # a bare & is not a reference and is shown as is
        ("$x$ and $$y$$", "&#36;x&#36; and &#36;&#36;y&#36;&#36;"),
        ("~~gone~~", "&#126;&#126;gone&#126;&#126;"),
        ("back\\slash", "back\\\\slash"),
        ("# Heading", "\\# Heading"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("1. first", "1\\. first"),
        ("2) second", "2\\) second"),
        ("2023. A year", "2023\\. A year"),
        ("5.2 million images", "5.2 million images"),  # not a list marker: no space after the dot
        ("= underline", "&#61; underline"),
        ("> quote", "&gt; quote"),
        ("one\ntwo\r\nthree\tfour", "one two three four"),
        ("  padded  ", "padded"),
        ("line\n# not a heading", "line # not a heading"),
        ("line\n- not an item", "line - not an item"),
        ("Ünïcödé 遥感 🛰️", "Ünïcödé 遥感 🛰️"),
    ],
)
def test_md_text(raw: str, escaped: str) -> None:
    assert md_text(raw) == escaped
    assert isinstance(md_text(raw), Md)


def test_md_text_leaves_markdown_alone() -> None:
    # Already-safe Markdown (from md_link, md_url) is not escaped a second time.
    link = md_link("a_b", "https://example.org/a_b")
    assert md_text(link) is link


def test_md_text_of_non_strings() -> None:
    assert md_text(2023) == "2023"
    assert md_text(4.5) == "4.5"


def test_finalize_escapes_text_and_keeps_numbers() -> None:
    assert finalize("a|b") == "a&#124;b"
    assert finalize(4743) == 4743 and finalize(0.5) == 0.5
    assert finalize(True) == "True"
    with pytest.raises(ValueError, match="printed None"):
        finalize(None)


# --- md_url -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, quoted",
    [
        ("https://github.com/jaychempan/PIR", "https://github.com/jaychempan/PIR"),
        ("https://example.org/wiki/Foo_(bar)", "https://example.org/wiki/Foo_%28bar%29"),
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("https://example.org/a|b", "https://example.org/a%7Cb"),
        ('https://example.org/<x>"y"', "https://example.org/%3Cx%3E%22y%22"),
        ("https://example.org/a\\b", "https://example.org/a%5Cb"),
        ("https://example.org/a\nb", "https://example.org/a%0Ab"),
        ("https://example.org/p?q=1&r=a+b#frag", "https://example.org/p?q=1&r=a+b#frag"),
        ("https://example.org/already%20quoted", "https://example.org/already%20quoted"),
        ("https://example.org/中文", "https://example.org/%E4%B8%AD%E6%96%87"),
    ],
)
def test_md_url(raw: str, quoted: str) -> None:
    assert md_url(raw) == quoted


def test_md_link() -> None:
    assert (
        md_link("A [draft] | v2", "https://example.org/x (1)")
        == "[A \\[draft\\] &#124; v2](https://example.org/x%20%281%29)"
    )


# --- github_slug --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading, anchor",
    [
        # Anchors as GitHub gives them: lower case, punctuation and emoji dropped, each space a hyphen.
        ("🌍 Awesome Remote Sensing Image-Text Retrieval", "-awesome-remote-sensing-image-text-retrieval"),
        ("🧭 Guideline", "-guideline"),
        ("📊 Remote Sensing Captions Dataset", "-remote-sensing-captions-dataset"),
        ("🆚 RSITR Benchmark", "-rsitr-benchmark"),
        ("📖 RSITR Method", "-rsitr-method"),
        ("Closed-Domain Method", "closed-domain-method"),
        ("Set up", "set-up"),
        ("Contributing", "contributing"),
        ("What's new? (2024)", "whats-new-2024"),
        ("Q&A: C++ / Python", "qa-c--python"),
        ("v1.0, v2.0", "v10-v20"),
        ("snake_case heading", "snake_case-heading"),
        ("Über Fernerkundung", "über-fernerkundung"),
        ("遥感 图文检索", "遥感-图文检索"),
    ],
)
def test_github_slug(heading: str, anchor: str) -> None:
    assert github_slug(heading) == anchor


# --- end to end: hostile data through the real templates ------------------------------------

HOSTILE_TITLE = (
    "# A | B *bold* _it_ [link](https://evil.example) <script>alert(1)</script> "
    "<img src=x onerror=alert(1)> `code` &uuml; $x$ ~~del~~ - second line"
)
# A line break in a title ("...\n- second line") is refused by validation now (control-character,
# tests/fixtures/broken/), so it never reaches the README; md_text still folds white space.
HOSTILE_AUTHORS = [
    "1. Numbered Author",
    "- Dash Author",
    "Pipe | Author",
    "<b>Bold</b> Author",
    "Star*Author",
    "Back`tick Author",
    "&amp; Author",
]
HOSTILE_EARLIER = "1. An *earlier* <script>alert(2)</script> title | with a pipe"
HOSTILE_DATASET = "RS|ITMD <img src=x onerror=alert(3)> *x*"


def hostile_project(make_project: Callable[..., Path]) -> Path:
    project = make_project()
    paper_path = project / "data/papers/alpha-2023.yaml"
    paper = yaml.safe_load(paper_path.read_text(encoding="utf-8"))
    paper.update(title=HOSTILE_TITLE, authors=HOSTILE_AUTHORS, earlier_titles=[HOSTILE_EARLIER])
    del paper["method"]  # so the dataset table names the paper by its title
    paper["links"]["code"] = "https://example.org/code/a_(b) c|d"  # spaces are refused: see below
    dataset_path = project / "data/datasets/rsitmd.yaml"
    dataset = yaml.safe_load(dataset_path.read_text(encoding="utf-8"))
    dataset.update(name=HOSTILE_DATASET, homepage="https://example.org/wiki/RSITMD_(dataset)")
    for path, data in [(paper_path, paper), (dataset_path, dataset)]:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


def render(project: Path) -> str:
    settings = load_settings(project)
    loaded = load_catalog(settings)
    return loaded, render_readme(derive(loaded.catalog), TEMPLATES, project / "README.md").content


def test_a_url_with_a_space_is_refused_before_it_reaches_the_readme(make_project, fixed_today) -> None:
    loaded, _ = render(hostile_project(make_project))
    assert [(d.path, d.rule, d.field) for d in loaded.diagnostics] == [
        ("data/papers/alpha-2023.yaml", "url-scheme", "links.code")
    ]


@pytest.fixture
def readme(make_project, fixed_today) -> str:
    project = hostile_project(make_project)
    path = project / "data/papers/alpha-2023.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("a_(b) c|d", "a_(b)|d"), encoding="utf-8")
    loaded, text = render(project)
    assert loaded.diagnostics == []
    return text


def section(text: str, heading: str) -> str:
    match = re.search(rf"^#+ {re.escape(heading)}\n(.*?)(?=^#+ |\Z)", text, re.M | re.S)
    assert match, heading
    return match.group(1)


def test_hostile_paper_stays_one_list_item(readme: str) -> None:
    lines = [line for line in section(readme, "Closed-Domain Method").splitlines() if line]
    assert lines == [
        "- [TGRS 2023] | **\\# A &#124; B \\*bold\\* \\_it\\_ \\[link\\](https://evil.example) "
        "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; \\`code\\` &amp;uuml; "
        "&#36;x&#36; &#126;&#126;del&#126;&#126; - second line** | [[paper]](https://example.org/papers/alpha) "
        "[[DOI]](https://doi.org/10.1234/alpha.2023) [[arXiv]](https://arxiv.org/abs/2301.01230) "
        "[[code]](https://example.org/code/a_%28b%29%7Cd)",
        "  - 1\\. Numbered Author, - Dash Author, Pipe &#124; Author, &lt;b&gt;Bold&lt;/b&gt; Author, "
        "Star\\*Author, Back\\`tick Author, &amp;amp; Author.",
        "  - Earlier title: *1\\. An \\*earlier\\* &lt;script&gt;alert(2)&lt;/script&gt; title &#124; with a pipe*",
    ]


def test_hostile_dataset_keeps_the_table_intact(readme: str) -> None:
    table = [line for line in section(readme, "Datasets").splitlines() if line.startswith("|")]
    assert len(table) == 3
    # Every row has the header's number of cells: no pipe from the data splits a cell.
    assert {line.count("|") for line in table} == {8}
    assert table[2] == (
        "| [RS&#124;ITMD &lt;img src=x onerror=alert(3)&gt; \\*x\\*]"
        "(https://example.org/wiki/RSITMD_%28dataset%29) | 4,743 | 23,715 | 5 | 256 × 256 | – | "
        "\\# A &#124; B \\*bold\\* \\_it\\_ \\[link\\](https://evil.example) &lt;script&gt;alert(1)"
        "&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; \\`code\\` &amp;uuml; &#36;x&#36; "
        "&#126;&#126;del&#126;&#126; - second line (TGRS 2023) |"
    )


def test_no_raw_html_from_the_data(readme: str) -> None:
    assert not re.search(r"<\s*(script|img|b)\b", readme, re.I)


class Html(HTMLParser):
    """Tags, and the text of each <strong>, <em>, <li> and <td> element, of rendered HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.open: list[tuple[str, list[str]]] = []
        self.texts: dict[str, list[str]] = {"strong": [], "em": [], "li": [], "td": [], "a": []}

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in self.texts:
            self.open.append((tag, []))

    def handle_endtag(self, tag):
        if tag in self.texts:
            for i in range(len(self.open) - 1, -1, -1):
                if self.open[i][0] == tag:
                    name, parts = self.open.pop(i)
                    self.texts[name].append("".join(parts))
                    break

    def handle_data(self, data):
        for _, parts in self.open:
            parts.append(data)


def html_of(readme: str) -> Html:
    parser = Html()
    parser.feed(markdown.markdown(readme, extensions=["tables"]))
    parser.close()
    return parser


def test_rendered_html_shows_the_literal_text_and_no_element_from_the_data(readme: str) -> None:
    html = html_of(readme)
    assert {"script", "img", "b", "del", "s"} & set(html.tags) == set()
    # Had the data made markup (emphasis, code, a link), these texts would differ from the data.
    one_line_title = HOSTILE_TITLE.replace("\n", " ")
    assert one_line_title in html.texts["strong"]
    assert ", ".join(HOSTILE_AUTHORS) + "." in [t.strip() for t in html.texts["li"]]
    assert HOSTILE_EARLIER in html.texts["em"]
    assert HOSTILE_DATASET in html.texts["a"]


def test_rendered_table_has_one_row_with_seven_cells(readme: str) -> None:
    html = html_of(readme)
    dataset_cells = html.texts["td"]
    assert len(dataset_cells) == 7
    assert dataset_cells[0] == HOSTILE_DATASET
    assert dataset_cells[-1] == HOSTILE_TITLE.replace("\n", " ") + " (TGRS 2023)"
