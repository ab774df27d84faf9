"""The website: an MkDocs Material site generated from the same catalog as the README."""
