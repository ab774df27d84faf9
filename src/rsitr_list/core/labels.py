"""The words readers see for the data's terms, shared by every output."""

from __future__ import annotations

# Where a result's weights came from: the words readers see for each setting, and the
# compact mark a README board row carries (explained in the benchmark intro).
SETTINGS = {
    "no-vlp": "no vision-language pre-training",
    "general-vlp": "general-domain VLP (CLIP)",
    "rs-vlp": "remote-sensing VLP",
    "zero-shot": "zero-shot",
    "unstated": "not stated",
}
SETTING_MARKS = {"no-vlp": "🧱", "general-vlp": "🌐", "rs-vlp": "🛰️", "zero-shot": "🎯", "unstated": "❔"}
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
