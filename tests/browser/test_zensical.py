"""The Zensical build of the same pages: every page opens, boards sort, search finds things."""

from __future__ import annotations

import re

import pytest

PAGES = ("", "datasets/", "methods/", "benchmarks/", "about/", "contributing/", "link-checking/")


@pytest.fixture
def zpage(guard, page, zensical_site):
    def open_(path: str = ""):
        page.goto(zensical_site.url(path))
        page.wait_for_load_state("networkidle")
        return page

    return open_


@pytest.mark.parametrize("path", PAGES)
def test_every_page_opens_without_errors_or_outside_requests(zpage, path, zensical_site) -> None:
    page = zpage(path)
    assert page.locator("h1").first.is_visible()
    # The footer's plain links to the repository, from data/list.yaml.
    assert page.locator(f".md-copyright a[href='{zensical_site.catalog.meta.repository}/pulls']").count() == 1


def test_leaderboards_and_their_filters_work(zpage, zensical_site) -> None:
    page = zpage("benchmarks/")
    tables = page.locator("table[data-rsitr-board]")
    assert tables.count() >= 5
    # rsitr.js runs under Zensical too: the filter form is shown and counts results.
    assert page.locator("#result-filters").is_visible()
    assert re.search(r"Showing \d+ of \d+ leaderboard rows", page.inner_text("#result-filters .rsitr-filters__status"))
    # The sort buttons, the compare form and the tables' scroll boxes work there too.
    assert tables.first.locator("th[data-col=mr] button").count() == 1
    assert page.locator("#compare-form").is_visible()


def test_search_finds_a_method_and_a_dataset(zpage) -> None:
    page = zpage("")
    page.keyboard.press("Control+k")
    page.keyboard.type("GeoRSCLIP", delay=20)
    results = page.get_by_role("status").filter(has_text=re.compile(r"^\d+ results?$"))
    results.wait_for(timeout=5000)
    assert int(results.inner_text().split()[0]) > 0
    assert page.get_by_text("RS5M and GeoRSCLIP", exact=False).first.is_visible()
