"""Link checking: extract ► check (HTTP and identifier APIs, politely) ► cache ► report.

    extract      every URL, DOI and arXiv id of the records, with its file and field
    identifiers  which links are DOIs, arXiv ids or GitHub repositories in disguise
    fetch        one polite HTTP exchange (limits, retries, partial reads)
    check        the verdict on a URL (redirects, HEAD/GET, fragments, bot walls)
    doi, arxiv, github   identifier checks through their APIs
    ratelimit, schedule  politeness and the worker pool
    cache        results and failure history across runs
    internal     offline checks of README and site anchors
    run          one run end to end; report: text, Markdown, JSON
"""

from .config import LinkConfigError, LinkSettings, load_link_settings
from .run import Item, LinkReport, check_links, check_targets
from .verdicts import Outcome, Verdict

__all__ = ["Item", "LinkConfigError", "LinkReport", "LinkSettings", "Outcome", "Verdict", "check_links", "check_targets",
           "load_link_settings"]
