"""`rsitr-list check-links` on a small fixture project: exit codes, the file:line field
report, Markdown and JSON, settings errors, and --changed."""

from __future__ import annotations

import json
import subprocess

import pytest
from click.testing import CliRunner

from rsitr_list.cli import main

from .fakeweb import serve_arxiv_api, serve_doi_api


@pytest.fixture
def web(hosts):
    a, b, api = hosts(), hosts(), hosts()
    for path in ("/papers/alpha", "/code/alpha", "/papers/pir", "/rsitmd", "/rsitmd/download", "/home"):
        a.route(path)
    b.route("/old-project", lambda r: r.redirect(301, b.url("/project")))
    b.route("/project")
    serve_doi_api(api, {"10.1234/alpha.2023": "https://example.org/alpha"})
    serve_arxiv_api(api, {"2301.01230": 2})
    return a, b, api


def run(root, *args):
    result = CliRunner().invoke(main, ["--root", str(root), "check-links", "--progress", "never", *args])
    return result.exit_code, result.output


def test_dead_link_is_reported_at_file_line_field(web, project):
    a, b, api = web
    root = project(A=a.base, B=b.base, API=api.base)
    code, out = run(root, "--dead-after", "1")
    assert code == 2, out
    assert f"data/papers/pir-2023.yaml:14 links.code  {b.base}/jaychempan/PIR" in out
    assert "broken: HTTP 404 Not Found" in out
    # The moved project page is a suggestion, not a failure.
    assert f"data/papers/pir-2023.yaml:15 links.project  {b.base}/old-project" in out
    assert f"suggestion: write {b.base}/project" in out
    assert "1 dead link." in out
    # Retired links and leaderboards recorded as dead are not asked for.
    assert not any(s.path in ("/retired", "/leaderboard/gone") for s in a.seen + b.seen)


def test_first_failure_is_not_dead_yet_and_exits_0(web, project):
    a, b, api = web
    root = project(A=a.base, B=b.base, API=api.base)
    code, out = run(root)
    assert code == 0, out
    assert "Failing, not dead yet (dead after 2 runs)" in out
    assert "(1 of 2 failing runs needed to call it dead)" in out


def test_all_good_exits_0(web, project):
    a, b, api = web
    b.route("/jaychempan/PIR")
    root = project(A=a.base, B=b.base, API=api.base)
    code, out = run(root, "--dead-after", "1")
    assert code == 0, out
    assert "No dead links." in out


def test_markdown_and_json_reports(web, project, tmp_path):
    a, b, api = web
    root = project(A=a.base, B=b.base, API=api.base)
    md, js = tmp_path / "out" / "links.md", tmp_path / "out" / "links.json"
    code, out = run(root, "--dead-after", "1", "--markdown", str(md), "--json", str(js))
    assert code == 2
    text = md.read_text()
    assert text.startswith("# Link check ") and ": 1 dead link" in text.splitlines()[0]
    assert f"| `data/papers/pir-2023.yaml:14 links.code` | [{b.base}/jaychempan/PIR]" in text
    data = json.loads(js.read_text())
    assert data["summary"]["dead"] == 1
    by_link = {link["link"]: link for link in data["links"]}
    assert by_link["doi:10.1234/alpha.2023"]["via"] == "doi-api"
    assert by_link["doi:10.1234/alpha.2023"]["sources"] == [
        {"path": "data/papers/alpha-2023.yaml", "line": 12, "field": "links.doi", "record": "alpha-2023"}
    ]
    assert by_link["arxiv:2301.01230"]["verdict"] == "ok"
    assert by_link[f"{a.base}/home"]["sources"][0]["path"] == "README.md"  # a link only the template writes
    # Deterministic: the same findings give the same bytes.
    first = js.read_bytes()
    run(root, "--dead-after", "1", "--json", str(js))
    assert [(l["link"], l["verdict"]) for l in json.loads(js.read_bytes())["links"]] == [
        (l["link"], l["verdict"]) for l in json.loads(first)["links"]
    ]


def test_warm_second_run_asks_nothing(web, project):
    a, b, api = web
    b.route("/jaychempan/PIR")
    root = project(A=a.base, B=b.base, API=api.base)
    assert run(root)[0] == 0
    before = a.requests + b.requests + api.requests
    code, out = run(root)
    assert code == 0 and a.requests + b.requests + api.requests == before
    assert "0 requests" in out


@pytest.mark.parametrize(
    "setting, message",
    [
        ('ttl = "forever"', "ttl: 'forever' is not a duration"),
        ('exclude = ["("]', "exclude: item 1, '(', is not a valid regular expression"),
        ('treat_403_as = "ok"', "treat_403_as: unknown setting"),
        ("max_concurency = 3", "max_concurency: unknown setting (did you mean `max_concurrency`?)"),
        ('accept = ["2xx"]', "accept: '2xx' is not a status code"),
    ],
)
def test_bad_setting_is_a_clear_error(web, project, setting, message):
    a, b, api = web
    root = project(A=a.base, B=b.base, API=api.base)
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + setting + "\n")
    code, out = run(root)
    assert code == 1
    assert message in out and "[tool.rsitr-list.links]" in out
    assert "Traceback" not in out


def test_usage_error_exits_1_not_2(web, project):
    a, b, api = web
    root = project(A=a.base, B=b.base, API=api.base)
    assert run(root, "--max-concurrency", "many")[0] == 1
    assert run(root, "--no-such-flag")[0] == 1
    code, out = run(root, "--interval", "soon")
    assert code == 1 and "min_interval" in out


def _git(root, *args):
    subprocess.run(
        ["git", "-C", str(root), *args],
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@t",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@t",
            "PATH": "/usr/bin:/bin",
            "HOME": str(root),
        },
    )


def test_changed_checks_only_changed_records(web, project):
    a, b, api = web
    root = project(A=a.base, B=b.base, API=api.base)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    _git(root, "checkout", "-q", "-b", "feature")
    paper = root / "data" / "papers" / "alpha-2023.yaml"
    paper.write_text(paper.read_text().replace("/code/alpha", "/code/alpha-v2"))
    code, out = run(root, "--changed", "--base", "main", "--dead-after", "1", "--json", str(root / "r.json"))
    assert code == 2, out  # the changed paper's new code link is dead
    paths = {s["path"] for link in json.loads((root / "r.json").read_text())["links"] for s in link["sources"]}
    assert paths == {"data/papers/alpha-2023.yaml"}
    assert not any(s.path == "/jaychempan/PIR" for s in b.seen)  # the unchanged paper was left alone


def test_changed_with_an_unknown_base_is_a_clear_error(web, project):
    a, b, api = web
    root = project(A=a.base, B=b.base, API=api.base)
    _git(root, "init", "-q", "-b", "main")
    code, out = run(root, "--changed", "--base", "origin/nope")
    assert code == 1 and "git does not know the revision 'origin/nope'" in out and "git fetch" in out


def test_progress_bar_only_on_a_terminal(web, project):
    import io

    from rsitr_list.links.report.progress import Progress

    a, b, api = web
    root = project(A=a.base, B=b.base, API=api.base)
    result = CliRunner().invoke(main, ["--root", str(root), "check-links"])  # progress: auto, not a TTY
    assert "█" not in result.output and "\r" not in result.output
    stream = io.StringIO()
    bar = Progress(4, enabled=True, stream=stream)
    for _ in range(4):
        bar.advance()
    bar.close()
    assert "4/4 checks" in stream.getvalue() and stream.getvalue().endswith("\r\x1b[K")
    quiet = io.StringIO()
    Progress(4, enabled=False, stream=quiet).advance()
    assert quiet.getvalue() == ""
