"""Markdown escaping, in one place, for every template.

The Markdown environment escapes every ``{{ expression }}`` by default (Jinja's
``finalize`` hook), so a template cannot forget it. Values that are already
safe Markdown (a link target made by ``md_url``) are wrapped in ``Md``.
The same escaping is valid for GitHub and for Python-Markdown (MkDocs): HTML
special characters become entities, so data can never open a tag.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

# Characters with inline meaning in CommonMark/GFM, escaped with a backslash. ``~``
# (strikethrough) and ``$`` (math on GitHub) become numeric references instead:
# Python-Markdown does not know ``\~`` and ``\$`` and would show the backslash, and a
# character reference is never markup in CommonMark.
_MD_SPECIAL = re.compile(r"[\\`*_\[\]]")
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_WS = re.compile(r"\s+")
_URL_SAFE_CHARS = ":/?#@!$&'*+,;=%~-._[]"
_URL_SAFE = re.compile(r"^[A-Za-z0-9" + re.escape(_URL_SAFE_CHARS) + r"]*$")
_ORDERED_START = re.compile(r"^(\d+)([.)])(?=\s|$)")
# Anything md_text would change; most titles and names contain none of it.
_NEEDS_WORK = re.compile(r"[\\`*_\[\]~$&<>|\n\r\t\f\v]|\s\s|^\s|\s$|^[#+=>\d-]")


class Md(str):
    """A string that is already Markdown and must not be escaped again."""


def md_text(value: object) -> Md:
    if isinstance(value, Md):
        return value
    text = str(value)
    if _NEEDS_WORK.search(text) is None:
        return Md(text)
    text = _WS.sub(" ", text).strip()
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = text.replace("<", "&lt;").replace(">", "&gt;").replace("|", "&#124;")
    text = text.replace("~", "&#126;").replace("$", "&#36;")
    text = _MD_SPECIAL.sub(r"\\\g<0>", text)
    # A leading character that would start a block (list, heading, quote) is escaped too.
    if text[:1] in "#+-":
        text = "\\" + text
    elif text[:1] == "=":  # a setext underline; Python-Markdown has no `\=` escape
        text = "&#61;" + text[1:]
    else:  # "1. " or "1) " would start an ordered list; "5.2 million" would not
        text = _ORDERED_START.sub(r"\1\\\2", text)
    return Md(text)


def md_sentence(value: object) -> Md:
    """Text and a closing full stop. After digits alone ("2023.") the stop would make the
    line an ordered list item, so it is escaped there."""
    text = md_text(value)
    return Md(f"{text}\\." if text.isdigit() else f"{text}.")


def md_url(value: object) -> Md:
    """A link target that cannot end the ``(...)`` early or break a table."""
    text = str(value)
    if _URL_SAFE.match(text):
        return Md(text)
    return Md(quote(text, safe=_URL_SAFE_CHARS))


def md_link(text: object, url: object) -> Md:
    return Md(f"[{md_text(text)}]({md_url(url)})")


def finalize(value: object) -> object:
    if value is None:
        raise ValueError("a template printed None; guard optional fields with {% if %}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return md_text(value)


def github_slug(heading: str) -> Md:
    """The anchor GitHub gives a heading: lower case, punctuation and emoji dropped, spaces to hyphens."""
    out = []
    for ch in heading.strip().lower():
        cat = unicodedata.category(ch)
        if ch in " -":
            out.append("-")
        elif ch == "_" or cat[0] in "LN" or cat == "Mn":
            out.append(ch)
    return Md("".join(out))
