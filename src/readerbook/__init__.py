"""readerbook: compile a folder of raw texts into a course reader (EPUB and PDF).

The Python API is the real interface; the command line is a thin layer on it::

    import readerbook
    result = readerbook.build("book.yaml")
    result.outputs["pdf"]
"""

from .diagnostics import Diagnostic, Diagnostics, ReaderbookError, Severity
from .manifest import Manifest, load_manifest
from .pipeline import BuildResult, build, check

__all__ = [
    "BuildResult",
    "Diagnostic",
    "Diagnostics",
    "Manifest",
    "ReaderbookError",
    "Severity",
    "build",
    "check",
    "load_manifest",
]
__version__ = "0.1.0"
