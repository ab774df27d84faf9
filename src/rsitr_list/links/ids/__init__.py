"""Identifiers inside links, and the APIs that verify them: DOI, arXiv, GitHub."""
