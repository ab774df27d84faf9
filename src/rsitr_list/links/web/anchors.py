"""Find a fragment's target (`id="x"` or `<a name="x">`) in an HTML page read in chunks,
so reading stops as soon as the anchor is seen."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

# Fragments that never name an element: text fragments, single-page-app routes, PDF
# viewer parameters, HTML's implicit #top, and GitHub's line anchors (made by script).
_NOT_AN_ANCHOR = re.compile(r"^(?::~:|[/!]|page=|zoom=|top$|L\d+(?:C\d+)?(?:-L\d+(?:C\d+)?)?$)")


def checkable(fragment: str) -> bool:
    return bool(fragment) and not _NOT_AN_ANCHOR.match(fragment)


class AnchorScanner:
    """Feed chunks of HTML; `found` turns True once the anchor is seen."""

    _TAIL = 512  # bytes kept across chunks so an attribute split between two is still found

    def __init__(self, fragment: str, github: bool = False):
        name = unquote(fragment)
        variants = {name, html.escape(name, quote=True)}
        if github:  # GitHub prefixes ids in rendered Markdown with "user-content-"
            variants |= {"user-content-" + v for v in variants}
            variants |= {"user-content-" + v.lower() for v in variants}
        alternatives = b"|".join(re.escape(v.encode("utf-8")) for v in sorted(variants))
        self._pattern = re.compile(
            rb"""\b(?i:id|name)\s*=\s*(?:"(?:%s)"|'(?:%s)'|(?:%s)(?=[\s/>]))"""
            % (alternatives, alternatives, alternatives)
        )
        self._tail = b""
        self.found = False

    def feed(self, chunk: bytes) -> bool:
        if not self.found:
            window = self._tail + chunk
            if self._pattern.search(window):
                self.found = True
            self._tail = window[-self._TAIL :]
        return self.found
