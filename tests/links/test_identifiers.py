"""DOIs, arXiv ids and GitHub repositories are verified through (fake) APIs, not pages."""

from __future__ import annotations

from rsitr_list.links.ids.identifiers import arxiv_in_url, doi_in_url, github_repo
from rsitr_list.links.run import check_targets
from rsitr_list.links.targets import Source, Target
from rsitr_list.links.verdicts import Verdict
from rsitr_list.settings import Endpoints

from .fakeweb import serve_arxiv_api, serve_doi_api, serve_github_api


def _t(key: str, kind: str = "url", url: str | None = None) -> Target:
    if kind == "doi":
        url = "https://doi.org/" + key
        key = "doi:" + key
    elif kind == "arxiv":
        url = "https://arxiv.org/abs/" + key
        key = "arxiv:" + key
    return Target(key=key, kind=kind, url=url or key, sources=[Source("data/papers/x.yaml", ("links", kind))])


def _by_key(report):
    return {i.target.key: i for i in report.items}


def test_identifiers_are_found_in_publisher_and_arxiv_urls():
    hosts = ["doi.org", "dl.acm.org", "link.springer.com"]
    assert doi_in_url("https://dl.acm.org/doi/10.1145/3581783.3612374", hosts) == "10.1145/3581783.3612374"
    assert doi_in_url("https://dl.acm.org/doi/abs/10.1145/3664647.3681270", hosts) == "10.1145/3664647.3681270"
    assert doi_in_url("https://doi.org/10.1109/TGRS.2017.2776321", hosts) == "10.1109/TGRS.2017.2776321"
    assert (
        doi_in_url("https://link.springer.com/article/10.1007/s11263-020-01234-5", hosts)
        == "10.1007/s11263-020-01234-5"
    )
    assert doi_in_url("https://dl.acm.org/doi/10.1145/1#sec", hosts) is None  # a fragment needs the page
    assert doi_in_url("https://ieeexplore.ieee.org/document/9866055", hosts) is None
    arxiv = ["arxiv.org"]
    assert arxiv_in_url("https://arxiv.org/abs/2306.11029", arxiv) == "2306.11029"
    assert arxiv_in_url("https://arxiv.org/pdf/2306.11029v2.pdf", arxiv) == "2306.11029v2"
    assert arxiv_in_url("https://arxiv.org/abs/hep-th/9711200", arxiv) == "hep-th/9711200"
    assert arxiv_in_url("https://arxiv.org/list/cs.CV/recent", arxiv) is None
    gh = ["github.com"]
    assert github_repo("https://github.com/jaychempan/PIR", gh) == "jaychempan/PIR"
    assert github_repo("https://github.com/jaychempan/PIR.git", gh) == "jaychempan/PIR"
    assert github_repo("https://github.com/xiaoyuan1996/AMFMN/tree/master/RSITMD", gh) is None
    assert github_repo("https://github.com/orgs/foo", gh) is None


def test_dois_go_to_the_handle_api_never_to_the_publisher(hosts, make_cfg, tmp_path, fake_dns):
    api = hosts()
    serve_doi_api(api, {"10.1145/3581783.3612374": "https://dl.acm.org/doi/10.1145/3581783.3612374"})
    cfg, endpoints = make_cfg(), Endpoints(doi_api=api.url("/api/handles"))
    targets = [
        _t("10.1145/3581783.3612374", "doi"),
        _t("https://dl.acm.org/doi/10.1145/3581783.3612374"),  # same DOI, in a publisher URL
        _t("10.9999/not-a-doi", "doi"),
    ]
    report = check_targets(targets, tmp_path, cfg, endpoints=endpoints, env={})
    items = _by_key(report)
    ok = items["doi:10.1145/3581783.3612374"]
    assert ok.outcome.verdict is Verdict.OK and ok.outcome.via == "doi-api"
    assert ok.outcome.final_url == "https://dl.acm.org/doi/10.1145/3581783.3612374"
    assert items["https://dl.acm.org/doi/10.1145/3581783.3612374"].outcome.verdict is Verdict.OK
    missing = items["doi:10.9999/not-a-doi"]
    assert missing.outcome.verdict is Verdict.BROKEN and "not registered" in missing.outcome.message
    assert api.requests == 2  # the DOI written twice is asked once
    assert "dl.acm.org" not in fake_dns.lookups and "doi.org" not in fake_dns.lookups


def test_arxiv_ids_are_checked_many_per_request(hosts, make_cfg, tmp_path):
    api = hosts()
    asked = serve_arxiv_api(api, {"2306.11029": 3, "2204.09860": 1})
    cfg, endpoints = make_cfg(arxiv_batch_size=50), Endpoints(arxiv_api=api.url("/api/query"))
    targets = [
        _t("2306.11029", "arxiv"),
        _t("2204.09860", "arxiv"),
        _t("2401.99999", "arxiv"),
        _t("2204.09860v2", "arxiv"),
        _t("https://arxiv.org/pdf/2306.11029v2.pdf"),
    ]
    items = _by_key(check_targets(targets, tmp_path, cfg, endpoints=endpoints, env={}))
    assert len(asked) == 1 and sorted(asked[0]) == sorted(
        ["2306.11029", "2204.09860", "2401.99999", "2204.09860v2", "2306.11029v2"]
    )
    assert items["arxiv:2306.11029"].outcome.verdict is Verdict.OK
    assert items["https://arxiv.org/pdf/2306.11029v2.pdf"].outcome.verdict is Verdict.OK
    assert items["arxiv:2401.99999"].outcome.verdict is Verdict.BROKEN
    assert "only up to v1" in items["arxiv:2204.09860v2"].outcome.message


def test_arxiv_batches_respect_the_batch_size_and_a_malformed_id_is_isolated(hosts, make_cfg, tmp_path):
    api = hosts()
    asked = serve_arxiv_api(api, {"2306.11029": 1, "2204.09860": 1, "2301.01230": 1})
    cfg, endpoints = make_cfg(arxiv_batch_size=2), Endpoints(arxiv_api=api.url("/api/query"))
    # The schema forbids a malformed id; a URL can still carry one the API rejects.
    targets = [_t("2306.11029", "arxiv"), _t("2204.09860", "arxiv"), _t("2301.01230", "arxiv")]
    check_targets(targets, tmp_path, cfg, endpoints=endpoints, env={})
    assert sorted(len(ids) for ids in asked) == [1, 2]  # two batches, possibly in parallel

    from rsitr_list.links.ids.arxiv import check_arxiv
    from rsitr_list.links.net.fetch import Fetcher
    from rsitr_list.links.net.ratelimit import Deadline, Limiter
    from rsitr_list.links.net.session import make_session

    fetcher = Fetcher(cfg, Limiter(4, lambda h: (4, 0), Deadline(10)), make_session(cfg))
    asked.clear()
    out = check_arxiv(endpoints.arxiv_api, fetcher, ["2306.11029", "2306.1102x"])
    assert out["2306.11029"].verdict is Verdict.OK
    assert out["2306.1102x"].verdict is Verdict.BROKEN and "incorrect id format" in out["2306.1102x"].message
    assert len(asked) == 3  # the batch, then each id alone


def test_github_api_used_with_a_token(hosts, make_cfg, tmp_path, fake_dns):
    api = hosts()
    serve_github_api(
        api,
        {
            "jaychempan/PIR": {"archived": False},
            "old/Tool": {"archived": True},
            "newowner/NewName": {"archived": False},
        },
        renamed={"someone/OldName": "newowner/NewName"},
    )
    cfg, endpoints = make_cfg(), Endpoints(github_api=api.base)
    targets = [
        _t("https://github.com/jaychempan/PIR"),
        _t("https://github.com/old/Tool"),
        _t("https://github.com/someone/OldName"),
        _t("https://github.com/gone/away"),
    ]
    items = _by_key(check_targets(targets, tmp_path, cfg, endpoints=endpoints, env={"GITHUB_TOKEN": "t0ken"}))
    assert items["https://github.com/jaychempan/PIR"].outcome.verdict is Verdict.OK
    archived = items["https://github.com/old/Tool"].outcome
    assert archived.verdict is Verdict.OK and archived.archived and "archived" in archived.message
    moved = items["https://github.com/someone/OldName"].outcome
    assert moved.verdict is Verdict.REDIRECTED and moved.suggestion == "https://github.com/newowner/NewName"
    assert items["https://github.com/gone/away"].outcome.verdict is Verdict.BROKEN
    assert "github.com" not in fake_dns.lookups  # no page was fetched


def test_github_without_a_token_is_plain_http(hosts, make_cfg, tmp_path, fake_dns):
    api, web = hosts(), hosts()
    serve_github_api(api, {"a/b": {}})
    web.route("/a/b")
    fake_dns.names["github.test"] = web.ip
    cfg, endpoints = make_cfg(github_hosts=["github.test"]), Endpoints(github_api=api.base)
    url = f"http://github.test:{web.port}/a/b"
    items = _by_key(check_targets([_t(url)], tmp_path, cfg, endpoints=endpoints, env={}))
    assert items[url].outcome.verdict is Verdict.OK and items[url].outcome.via == "http"
    assert api.requests == 0 and web.requests == 1


def test_a_refused_token_falls_back_to_plain_http(hosts, make_cfg, tmp_path, fake_dns):
    api, web = hosts(), hosts()
    serve_github_api(api, {"a/b": {}, "c/d": {}}, token="right")
    web.route("/a/b")
    web.route("/c/d")
    fake_dns.names["github.test"] = web.ip
    cfg = make_cfg(github_hosts=["github.test"], per_host_concurrency=1)
    endpoints = Endpoints(github_api=api.base)
    urls = [f"http://github.test:{web.port}/a/b", f"http://github.test:{web.port}/c/d"]
    report = check_targets([_t(u) for u in urls], tmp_path, cfg, endpoints=endpoints, env={"GITHUB_TOKEN": "wrong"})
    assert all(i.outcome.verdict is Verdict.OK and i.outcome.via == "http" for i in report.items)
    assert any("refused the token" in w for w in report.warnings)
    assert api.requests == 1  # after the first refusal, the API is left alone


def test_github_quota_exhausted_falls_back_to_plain_http(hosts, make_cfg, tmp_path, fake_dns):
    api, web = hosts(), hosts()
    api.default = lambda r: r.send(
        403, '{"message": "API rate limit exceeded"}', {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "9999999999"}
    )
    web.route("/a/b")
    fake_dns.names["github.test"] = web.ip
    cfg, endpoints = make_cfg(github_hosts=["github.test"]), Endpoints(github_api=api.base)
    url = f"http://github.test:{web.port}/a/b"
    report = check_targets([_t(url)], tmp_path, cfg, endpoints=endpoints, env={"GITHUB_TOKEN": "t"})
    assert report.items[0].outcome.verdict is Verdict.OK and report.items[0].outcome.via == "http"
    assert any("quota" in w for w in report.warnings)
