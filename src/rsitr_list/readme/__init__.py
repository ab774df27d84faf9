"""README output: the derived list rendered to Markdown with templates/README.md.j2."""
