"""The words readers see for the data's terms, shared by every output."""

from __future__ import annotations

# Where a result's model weights came from: filter values on the site, marks on every board.
# Order matters: filters, legends and chart series follow it.
SETTINGS = {
    "no-vlp": "no VLP",
    "general-vlp": "general-domain VLP",
    "rs-vlp": "remote-sensing VLP",
    "zero-shot": "zero-shot",
    "unstated": "not stated",
}
# The same, in a sentence: legends and tooltips.
SETTING_HELP = {
    "no-vlp": "no vision-language pre-training: separate image and text encoders trained on the benchmark",
    "general-vlp": "initialised from general-domain vision-language weights (CLIP, OpenAI, LAION), "
    "then trained on the benchmark",
    "rs-vlp": "remote-sensing vision-language weights or data (RS5M/GeoRSCLIP, RemoteCLIP's data, SkyScript)",
    "zero-shot": "never trained on the benchmark",
    "unstated": "the sources do not say where the weights came from",
}
# Compact marks for a table cell, a few characters each, explained by a legend.
SETTING_MARKS = {
    "no-vlp": "no VLP",
    "general-vlp": "gen VLP",
    "rs-vlp": "RS VLP",
    "zero-shot": "0-shot",
    "unstated": "?",
}
UNSTATED = "unstated"


def setting_key(value: str | None) -> str:
    """The SETTINGS key a row is filed under: a row that records no setting is "not stated"."""
    return value if value in SETTINGS else UNSTATED


# The same marks as one symbol each, for the README's narrow method cells (GitHub shows
# no tooltips there; the benchmark intro lists them with the words above).
SETTING_EMOJI = {"no-vlp": "🧱", "general-vlp": "🌐", "rs-vlp": "🛰️", "zero-shot": "🎯", "unstated": "❔"}
KINDS = {"own": "own", "quoted": "quoted", "rerun": "re-run"}
# The six recalls, in RECALLS order: short column heads, and names for sentences
# (papers say "text retrieval" or "image-query-text" for image→text).
RECALL_LABELS = ("I→T R@1", "I→T R@5", "I→T R@10", "T→I R@1", "T→I R@5", "T→I R@10")
RECALL_NAMES = {
    "i2t_r1": "image→text R@1",
    "i2t_r5": "image→text R@5",
    "i2t_r10": "image→text R@10",
    "t2i_r1": "text→image R@1",
    "t2i_r5": "text→image R@5",
    "t2i_r10": "text→image R@10",
    "mR": "mR",
}
