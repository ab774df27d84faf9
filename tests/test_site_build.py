"""Building the website: from the CLI, from `mkdocs build`, all-or-nothing, and what it contains."""

from __future__ import annotations

import html as html_module
import html.parser
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from click.testing import CliRunner

import projects
from rsitr_list.cli import main
from rsitr_list.derive import derive
from rsitr_list.pipeline import load_catalog
from rsitr_list.settings import load_settings
from rsitr_list.site.build import SiteBuildError, build_site

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ("datasets", "methods", "benchmarks")


def copy_project(dest: Path) -> Path:
    return projects.copy_project(dest, site=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The real data's site, built once for the tests that only read it."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    settings = load_settings(root)
    build_site(settings, derive(load_catalog(settings).catalog))
    return root / "site"


def break_a_paper(root: Path) -> None:
    path = root / "data" / "papers" / "pir-2023.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("venue: acm-mm", "venue: acm-mn"), encoding="utf-8")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".site."))


def test_cli_build_writes_readme_and_site(project):
    result = CliRunner().invoke(main, ["--root", str(project), "build"])
    assert result.exit_code == 0, result.output
    assert (project / "README.md").is_file()
    for page in ("index.html", *(f"{p}/index.html" for p in GENERATED), "about/index.html"):
        assert (project / "site" / page).is_file(), page
    assert "built: website in" in result.stdout
    assert leftovers(project) == []


def test_no_site_and_check_never_build_the_site(project):
    assert CliRunner().invoke(main, ["--root", str(project), "build", "--no-site"]).exit_code == 0
    assert not (project / "site").exists()
    checked = CliRunner().invoke(main, ["--root", str(project), "build", "--check"])
    assert checked.exit_code == 0, checked.output
    assert not (project / "site").exists()


def test_invalid_data_fails_with_the_validate_diagnostics_and_keeps_the_old_site(project):
    old = project / "site"
    old.mkdir()
    (old / "marker.txt").write_text("previous build")
    break_a_paper(project)
    validate = CliRunner().invoke(main, ["--root", str(project), "validate"])
    assert validate.exit_code == 1
    errors = [line for line in validate.stderr.splitlines() if ": error[" in line]
    assert errors

    # Through `mkdocs build --strict`, as a contributor would run it.
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert run.returncode != 0
    for line in errors:
        assert line in run.stderr
    assert "validation failed" in run.stderr

    # Through build_site directly: the same, and the previous site is untouched.
    settings = load_settings(project)
    with pytest.raises(SiteBuildError, match="validation failed"):
        build_site(settings)  # no derived list given: the site loads and validates the data itself
    assert sorted(p.name for p in old.iterdir()) == ["marker.txt"]
    assert leftovers(project) == []


def test_a_failing_template_leaves_the_previous_site_in_place(project):
    assert CliRunner().invoke(main, ["--root", str(project), "build"]).exit_code == 0
    before = (project / "site" / "methods" / "index.html").read_bytes()
    template = project / "templates" / "site" / "methods.html.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{% if %}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(project), "build"])
    assert result.exit_code == 1
    assert "methods.html.j2" in result.stderr and "was left unchanged" in result.stderr
    assert (project / "site" / "methods" / "index.html").read_bytes() == before
    assert leftovers(project) == []


def test_a_failing_site_build_leaves_the_readme_untouched(project):
    # The README would change (a new author), but the site cannot be built: nothing is written.
    assert CliRunner().invoke(main, ["--root", str(project), "build"]).exit_code == 0
    readme = (project / "README.md").read_bytes()
    paper = project / "data" / "papers" / "pir-2023.yaml"
    paper.write_text(paper.read_text(encoding="utf-8").replace("Cong Bai", "Cong Bai Jr"), encoding="utf-8")
    template = project / "templates" / "site" / "methods.html.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{% if %}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(project), "build"])
    assert result.exit_code == 1
    assert (project / "README.md").read_bytes() == readme


def test_mkdocs_build_strict_passes_on_the_project(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out" / "methods" / "index.html").is_file()


def test_generated_pages_are_not_sources():
    for name in GENERATED:
        assert not (ROOT / "docs" / f"{name}.md").exists()


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        if tag == "link" and a.get("rel") == "stylesheet":
            self.styles.append(a["href"])


def parse_site(site: Path) -> dict[str, _Links]:
    pages = {}
    for path in site.rglob("index.html"):
        url = "/" + path.parent.relative_to(site).as_posix() + "/"
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[url.replace("/./", "/")] = parser
    return pages


def test_every_internal_link_and_anchor_resolves(built):
    pages = parse_site(built)
    checked = 0
    for url, parsed in pages.items():
        for href in parsed.hrefs:
            if urlsplit(href).scheme or href.startswith("//"):
                continue
            target = urlsplit(urljoin("http://site" + url, href))
            path = target.path if target.path.endswith("/") else target.path.rsplit("/", 1)[0] + "/"
            if target.path.endswith((".html", ".xml", ".gz")):
                continue
            assert path in pages, f"{url}: {href} -> no page {path}"
            if target.fragment:
                assert target.fragment in pages[path].ids, f"{url}: {href} -> no anchor #{target.fragment}"
                checked += 1
    assert checked > 100


def test_the_site_loads_nothing_from_other_hosts(built):
    for url, parsed in parse_site(built).items():
        for src in parsed.scripts + parsed.styles:
            assert not urlsplit(src).scheme and not src.startswith("//"), f"{url} loads {src}"
    # Material's bundle names Google Fonts and the GitHub API for features this site
    # leaves off (font, repo_url); the browser tests check that nothing is requested.
    theme = parse_site(built)["/"]
    assert not any("fonts.googleapis" in href for href in theme.styles)


def test_every_paper_has_its_anchor_on_the_methods_page(built):
    settings = load_settings(ROOT)
    ids = parse_site(built)["/methods/"].ids
    for paper in load_catalog(settings).catalog.papers:
        assert paper.id in ids


def test_building_twice_gives_the_same_pages(built, tmp_path):
    settings = load_settings(built.parent)
    again = build_site(settings, derive(load_catalog(settings).catalog), dest=tmp_path / "again")
    for page in ("index.html", *(f"{p}/index.html" for p in GENERATED), "search/search_index.json"):
        assert (built / page).read_bytes() == (again / page).read_bytes(), page


def _search_docs(built: Path) -> dict[str, str]:
    import json

    index = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {d["location"]: re.sub(r"<[^>]+>", " ", d["text"]) for d in index["docs"]}


def test_search_excerpts_read_as_sentences_not_runs_of_numbers(built):
    docs = _search_docs(built)
    derived = derive(load_catalog(load_settings(built.parent)).catalog)
    # Chart ticks, table cells and year axes are left out; what is indexed reads as words.
    numeric_run = re.compile(r"(?:[\d.,–%×]+\s+){5,}[\d.,–%×]+")
    for location, text in docs.items():
        if location.startswith(("benchmarks/", "datasets/", "methods/")):
            assert not numeric_run.search(text), (location, numeric_run.search(text).group(0))
    for board in derived.main:
        text = docs[f"benchmarks/#{board.dataset}"]
        assert f"{board.dataset_name}: {len(board.rows)} method" in text and "ranked by mR" in text
        best = board.rows[0].entry
        assert f"{best.name} with mR {best.fmt(best.mR)} (rank 1)" in text
    # Terms and values of the datasets' facts stay apart ("Images 10,921", not "Images10,921").
    rsicd = docs["datasets/#rsicd"]
    assert re.search(r"Images\s+10,921", rsicd) and not re.search(r"Use\S", rsicd)
    # A paper's links and note are found in its own search result, not its category's.
    pir = docs["methods/#pir-2023"]
    assert "Evaluated on" in pir and "SWAN DOI" in pir


def test_the_datasets_page_names_each_origin_one_way_and_counts_papers_in_words(built):
    page = (built / "datasets" / "index.html").read_text(encoding="utf-8")
    derived = derive(load_catalog(load_settings(built.parent)).catalog)
    for origin in derived.origins.values():
        if origin is None:
            continue
        # The comparison table and the dataset's own section use the same short form.
        assert page.count(f">{origin.short}</a>") >= 2, origin.short
    text = html_module.unescape(re.sub(r"<[^>]+>", "", page))
    for d in derived.datasets:
        n = sum(d.id in p.datasets for p in derived.catalog.papers)
        if n:
            verb = "evaluates" if n == 1 else "evaluate"
            assert f"{n} paper{'s' if n != 1 else ''} in the list {verb} on {d.name}." in text
        origin = derived.origins[d.id]
        if origin:
            assert f"Introduced in {origin.short}: {origin.label}" in text
