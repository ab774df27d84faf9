"""The Jinja environments: Markdown (escape by default) and HTML (autoescape)."""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..core.escape import finalize, github_slug, md_link, md_sentence, md_text, md_url


def markdown_env(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=md_text, url=md_url, link=md_link, slug=github_slug, sentence=md_sentence)
    return env
