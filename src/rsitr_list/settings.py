"""Settings: one typed object read from [tool.rsitr-list] in pyproject.toml."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, StrictBool, ValidationError, model_validator

from .links.config import LinkSettings, link_settings_error
from .project import DEFAULT_CACHE_DIR, SettingsError, read_table

__all__ = ["Endpoints", "Settings", "SettingsError", "load_settings"]


class Endpoints(BaseModel):
    """Every external service's base URL, `[tool.rsitr-list.endpoints]`: tests point them at loopback."""

    model_config = ConfigDict(extra="forbid")

    doi_api: str = "https://doi.org/api/handles"  # the DOI registry's handle API
    crossref_api: str = "https://api.crossref.org"  # works metadata, for `add doi:...`
    arxiv_api: str = "http://export.arxiv.org/api/query"  # Atom query API, for `add arxiv:...` and links
    github_api: str = "https://api.github.com"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    root: Path = Path(".")
    data_dir: str = "data"
    templates_dir: str = "templates"
    readme: str = "README.md"
    schema_dir: str = "schema"
    cache_dir: str = DEFAULT_CACHE_DIR
    # Replay a clean `validate` or `build --no-site`/`--check` whose inputs are unchanged (cli/replay.py).
    run_cache: StrictBool = True
    site_dir: str = "site"
    # The website's engine; both read mkdocs.yml. Zensical succeeds Material for MkDocs.
    site_engine: Literal["mkdocs", "zensical"] = "mkdocs"
    exports_dir: str = "exports"
    # The website's public address (README link, sitemap), over list.yaml's site_url: the
    # deploy workflow can pass the Pages address without a change to the data.
    site_url: str = ""
    links: LinkSettings = LinkSettings()  # [tool.rsitr-list.links], the link checker's own model
    endpoints: Endpoints = Endpoints()

    @model_validator(mode="after")
    def _link_cache_in_cache_dir(self) -> Settings:
        if self.links.cache is None:  # not set: the link cache lives with the other caches
            self.links = self.links.model_copy(
                update={"cache": f"{self.cache_dir}/links.json" if self.cache_dir else ""}
            )
        return self

    def path(self, rel: str) -> Path:
        return self.root / rel

    @property
    def cache_path(self) -> Path | None:
        return self.root / self.cache_dir if self.cache_dir else None

    @property
    def site_build_path(self) -> Path | None:
        """Where the site's page tree and engine config are generated (None: no cache folder)."""
        return self.root / self.cache_dir / "site-build" if self.cache_dir else None


def load_settings(root: Path, overrides: dict[str, Any] | None = None) -> Settings:
    table = read_table(root)
    pyproject = root / "pyproject.toml"
    values = {**table, **{k: v for k, v in (overrides or {}).items() if v is not None}, "root": root}
    try:
        return Settings.model_validate(values)
    except ValidationError as e:
        link_errors = [err for err in e.errors(include_url=False) if err["loc"][:1] == ("links",)]
        if link_errors:  # named the link checker's way, with its hints
            raise SettingsError(str(link_settings_error(link_errors, str(pyproject), prefix=("links",)))) from None
        problems = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors())
        raise SettingsError(f"{pyproject} [tool.rsitr-list]: {problems}") from None
