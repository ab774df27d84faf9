"""Link checking: plan ► cache ► fetch ► judge, each step a function returning its result.

    extract      every URL, DOI and arXiv id of the records, with its file and field
    plan         what to verify for each link, and how (HTTP, or an identifier's API)
    cache        results and failure history across runs
    run          one run end to end: plan, reuse the cache, fetch the rest, judge
    internal     offline checks of README and site anchors
    config       [tool.rsitr-list.links]: the settings model (no network imports)
    net/         one polite HTTP exchange: session, limits, scheduling, retries, bounded reads
    ids/         identifiers inside links, and their APIs: DOI, arXiv, GitHub
    web/         the verdict on a page: redirects, HEAD/GET, bot walls, #anchors
    report/      text, Markdown and JSON reports; the progress bar

This package imports nothing on its own, so `settings.py` can read `config` without
loading the network stack.
"""
