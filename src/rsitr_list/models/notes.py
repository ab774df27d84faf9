"""The two notes a record may carry: one for readers, one for the list's maintainers.

`note` is rendered (README, website, exports); `curation_note` never is. Bookkeeping
(provenance, what was checked against what, leads not yet confirmed) goes in the
curation note, so readers see only what they need to compare or cite a record.
`tests/test_notes.py` keeps maintainer vocabulary out of the reader notes.
"""

from __future__ import annotations

NOTE_HELP = (
    "Shown to readers: caveats a reader needs to compare or cite correctly (e.g. a misprint in the "
    "source, a count that older listings swap, an author list that may be incomplete)."
)
CURATION_NOTE_HELP = (
    "For maintainers: provenance, what was checked and against what, leads not yet confirmed. "
    "Kept in the data, never rendered."
)
