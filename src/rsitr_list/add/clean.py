"""Clean what publishers send: markup and entities in titles, all-caps titles, names.

Nothing is invented here: text is only stripped of markup, decoded, normalised (NFC)
and, for a title typed in capitals, given sensible title case.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from .errors import AddError

MAX_TITLE = 1000  # characters of raw markup; a real title with its JATS is far shorter
# Only text that looks like a tag is a tag, so "x < y" in a title survives.
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
# Markup whose text duplicates what is already there (TeX beside MathML).
_DUPLICATE = re.compile(
    r"<((?:mml:)?annotation(?:-xml)?|jats:tex-math|tex-math)\b[^<>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE
)
_INVISIBLE = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
_WS = re.compile(r"\s+")

SMALL_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "over",
        "per",
        "the",
        "to",
        "via",
        "vs",
        "with",
        "without",
    }
)
# Acronyms and names an all-caps title is likely to hold, in their usual spelling.
KNOWN_TOKENS = (
    "AI",
    "BERT",
    "CLIP",
    "CNN",
    "GAN",
    "GPT",
    "HSI",
    "IEEE",
    "LiDAR",
    "LLM",
    "LLMs",
    "MLLM",
    "RGB",
    "RS",
    "RSITR",
    "SAR",
    "UAV",
    "ViT",
    "VLM",
    "VLMs",
    "VQA",
    "2D",
    "3D",
)


def strip_markup(text: str) -> str:
    """Text without JATS, MathML or HTML tags and entities, on one line, NFC."""
    for _ in range(2):  # entities are sometimes escaped twice (&amp;lt;i&amp;gt;)
        text = _TAG.sub("", _DUPLICATE.sub("", text))
        text = html.unescape(text)
    text = _TAG.sub("", _DUPLICATE.sub("", text))
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text if c not in _INVISIBLE)
    return unicodedata.normalize("NFC", _WS.sub(" ", text).strip())


def _mostly_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha() and c.lower() != c.upper()]
    words = [w for w in re.findall(r"[^\W\d_]{2,}", text)]
    return len(words) >= 3 and len(letters) > 0 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _case_word(word: str, first: bool, known: dict[str, str]) -> str:
    if word.upper() in known:
        return known[word.upper()]
    if any(c.isdigit() for c in word):
        return word  # RS5M, 2D: codes keep their capitals
    parts = re.split(r"([-/–])", word)
    out = []
    for i, part in enumerate(parts):
        if part in ("-", "/", "–") or not part:
            out.append(part)
        elif part.upper() in known:
            out.append(known[part.upper()])
        elif not (first and i == 0) and i == 0 and part.lower() in SMALL_WORDS:
            out.append(part.lower())
        else:
            lower = part.lower()
            out.append(lower[:1].upper() + lower[1:])
    return "".join(out)


def title_case(text: str, keep: Iterable[str] = ()) -> str:
    """Title case for a title sent in capitals; acronyms in `keep` or KNOWN_TOKENS keep their spelling."""
    known = {t.upper(): t for t in (*KNOWN_TOKENS, *keep) if t}
    words = text.split(" ")
    out, first = [], True
    for word in words:
        m = re.match(r"^(\W*)(.*?)(\W*)$", word)
        lead, core, trail = m.groups() if m else ("", word, "")
        out.append(lead + (_case_word(core, first, known) if core else "") + trail)
        if core:
            first = trail.endswith((":", "?", "!", ".")) or word in ("-", "–", "—")
    return " ".join(out)


def clean_title(raw: str, keep: Iterable[str] = ()) -> str:
    if len(raw) > MAX_TITLE:
        raise AddError(
            f"the title the server sent is {len(raw)} characters long; that is not a title",
            "check the identifier, or add the record by hand",
        )
    text = strip_markup(raw)
    if _mostly_capitals(text):
        text = title_case(text, keep)
    return text


def clean_name(name: str) -> str:
    """An author's name without markup, NFC; a name in capitals (LIU Fan) in title case."""
    text = strip_markup(name)
    letters = [c for c in text if c.isalpha() and c.lower() != c.upper()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        text = " ".join("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")) for w in text.split(" "))
    return text
