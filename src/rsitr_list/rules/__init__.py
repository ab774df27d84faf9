"""Cross-record rules: one rule per module, each a function over the whole catalog.

A module defines ``RULE`` (its id), ``DESCRIPTION`` and ``check(catalog)``, which
yields Diagnostics. Adding a rule means adding a module here, listing it below,
and adding a fixture folder under tests/fixtures/rules/<rule-id>/.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

from ..catalog import Catalog
from ..diagnostics import Diagnostic
from . import (
    arxiv_mismatch,
    duplicate_arxiv,
    duplicate_doi,
    duplicate_id,
    duplicate_title,
    future_date,
    id_filename,
    result_duplicate,
    result_mr_mismatch,
    result_recall_order,
    result_recall_range,
    result_reference,
    result_setting_vlm,
    unknown_reference,
    unknown_venue,
)

RULES: list[ModuleType] = [
    duplicate_id,
    id_filename,
    duplicate_doi,
    duplicate_arxiv,
    duplicate_title,
    arxiv_mismatch,
    future_date,
    unknown_reference,
    unknown_venue,
    result_reference,
    result_recall_range,
    result_recall_order,
    result_duplicate,
    result_mr_mismatch,
    result_setting_vlm,
]


def run_all(catalog: Catalog) -> Iterator[Diagnostic]:
    for rule in RULES:
        yield from rule.check(catalog)
