"""The Jinja environment for the site's HTML fragments: autoescape on, always.

Every value from the data reaches the page through ``{{ }}`` and is HTML-escaped;
a template marks nothing as safe except fragments rendered by this same
environment (the inline SVG charts).
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup, escape

# Characters Markdown gives a meaning to in a heading's text (emphasis, code, links,
# attribute lists, images, escapes, a trailing #): written as numeric character references,
# which Markdown passes through as literal characters.
_MD_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#!~"}


def _number(value: object) -> str:
    """Thousands separators for counts (10,921); other values unchanged."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _fixed(value: float | None, decimals: int = 2) -> str:
    return "–" if value is None else f"{value:.{decimals}f}"


def md_heading(value: object) -> Markup:
    """Text for a Markdown heading line: HTML-escaped, Markdown punctuation neutralised, one line."""
    text = str(escape(" ".join(str(value).split())))
    # escape() produced &amp; &lt; ...; keep those entities, neutralise the rest.
    out = []
    i = 0
    while i < len(text):
        if text[i] == "&":
            end = text.index(";", i) + 1
            out.append(text[i:end])
            i = end
            continue
        out.append(_MD_SPECIAL.get(text[i], text[i]))
        i += 1
    return Markup("".join(out))


def html_env(site_templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(site_templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(num=_number, fixed=_fixed, md_heading=md_heading)
    return env
