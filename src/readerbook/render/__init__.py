"""Rendering: one XHTML writer (xhtml.py) shared by the EPUB and the PDF."""
