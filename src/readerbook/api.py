"""The Python API in one place (the command line is a thin layer on it)."""

from .pipeline import build, check, load_book, normalize_file

__all__ = ["build", "check", "load_book", "normalize_file"]
