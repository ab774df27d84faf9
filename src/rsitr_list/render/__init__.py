"""Render stage: typed catalog in, file contents out. Only write.py touches the disk."""
