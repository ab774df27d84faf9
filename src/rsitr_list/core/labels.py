"""The words readers see for the data's terms, shared by every output."""

from __future__ import annotations

# Result settings and kinds: filter values on the site, marks in the README.
SETTINGS = {"benchmark-only": "closed-domain", "extra-pretraining": "extra pre-training", "zero-shot": "zero-shot"}
KINDS = {"own": "own", "quoted": "quoted", "rerun": "re-run"}
# Column heads for the six recalls, in RECALLS order.
RECALL_LABELS = ("I→T R@1", "I→T R@5", "I→T R@10", "T→I R@1", "T→I R@5", "T→I R@10")
