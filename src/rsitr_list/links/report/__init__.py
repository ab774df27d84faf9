"""The run's findings as text, Markdown and JSON; the progress bar drawn while it runs."""

from .formats import markdown, text, to_json

__all__ = ["markdown", "text", "to_json"]
