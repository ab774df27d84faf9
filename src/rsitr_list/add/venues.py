"""Match a publisher's venue to data/venues.yaml: by ISSN, then by name or short name."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

from ..models import Venue
from .errors import AddError

_ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th)\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_PARENS = re.compile(r"\(([^()]*)\)")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"^(?:proceedings of (?:the )?|the )", "", text.strip())
    text = _YEAR.sub(" ", _ORDINAL.sub(" ", text))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _candidates(name: str) -> set[str]:
    """The forms a container title takes: "IGARSS 2022 - 2022 IEEE International ... (IGARSS)"."""
    forms = {name}
    for part in re.split(r"\s+[-–—:]\s+", name):
        forms.add(part)
    for text in list(forms):  # a copy: the loop adds to the set
        forms.add(_PARENS.sub(" ", text))
        forms.update(_PARENS.findall(text))
    return {n for n in (_norm(f) for f in forms) if n}


def match_venue(venues: Iterable[Venue], names: Iterable[str], issns: Iterable[str] = ()) -> Venue | None:
    venues = list(venues)
    wanted_issn = {i.strip().upper() for i in issns}
    for v in venues:
        if wanted_issn & {i.upper() for i in v.issn}:
            return v
    forms: set[str] = set()
    for n in names:
        forms |= _candidates(n)
    for v in venues:
        if {_norm(v.name), _norm(v.short), _norm(_PARENS.sub(" ", v.name))} & forms:
            return v
    return None


def unknown_venue(venues: Iterable[Venue], names: list[str], issns: list[str]) -> AddError:
    """The message for a venue that is not in venues.yaml: what was sent, the closest ones, how to add it."""
    venues = list(venues)
    sent = names[0] if names else "(no venue name)"
    labels = {
        f"{v.id} ({v.name})": max(
            (difflib.SequenceMatcher(None, _norm(v.name), f).ratio() for f in _candidates(sent) or {""}), default=0.0
        )
        for v in venues
    }
    closest = [k for k, _ in sorted(labels.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]
    issn = f" (ISSN {', '.join(issns)})" if issns else ""
    return AddError(
        f"the venue '{sent}'{issn} is not in data/venues.yaml; closest: {'; '.join(closest) or 'none'}",
        "if it is one of those, pass --venue ID; otherwise add it to data/venues.yaml "
        "(id, short, name, kind: journal|conference|workshop|preprint, and its issn list) and run again",
    )
