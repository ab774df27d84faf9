"""The Methods page: filters, filter state in the URL, and the page without JavaScript."""

from __future__ import annotations

import re
import unicodedata

import pytest

from rsitr_list.core.views import paper_view
from rsitr_list.derive.bibtex import bibtex

VISIBLE_IDS = """els => els.filter(e => e.offsetParent !== null).map(e => e.querySelector('h3').id)"""


def visible_papers(page) -> set[str]:
    return set(page.eval_on_selector_all(".rsitr-paper", VISIBLE_IDS))


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def expected(
    catalog, *, category=None, year_from=None, year_to=None, venue=None, dataset=None, code=False, text=None
) -> set[str]:
    """The papers a filter must show, computed from the data (not from the page)."""
    out = set()
    for p in catalog.papers:
        view = paper_view(catalog, p)
        # The words the page shows for unknown values are searchable too.
        haystack = fold(
            " ".join(
                [
                    p.title,
                    p.method or "",
                    view.venue_short or "venue not known",
                    str(p.year or "year not known"),
                    *(p.authors or ["Authors not known"]),
                    *p.earlier_titles,
                ]
            )
        )
        dated = p.year is not None  # a year filter hides a paper whose year is unknown
        if (
            (category is None or p.category.value == category)
            and (year_from is None or (dated and p.year >= year_from))
            and (year_to is None or (dated and p.year <= year_to))
            and (venue is None or p.venue == venue)
            and (dataset is None or dataset in p.datasets)
            and (not code or p.links.code)
            and (text is None or all(w in haystack for w in fold(text).split()))
        ):
            out.add(p.id)
    return out


def test_filtering_to_hashing_shows_exactly_the_hashing_papers_and_the_url_restores_it(page_on, site, context):
    want = expected(site.catalog, category="hashing")
    assert want and want != {p.id for p in site.catalog.papers}, "the data needs hashing and other papers"
    page = page_on("methods/")
    assert visible_papers(page) == {p.id for p in site.catalog.papers}

    page.select_option("select[name=category]", "hashing")
    assert visible_papers(page) == want
    assert "category=hashing" in page.url
    status = page.inner_text(".rsitr-filters__status")
    assert f"{len(want)} of {len(site.catalog.papers)}" in status
    # Category sections with no match are hidden with their heading.
    assert page.is_hidden("h2#closed-domain") and page.is_visible("h2#hashing")

    shared = page.url
    other = context.new_page()
    other.goto(shared)
    other.wait_for_load_state("networkidle")
    assert visible_papers(other) == want
    assert other.input_value("select[name=category]") == "hashing"

    page.click("#paper-filters button[type=reset]")
    page.wait_for_function("() => !location.search.includes('category')")
    assert visible_papers(page) == {p.id for p in site.catalog.papers}


def _combined_cases(catalog):
    with_code = [p for p in catalog.papers if p.links.code]
    years = sorted({p.year for p in catalog.papers if p.year is not None})
    busy_dataset = max(
        sorted({d for p in catalog.papers for d in p.datasets}),
        key=lambda d: sum(d in p.datasets for p in catalog.papers),
    )
    venue = max(
        sorted({p.venue for p in catalog.papers if p.venue}), key=lambda v: sum(p.venue == v for p in catalog.papers)
    )
    surname = catalog.papers_by_id["remoteclip-2024"].authors[1].split()[-1]
    return (
        [
            (f"code=1&from={years[len(years) // 2]}", {"code": True, "year_from": years[len(years) // 2]}),
            (f"dataset={busy_dataset}&venue={venue}", {"dataset": busy_dataset, "venue": venue}),
            (f"from={years[0]}&to={years[0]}", {"year_from": years[0], "year_to": years[0]}),
            (f"to={years[-1]}", {"year_to": years[-1]}),  # every dated paper, and no undated one
            (f"text={surname.upper()}", {"text": surname}),
            ("text=retrieval+remote&category=closed-domain", {"text": "retrieval remote", "category": "closed-domain"}),
            ("venue=no-such-venue", {}),  # a value the page does not offer is ignored
        ]
        if with_code
        else []
    )


def test_urls_with_filter_state_restore_the_same_view(page_on, site):
    cases = _combined_cases(site.catalog)
    assert cases
    for query, filters in cases:
        page = page_on("methods/", query)
        assert visible_papers(page) == expected(site.catalog, **filters), query


def test_text_filter_follows_typing(page_on, site):
    page = page_on("methods/")
    page.locator("input[name=text]").press_sequentially("remoteclip")
    assert visible_papers(page) == expected(site.catalog, text="remoteclip")
    assert "text=remoteclip" in page.url


def test_without_javascript_the_page_is_a_complete_list(no_js_page, site):
    page = no_js_page("methods/")
    assert visible_papers(page) == {p.id for p in site.catalog.papers}
    assert page.is_hidden("#paper-filters")
    # Every entry shows its BibTeX in full (no toggle without a script to run it).
    entries = page.locator(".rsitr-paper pre.rsitr-bibtex__code")
    assert entries.count() == len(site.catalog.papers) and entries.first.is_visible()
    assert page.locator(".rsitr-bibtex__toggle:visible").count() == 0


@pytest.mark.parametrize("paper_id", ["remoteclip-2024", "pir-2023"])
def test_each_paper_has_a_stable_anchor_with_bibtex_and_a_copy_button(page_on, site, context, paper_id):
    paper = site.catalog.papers_by_id[paper_id]
    entry_text = bibtex(paper, site.catalog.venue_of(paper))
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = page_on(f"methods/#{paper_id}")
    entry = page.locator(f"article.rsitr-paper:has(h3#{paper_id})")
    assert paper.title in entry.locator("h3").inner_text()
    hrefs = entry.locator(".rsitr-paper__links a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert [link.url for link in paper_view(site.catalog, paper).links] == hrefs

    code = entry.locator("pre.rsitr-bibtex__code")
    assert code.is_hidden()
    entry.locator(".rsitr-bibtex__toggle").click()
    assert entry.locator(".rsitr-bibtex__toggle").get_attribute("aria-expanded") == "true"
    # The entry reaches the reader intact: HTML escaping round-trips its braces and quotes.
    assert code.is_visible() and code.inner_text().strip() == entry_text

    # Material's clipboard handler copies it, offline, and says so.
    entry.locator(".rsitr-bibtex__copy").click()
    page.locator(".md-dialog", has_text="Copied").wait_for()
    assert page.evaluate("() => navigator.clipboard.readText()").strip() == entry_text


def test_long_lists_show_a_page_at_a_time_and_anchors_still_reach_every_paper(page, page_on, site):
    # The real list is shorter than a page, so the page size is cut to 5 for this test.
    def small_pages(route):
        response = route.fetch()
        html, n = re.subn(r'data-page-size="\d+"', 'data-page-size="5"', response.text())
        assert n == 1
        route.fulfill(response=response, body=html)

    page.route("**/methods/", small_pages)
    in_order = page_on("methods/").eval_on_selector_all(".rsitr-paper h3", "els => els.map(e => e.id)")
    assert len(in_order) > 10
    assert visible_papers(page) == set(in_order[:5])
    assert "showing the first 5" in page.inner_text(".rsitr-filters__status")
    page.click(".rsitr-filters__more")
    assert visible_papers(page) == set(in_order[:10])
    page.click(".rsitr-filters__all")
    assert visible_papers(page) == set(in_order)
    assert page.is_hidden(".rsitr-filters__more")

    page.select_option("select[name=category]", "hashing")
    hashing = [i for i in in_order if i in expected(site.catalog, category="hashing")]
    assert visible_papers(page) == set(hashing[:5])

    # A link to a paper beyond the page (or outside the filters) still shows it.
    target = [i for i in in_order if i not in hashing][-1]
    page.goto(site.url(f"methods/?category=hashing#{target}"))
    page.wait_for_load_state("networkidle")
    assert page.locator(f"h3#{target}").is_visible()
    assert visible_papers(page) == set(hashing[:5]) | {target}


def test_every_paper_lists_its_results_and_each_links_to_its_board_row(page_on, site):
    from rsitr_list.derive import derive
    from rsitr_list.derive.site import results_by_paper, site_boards

    derived = derive(site.catalog)
    per_paper = results_by_paper(site_boards(derived.full, derived.main, derived.entries))
    with_results = [p.id for p in site.catalog.papers if p.id in per_paper]
    assert len(with_results) > 5
    page = page_on("methods/")
    for paper_id in with_results:
        links = page.locator(f"article.rsitr-paper:has(h3#{paper_id}) .rsitr-paper__results li a").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
        want = []
        for item in per_paper[paper_id]:
            want.append(f"../benchmarks/#{item.dataset_id}")
            want += [f"../benchmarks/#{r.anchor}" for r in item.rows]
        assert links == want, paper_id
    # Following a link to a row off the leaderboard shows that row, and the row links back.
    target = next(
        r for items in per_paper.values() for i in items for r in i.rows if r.rank is None and r.entry.paper_id
    )
    page.locator(f"a[href='../benchmarks/#{target.anchor}']").first.click()
    page.wait_for_url(f"**/benchmarks/#{target.anchor}")
    row = page.locator(f"tr#{target.anchor}")
    row.wait_for()
    assert row.is_visible()
    back = row.locator("th.rsitr-col-method a").first.get_attribute("href")
    assert back == f"../methods/#{target.entry.paper_id}"


def test_the_footer_links_the_repository_and_its_pull_requests(page_on, site):
    repository = site.catalog.meta.repository
    assert repository, "conftest gives the test list a repository"
    page = page_on("")
    links = page.locator(".md-copyright a").evaluate_all("els => els.map(e => [e.innerText, e.getAttribute('href')])")
    assert ["Source repository", repository] in links and ["Pull requests", f"{repository}/pulls"] in links
    # Plain links: no GitHub widget that would call the API.
    assert page.locator("[data-md-component=source]").count() == 0
