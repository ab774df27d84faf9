"""Exports: the derived list as data files (JSON, CSV, JSON Schemas) for other tools."""
