"""Ingest stage: read articles from files, directories, JSON Lines, HTML or stdin."""
from rasd.ingest.readers import Problem, read_paths

__all__ = ["Problem", "read_paths"]
