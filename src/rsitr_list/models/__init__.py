"""Pydantic models: the one source of truth for the schema of data/."""

from .base import Record, RetiredLink
from .benchmark import ArchivedLeaderboard, Benchmark, BenchmarkRegistry
from .dataset import Citation, Dataset, Download, Split
from .listmeta import CategorySection, ListMeta, Section
from .paper import Category, Paper, PaperLinks
from .venue import Venue, VenueRegistry

__all__ = [
    "ArchivedLeaderboard",
    "Benchmark",
    "BenchmarkRegistry",
    "Category",
    "CategorySection",
    "Citation",
    "Dataset",
    "Download",
    "ListMeta",
    "Paper",
    "PaperLinks",
    "Record",
    "RetiredLink",
    "Section",
    "Split",
    "Venue",
    "VenueRegistry",
]
