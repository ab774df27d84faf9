"""README anchors and relative links, and the built site's links, checked offline."""

from __future__ import annotations

from rsitr_list.links.internal import check_readme, check_site


def test_readme_anchors_follow_github_slugs(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text("# Guide\n\n## Set up\n")
    (tmp_path / "README.md").write_text(
        "# 🌍 Awesome Remote Sensing Image-Text Retrieval\n"
        "\n"
        "- [top](#-awesome-remote-sensing-image-text-retrieval)\n"  # 3: emoji dropped, leading hyphen kept
        "- [intro](#intro) [again](#intro-1)\n"  # 4: the second Intro is intro-1
        "- [escaped](#a_b-c)\n"  # 5: Markdown escapes do not count
        "- [typo](#instalation)\n"  # 6: broken anchor
        "- [guide](docs/guide.md#set-up) [bad](docs/guide.md#nope)\n"  # 7
        "- [missing file](docs/missing.md)\n"  # 8
        "- [site](https://example.org/x) [mail](mailto:a@b.c)\n"  # 9
        "\n"
        "## Intro\n\n## Intro\n\n## A\\_B *c*\n"
        "\n```\n[in code](#not-a-link)\n```\n"
        '<a id="custom"></a>[custom](#custom)\n'
    )
    problems, external = check_readme(tmp_path, "README.md")
    found = sorted((p.source.line, p.link, p.verdict) for p in problems)
    assert found == [
        (6, "#instalation", "missing-fragment"),
        (7, "docs/guide.md#nope", "missing-fragment"),
        (8, "docs/missing.md", "broken"),
    ]
    assert [(e.url, e.source.line) for e in external] == [("https://example.org/x", 9)]
    assert problems[0].source.where() == "README.md:6"


def test_no_readme_is_no_problem(tmp_path):
    assert check_readme(tmp_path, "README.md") == ([], [])


def test_site_pages_links_and_ids(tmp_path):
    site = tmp_path / "site"
    (site / "papers").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "assets" / "main.css").write_text("")
    (site / "index.html").write_text(
        '<link rel="stylesheet" href="assets/main.css">\n'
        '<a href="papers/">papers</a>\n'
        '<a href="papers/#pir-2023">PIR</a>\n'
        '<a href="papers/#nope">bad</a>\n'
        '<a href="#top-section">top</a> <h1 id="top-section">x</h1>\n'
        '<a href="missing/">gone</a>\n'
        '<a href="https://example.org">ext</a> <a href="/awesome/papers/">abs</a>\n'
    )
    (site / "papers" / "index.html").write_text('<h2 id="pir-2023">PIR</h2><a href="../index.html#top-section">up</a>')
    problems = check_site(tmp_path, "site", "https://user.github.io/awesome/")
    assert sorted((p.source.path, p.source.line, p.link, p.verdict) for p in problems) == [
        ("site/index.html", 4, "papers/#nope", "missing-fragment"),
        ("site/index.html", 6, "missing/", "broken"),
    ]


def test_no_site_is_no_problem(tmp_path):
    assert check_site(tmp_path, "site") == []
