"""Browser tests: build the site once per session and serve it on 127.0.0.1.

The site is built from a copy of the project's data/ with the hostile records of
fixtures/hostile/ laid over it, using the project's own mkdocs.yml, docs/ and
templates/. Tests drive Debian's Chromium through pytest-playwright; every page
they open is guarded: a request to any other host is blocked and recorded, and so
is every console error, and the test fails if there was one.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from rsitr_list.catalog import Catalog
from rsitr_list.derive import derive
from rsitr_list.pipeline import load_catalog
from rsitr_list.settings import Settings
from rsitr_list.site.build import build_site

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
# From /work/shared/notes/TOOLING.md: headless, no sandbox (containers), and no
# background traffic of the browser's own that would count as outside requests.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1"}


@dataclass
class BuiltSite:
    root: Path
    catalog: Catalog
    base_url: str = ""

    def url(self, path: str = "") -> str:
        return f"{self.base_url}/{path.lstrip('/')}"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: run `make test`, which installs it "
            "(Debian package `chromium`). The browser tests never skip.",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS, "headless": True}


# A repository for the footer's plain links (the real list may leave the field empty).
REPOSITORY = "https://github.com/example/rsitr-list"


def _project(tmp: Path) -> Path:
    project = tmp / "project"
    shutil.copytree(ROOT / "data", project / "data")
    meta = project / "data" / "list.yaml"
    record = yaml.safe_load(meta.read_text(encoding="utf-8"))
    record["repository"] = REPOSITORY
    meta.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for kind in ("papers", "datasets", "results"):
        for f in sorted((HOSTILE / kind).glob("*.yaml")):
            shutil.copy(f, project / "data" / kind / f.name)
    return project


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def _serve(dest: Path, catalog: Catalog):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=dest))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield BuiltSite(dest, catalog, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()


def _built(tmp_path_factory, engine: str):
    tmp = tmp_path_factory.mktemp(f"site-{engine}")
    project = _project(tmp)
    settings = Settings(root=project, templates_dir=str(ROOT / "templates"), cache_dir="")
    loaded = load_catalog(settings)
    assert loaded.ok, "\n".join(d.format() for d in loaded.diagnostics)
    dest = build_site(
        settings, derive(loaded.catalog), config_file=ROOT / "mkdocs.yml", dest=tmp / "site", engine=engine
    )  # type: ignore[arg-type]
    return dest, loaded.catalog


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The site as MkDocs with Material builds it (the default engine)."""
    yield from _serve(*_built(tmp_path_factory, "mkdocs"))


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory):
    """The same pages as Zensical builds them."""
    yield from _serve(*_built(tmp_path_factory, "zensical"))


@dataclass
class Guard:
    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def check(self) -> None:
        assert self.outside == [], f"requests to other hosts: {self.outside}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"


def guard_context(context) -> Guard:
    """Block and record requests that leave 127.0.0.1; record console errors of every page."""
    guard = Guard()

    def route(r):
        host = urlsplit(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            r.continue_()
        else:
            guard.outside.append(r.request.url)
            r.abort()

    def watch(page):
        page.on("console", lambda m: guard.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: guard.console_errors.append(str(e)))

    context.route("**/*", route)
    context.on("page", watch)
    # Requests that bypass routing (e.g. from workers) still show up here.
    context.on(
        "request",
        lambda req: (
            guard.outside.append(req.url)
            if urlsplit(req.url).hostname not in LOCAL_HOSTS
            and not req.url.startswith(("data:", "blob:"))
            and req.url not in guard.outside
            else None
        ),
    )
    return guard


@pytest.fixture(autouse=True)
def guard(context) -> Guard:
    g = guard_context(context)
    yield g
    g.check()


@pytest.fixture
def page_on(guard, page, site):
    """Open a page of the site and wait until it has settled; the guard checks it afterwards."""

    def open_(path: str = "", query: str = ""):
        page.goto(site.url(path) + (f"?{query}" if query else ""))
        page.wait_for_load_state("networkidle")
        return page

    return open_


@pytest.fixture
def no_js_page(new_context, site):
    """Open a page with JavaScript disabled, guarded like every other page."""
    guards = []

    def open_(path: str):
        context = new_context(java_script_enabled=False)
        guards.append(guard_context(context))
        page = context.new_page()
        page.goto(site.url(path))
        return page

    yield open_
    for g in guards:
        g.check()


SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture
def sized_page(new_context, site):
    """Open a page at one of SIZES (a new guarded context each), settled like page_on."""
    guards = []

    def open_(size: str, path: str, query: str = ""):
        width, height = SIZES[size]
        context = new_context(viewport={"width": width, "height": height})
        guards.append(guard_context(context))
        page = context.new_page()
        page.goto(site.url(path) + (f"?{query}" if query else ""))
        page.wait_for_load_state("networkidle")
        return page

    yield open_
    for g in guards:
        g.check()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
