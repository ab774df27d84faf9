"""Material's search, offline: papers are found by method name, title and author."""

from __future__ import annotations

import re

import pytest

RESULT_LINKS = "a.md-search-result__link"


def search(page, query: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    page.wait_for_selector(f".md-search-result__list {RESULT_LINKS}")
    return page.locator(RESULT_LINKS).evaluate_all("els => els.map(e => e.getAttribute('href'))")


@pytest.mark.parametrize(
    "query, paper_id",
    [
        ("RemoteCLIP", "remoteclip-2024"),  # method name and title
        ("GaLR", "galr-2022"),  # a method name that is not in the title
        ("Zhangqingyun", "remoteclip-2024"),  # an author
        ("Prior Instruction Representation", "pir-2023"),  # title words
    ],
)
def test_search_finds_the_paper(page_on, site, query, paper_id):
    assert paper_id in site.catalog.papers_by_id
    page = page_on("")
    hrefs = search(page, query)
    # Result links carry Material's highlight query: .../methods/?h=remoteclip#remoteclip-2024
    assert any(re.search(rf"/methods/(\?[^#]*)?#{paper_id}$", h) for h in hrefs), hrefs
    page.locator(f"{RESULT_LINKS}[href$='#{paper_id}']").first.click()
    page.wait_for_url(f"**/methods/**#{paper_id}")
    assert page.locator(f"h3#{paper_id}").is_visible()
