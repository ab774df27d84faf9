"""The Jinja environment for the site's HTML fragments: autoescape on, always.

Every value from the data reaches the page through ``{{ }}`` and is HTML-escaped;
a template marks nothing as safe except fragments rendered by this same
environment (the inline SVG charts).
"""

from __future__ import annotations

from pathlib import Path

import jinja2


def _number(value: object) -> str:
    """Thousands separators for counts (10,921); other values unchanged."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _fixed(value: float | None, decimals: int = 2) -> str:
    return "–" if value is None else f"{value:.{decimals}f}"


def html_env(site_templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(site_templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(num=_number, fixed=_fixed)
    return env
