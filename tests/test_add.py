"""`rsitr-list add` against a loopback server replaying Crossref and arXiv answers.

The server listens on 127.0.0.1 and the project's pyproject.toml points the endpoints
settings at it; a DNS failure is made in-process by patching socket.getaddrinfo. No test
reaches the network.
"""

from __future__ import annotations

import functools
import json
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from click.testing import CliRunner, Result

from rsitr_list.add import http as add_http
from rsitr_list.add.clean import clean_name, clean_title
from rsitr_list.add.errors import AddError
from rsitr_list.add.ids import Identifier, parse_identifier
from rsitr_list.cli import add as cli_add
from rsitr_list.cli import main
from rsitr_list.pipeline import load_catalog
from rsitr_list.settings import load_settings

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "add"
RESPONSES = FIXTURES / "responses"

CROSSREF = {
    "10.5555/tgrs.2025.0001": "crossref-jats.json",
    "10.5555/rs17070123": "crossref-allcaps.json",
    "10.5555/icip.2024.0042": "crossref-missing.json",
    "10.5555/isprs.2024.07.001": "crossref-unknown-venue.json",
    "10.5555/untitled": "crossref-no-title.json",
}
ARXIV = {
    "2401.01234": "arxiv-preprint.xml",
    "2401.05678": "arxiv-published.xml",
    "2413.99999": "arxiv-error.xml",
    "2401.09999": "arxiv-empty.xml",
}


class Api:
    """What the fake services were asked, and per-path overrides of their answers."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.special: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        self.base = ""


def _send(
    h: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None
) -> None:
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    h.end_headers()
    h.wfile.write(body)


@pytest.fixture
def api() -> Iterator[Api]:
    state = Api()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            state.requests.append(self.path)
            key = unquote(parts.path)
            if key in state.special:
                state.special[key](self)
                return
            if parts.path.startswith("/works/"):
                name = CROSSREF.get(unquote(parts.path[len("/works/") :]))
                if name is None:
                    _send(self, 404, b"Resource not found.", "text/plain")
                else:
                    _send(self, 200, (RESPONSES / name).read_bytes(), "application/json")
            elif parts.path == "/api/query":
                wanted = parse_qs(parts.query).get("id_list", [""])[0]
                name = ARXIV.get(wanted, "arxiv-empty.xml")
                _send(self, 200, (RESPONSES / name).read_bytes(), "application/atom+xml; charset=utf-8")
            else:
                _send(self, 404, b"not here", "text/plain")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def project(tmp_path: Path, api: Api, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", root)
    (root / "pyproject.toml").write_text(
        "[tool.rsitr-list]\n"
        f'cache_dir = ".cache/rsitr-list"\n'
        "[tool.rsitr-list.endpoints]\n"
        f'crossref_api = "{api.base}"\n'
        f'arxiv_api = "{api.base}/api/query"\n',
        encoding="utf-8",
    )
    # Short timeouts keep the slow-server test fast; stdin is never a terminal here.
    monkeypatch.setattr(cli_add, "Fetcher", functools.partial(add_http.Fetcher, read_timeout=0.5, deadline=2.0))
    monkeypatch.setattr(cli_add, "interactive", lambda: False)
    return root


def files_of(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".cache" not in p.relative_to(root).parts
    }


def run(root: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--root", str(root), "add", *args], input=input, catch_exceptions=False)


def paper(root: Path, record_id: str) -> dict:
    return yaml.safe_load((root / "data" / "papers" / f"{record_id}.yaml").read_text(encoding="utf-8"))


def assert_refused(root: Path, before: dict[str, bytes], result: Result, *needles: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in result.stderr, result.stderr
    assert files_of(root) == before, "nothing may be written on a failure"


# --- identifiers and cleaning -------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("doi:10.1109/TGRS.2024.3390838", Identifier("doi", "10.1109/TGRS.2024.3390838")),
        ("10.1109/TGRS.2024.3390838", Identifier("doi", "10.1109/TGRS.2024.3390838")),
        ("https://doi.org/10.1145/3581783.3612374", Identifier("doi", "10.1145/3581783.3612374")),
        ("http://dx.doi.org/10.3390%2Fmath11102279", Identifier("doi", "10.3390/math11102279")),
        ("arxiv:2306.11029", Identifier("arxiv", "2306.11029")),
        ("arXiv:2306.11029v4", Identifier("arxiv", "2306.11029", 4)),
        ("https://arxiv.org/abs/2306.11029v2", Identifier("arxiv", "2306.11029", 2)),
        ("https://arxiv.org/pdf/2306.11029v1.pdf", Identifier("arxiv", "2306.11029", 1)),
        ("2306.11029", Identifier("arxiv", "2306.11029")),
        ("cs/0112017", Identifier("arxiv", "cs/0112017")),
    ],
)
def test_identifiers_in_every_spelling(raw: str, expected: Identifier) -> None:
    assert parse_identifier(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["", "doi:11.1/x", "arxiv:23061.1029", "https://ieeexplore.ieee.org/document/1", "10.1109/a b", "x" * 400, "doi:"],
)
def test_what_is_not_an_identifier_is_refused_with_a_hint(raw: str) -> None:
    with pytest.raises(AddError) as e:
        parse_identifier(raw)
    assert e.value.hint


def test_titles_lose_markup_and_capitals_but_keep_acronyms() -> None:
    assert clean_title("<jats:title>Deep <jats:sc>SAR</jats:sc>&amp;amp;Optical</jats:title>") == "Deep SAR&Optical"
    assert clean_title("x &lt; y for <i>k</i> &gt; 2") == "x < y for k > 2"
    assert (
        clean_title("REMOTECLIP: A VISION LANGUAGE MODEL FOR REMOTE SENSING", ["RemoteCLIP"])
        == "RemoteCLIP: A Vision Language Model for Remote Sensing"
    )
    assert (
        clean_title("THE USE OF VIT AND RS5M IN IMAGE-TEXT RETRIEVAL")
        == "The Use of ViT and RS5M in Image-Text Retrieval"
    )
    # A title that merely contains acronyms is not an all-caps title.
    assert clean_title("CLIP for SAR and RGB") == "CLIP for SAR and RGB"
    assert clean_name("Zoe\u0308  Çelik") == "Zoë Çelik" and clean_name("WEI ZHANG") == "Wei Zhang"
    with pytest.raises(AddError):
        clean_title("<b>" * 2000)


# --- the command ----------------------------------------------------------------------------


def test_doi_with_jats_markup_and_non_ascii_names(project: Path, api: Api) -> None:
    result = run(
        project,
        "doi:10.5555/tgrs.2025.0001",
        "--category",
        "closed-domain",
        "--method",
        "GeoLens",
        "--code",
        "https://github.com/example/geolens",
        "--dataset",
        "rsicd,rsitmd",
    )
    assert result.exit_code == 0, result.output
    assert "added: data/papers/geolens-2025.yaml" in result.stdout
    rec = paper(project, "geolens-2025")
    assert rec["title"] == "GeoLens: Prompting L2 Alignment for Remote Sensing Image&Text Retrieval"
    assert rec["authors"] == ["Begüm Demir", "Zoë Çelik", "Jiří Dvořák", "明 李"]
    assert rec["venue"] == "tgrs" and rec["year"] == 2025 and rec["published_online"] == 2024
    assert (rec["volume"], rec["pages"]) == ("63", "1-14") and "number" not in rec
    assert rec["links"] == {
        "paper": "https://ieeexplore.ieee.org/document/10770000/",
        "doi": "10.5555/tgrs.2025.0001",
        "code": "https://github.com/example/geolens",
    }
    assert rec["datasets"] == ["rsicd", "rsitmd"] and rec["category"] == "closed-domain"
    text = (project / "data/papers/geolens-2025.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/paper.schema.json\n")
    # Written in fmt's form, and the list still validates with it.
    assert CliRunner().invoke(main, ["--root", str(project), "fmt", "--check"]).exit_code == 0
    assert load_catalog(load_settings(project)).ok


def test_all_caps_title_missing_given_name_and_missing_print_date(project: Path) -> None:
    result = run(project, "https://doi.org/10.5555/rs17070123", "--category", "hashing")
    assert result.exit_code == 0, result.output
    rec = paper(project, "cross-modal-2025")
    assert rec["title"] == "Cross-Modal Hashing with CLIP and SAR Priors for Remote Sensing Image–Text Retrieval"
    assert rec["authors"] == ["Wei Zhang", "Okonkwo", "RS Vision Consortium"]
    assert rec["venue"] == "remote-sensing"  # by ISSN
    assert (rec["year"], rec["volume"], rec["number"], rec["pages"]) == (2025, "17", "7", "1234")
    assert "published_online" not in rec and "method" not in rec


def test_missing_fields_are_left_out_never_invented(project: Path) -> None:
    result = run(project, "doi:10.5555/icip.2024.0042", "--category", "open-domain", "--dry-run")
    assert result.exit_code == 0, result.output
    rec = yaml.safe_load(result.stdout)
    assert rec["venue"] == "icip"  # by the conference's name
    for absent in ("volume", "number", "pages", "published_online", "method", "datasets", "earlier_titles"):
        assert absent not in rec
    assert rec["links"] == {"paper": "https://doi.org/10.5555/icip.2024.0042", "doi": "10.5555/icip.2024.0042"}
    assert not (project / "data/papers/sparse-2024.yaml").exists()


def test_arxiv_id_with_a_version_records_the_versionless_id(project: Path, api: Api) -> None:
    before = files_of(project)
    result = run(project, "arxiv:2401.01234v2", "--category", "open-domain", "--method", "SkyPrompt")
    assert result.exit_code == 0, result.output
    rec = paper(project, "skyprompt-2024")
    assert rec["links"] == {"paper": "https://arxiv.org/abs/2401.01234", "arxiv": "2401.01234"}
    assert rec["venue"] == "arxiv" and rec["year"] == 2024
    assert rec["title"] == "SkyPrompt: Few-Shot Prompt Learning for Remote Sensing Image-Text Retrieval"
    assert rec["authors"] == ["Ana María Ñúñez", "Søren Kierkegård", "Wei Zhang"]
    assert set(files_of(project)) - set(before) == {"data/papers/skyprompt-2024.yaml"}
    assert any("id_list=2401.01234&" in r for r in api.requests)


def test_arxiv_with_a_doi_takes_the_published_version_and_keeps_the_preprint_title(project: Path) -> None:
    result = run(project, "https://arxiv.org/abs/2401.05678", "--category", "closed-domain", "--method", "GeoLens")
    assert result.exit_code == 0, result.output
    rec = paper(project, "geolens-2025")
    assert rec["venue"] == "tgrs" and rec["links"]["arxiv"] == "2401.05678"
    assert rec["links"]["doi"] == "10.5555/tgrs.2025.0001"
    assert rec["earlier_titles"] == ["GeoLens: Prompting Alignment for Remote Sensing Retrieval"]


def test_answers_are_cached_on_disk(project: Path, api: Api) -> None:
    assert run(project, "doi:10.5555/icip.2024.0042", "--category", "open-domain", "--dry-run").exit_code == 0
    asked = len(api.requests)
    assert run(project, "doi:10.5555/icip.2024.0042", "--category", "open-domain", "--dry-run").exit_code == 0
    assert len(api.requests) == asked
    assert list((project / ".cache/rsitr-list/add").glob("*.json"))
    assert (
        run(project, "doi:10.5555/icip.2024.0042", "--category", "open-domain", "--dry-run", "--refresh").exit_code == 0
    )
    assert len(api.requests) == asked + 1


@pytest.mark.parametrize(
    "ident",
    [
        "doi:10.1109/TGRS.2024.3390838",
        "doi:10.1109/tgrs.2024.3390838",
        "arxiv:2306.11029v3",
        "https://arxiv.org/abs/2306.11029",
    ],
)
def test_a_duplicate_is_refused_naming_the_record_before_any_request(project: Path, api: Api, ident: str) -> None:
    before = files_of(project)
    result = run(project, ident, "--category", "open-domain")
    assert_refused(
        project, before, result, "already in the list", "'remoteclip-2024'", "data/papers/remoteclip-2024.yaml"
    )
    assert api.requests == []


def test_a_duplicate_title_is_refused(project: Path, api: Api) -> None:
    shutil.copy(RESPONSES / "crossref-jats.json", project / "dup.json")
    data = json.loads((RESPONSES / "crossref-jats.json").read_text(encoding="utf-8"))
    data["message"]["title"] = ["A PRIOR INSTRUCTION REPRESENTATION FRAMEWORK FOR REMOTE SENSING IMAGE-TEXT RETRIEVAL"]
    data["message"]["DOI"] = "10.5555/other"
    body = json.dumps(data).encode()
    api.special["/works/10.5555/other"] = lambda h: _send(h, 200, body, "application/json")
    (project / "dup.json").unlink()
    before = files_of(project)
    result = run(project, "doi:10.5555/other", "--category", "closed-domain")
    assert_refused(project, before, result, "already in the list", "'pir-2023'", "same title")


def test_unknown_doi_404(project: Path) -> None:
    before = files_of(project)
    result = run(project, "doi:10.5555/nothing-here", "--category", "closed-domain")
    assert_refused(project, before, result, "Crossref has no work with the DOI 10.5555/nothing-here", "hint:")


def test_arxiv_error_entry_and_unknown_id(project: Path) -> None:
    before = files_of(project)
    assert_refused(
        project,
        before,
        run(project, "arxiv:2413.99999", "--category", "hashing"),
        "arXiv rejected the id 2413.99999: incorrect id format for 2413.99999",
    )
    assert_refused(
        project,
        before,
        run(project, "arxiv:2401.09999", "--category", "hashing"),
        "arXiv has no paper with the id 2401.09999",
    )


def test_429_with_a_long_retry_after_gives_up_at_once(project: Path, api: Api) -> None:
    api.special["/works/10.5555/busy"] = lambda h: _send(h, 429, b"slow down", "text/plain", {"Retry-After": "3600"})
    before = files_of(project)
    started = time.monotonic()
    result = run(project, "doi:10.5555/busy", "--category", "hashing")
    assert time.monotonic() - started < 5
    assert_refused(project, before, result, "rate-limiting", "HTTP 429", "3600 s", "run the same command again")
    assert api.requests.count("/works/10.5555/busy") == 1


def test_429_with_a_short_retry_after_is_retried(project: Path, api: Api) -> None:
    answers = iter([(429, b"", {"Retry-After": "0"}), (200, (RESPONSES / "crossref-missing.json").read_bytes(), {})])

    def reply(h: BaseHTTPRequestHandler) -> None:
        status, body, headers = next(answers)
        _send(h, status, body, "application/json", headers)

    api.special["/works/10.5555/icip.2024.0042"] = reply
    result = run(project, "doi:10.5555/icip.2024.0042", "--category", "open-domain", "--dry-run")
    assert result.exit_code == 0, result.output
    assert api.requests.count("/works/10.5555/icip.2024.0042") == 2


def test_a_server_that_never_answers_times_out(project: Path, api: Api) -> None:
    release = threading.Event()
    api.special["/works/10.5555/slow"] = lambda h: release.wait(10)
    before = files_of(project)
    try:
        started = time.monotonic()
        result = run(project, "doi:10.5555/slow", "--category", "hashing")
        assert time.monotonic() - started < 5
    finally:
        release.set()
    assert_refused(project, before, result, "did not answer in time")


@pytest.mark.parametrize(
    "body, needle",
    [
        (b"{not json", "cannot read (not JSON)"),
        (b'{"status": "failed", "message-type": "validation-failure", "message": []}', "cannot read (no work in it)"),
        (b'{"status": "ok", "message-type": "work-list", "message": {"items": []}}', "instead of a work"),
        (b"[" * 100000 + b"]" * 100000, "cannot read (not JSON)"),
    ],
)
def test_malformed_json_is_a_clear_error(project: Path, api: Api, body: bytes, needle: str) -> None:
    api.special["/works/10.5555/bad"] = lambda h: _send(h, 200, body, "application/json")
    before = files_of(project)
    assert_refused(project, before, run(project, "doi:10.5555/bad", "--category", "hashing"), "Crossref", needle)


@pytest.mark.parametrize(
    "body",
    [
        b"<feed><entry>",  # cut off
        b"<html><body>Service Unavailable</body></html>",
        # An entity bomb: defusedxml refuses the DTD instead of expanding it.
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&lol2;</title></entry></feed>'
        ),
    ],
)
def test_malformed_xml_is_a_clear_error(project: Path, api: Api, body: bytes) -> None:
    api.special["/api/query"] = lambda h: _send(h, 200, body, "application/atom+xml")
    before = files_of(project)
    assert_refused(
        project,
        before,
        run(project, "arxiv:2401.01234", "--category", "hashing"),
        "arXiv sent an answer rsitr-list cannot read (not an Atom feed)",
    )


def test_an_oversized_answer_is_not_read(project: Path, api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(add_http, "MAX_BYTES", 1000)
    api.special["/works/10.5555/huge"] = lambda h: _send(h, 200, b" " * 5000, "application/json")
    before = files_of(project)
    assert_refused(project, before, run(project, "doi:10.5555/huge", "--category", "hashing"), "sent more than")


def test_dns_failure(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.rsitr-list.endpoints]\ncrossref_api = "https://api.crossref.invalid"\n', encoding="utf-8"
    )

    def no_dns(*args: object, **kwargs: object) -> list:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    before = files_of(project)
    assert_refused(
        project,
        before,
        run(project, "doi:10.5555/anything", "--category", "hashing"),
        "cannot resolve api.crossref.invalid",
        "endpoints.crossref_api",
    )


def test_an_unknown_venue_lists_the_closest_and_how_to_add_one(project: Path) -> None:
    before = files_of(project)
    result = run(project, "doi:10.5555/isprs.2024.07.001", "--category", "closed-domain")
    assert_refused(
        project,
        before,
        result,
        "'ISPRS Journal of Photogrammetry and Remote Sensing' (ISSN 0924-2716)",
        "is not in data/venues.yaml",
        "closest:",
        "--venue ID",
        "add it to data/venues.yaml",
    )
    # --venue settles it.
    ok = run(project, "doi:10.5555/isprs.2024.07.001", "--category", "closed-domain", "--venue", "jag", "--dry-run")
    assert ok.exit_code == 0, ok.output
    assert yaml.safe_load(ok.stdout)["venue"] == "jag"


def test_a_record_without_title_is_refused(project: Path) -> None:
    before = files_of(project)
    assert_refused(
        project, before, run(project, "doi:10.5555/untitled", "--category", "hashing"), "has no title", "never guessed"
    )


def test_flag_values_are_validated_with_the_whole_list(project: Path) -> None:
    before = files_of(project)
    result = run(
        project,
        "doi:10.5555/icip.2024.0042",
        "--category",
        "open-domain",
        "--dataset",
        "rsicdd",
        "--code",
        "ftp://example.org/x",
    )
    assert_refused(
        project,
        before,
        result,
        "does not validate",
        "unknown-reference",
        "rsicdd",
        "did you mean `rsicd`?",
        "url-scheme",
        "data/papers/sparse-2024.yaml:",
    )


def test_no_category_and_no_terminal_is_an_error_without_asking(project: Path, api: Api) -> None:
    before = files_of(project)
    result = run(project, "doi:10.5555/icip.2024.0042", input="closed-domain\n")
    assert_refused(project, before, result, "--category is required", "not a terminal")
    assert api.requests == []


def test_prompts_on_a_terminal(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_add, "interactive", lambda: True)
    result = run(project, "doi:10.5555/icip.2024.0042", input="nonsense\nopen-domain\nSparseP\n\nrsicd, rsitmd\n")
    assert result.exit_code == 0, result.output
    rec = paper(project, "sparsep-2024")
    assert (rec["category"], rec["method"], rec["datasets"]) == ("open-domain", "SparseP", ["rsicd", "rsitmd"])
    assert "code" not in rec["links"]


def test_id_clash_takes_the_venue_then_a_number(project: Path) -> None:
    assert (
        run(
            project, "doi:10.5555/icip.2024.0042", "--category", "open-domain", "--method", "PIR", "--id", "pir-2025"
        ).exit_code
        == 0
    )
    result = run(project, "doi:10.5555/tgrs.2025.0001", "--category", "closed-domain", "--method", "PIR", "--dry-run")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.stdout)["id"] == "pir-tgrs-2025"


def test_an_explicit_id_of_an_existing_record_is_refused(project: Path) -> None:
    before = files_of(project)
    result = run(project, "doi:10.5555/icip.2024.0042", "--category", "open-domain", "--id", "pir-2023")
    assert_refused(project, before, result, "exists already")


def test_invalid_existing_data_is_reported_first(project: Path, api: Api) -> None:
    (project / "data/papers/pir-2023.yaml").write_text("id: pir-2023\ntitle: [unclosed\n", encoding="utf-8")
    before = files_of(project)
    assert_refused(
        project,
        before,
        run(project, "doi:10.5555/icip.2024.0042", "--category", "open-domain"),
        "the existing data has",
        "yaml-syntax",
    )
    assert api.requests == []


def test_usage_errors_exit_one(project: Path) -> None:
    assert run(project).exit_code == 1
    assert run(project, "doi:10.1/x", "--from-issue", "x.md").exit_code == 1
    assert run(project, "doi:10.5555/icip.2024.0042", "--category", "nonsense").exit_code == 1
