"""Diagnostics: stable codes, severities and source locations.

Every problem readerbook reports is a :class:`Diagnostic`.  Codes are stable
(``RB1xx`` manifest, ``RB2xx`` source texts, ``RB3xx`` normalization,
``RB4xx`` notes, ``RB5xx`` editorial data, ``RB6xx`` output, ``RB7xx`` the
build's worker processes) so that an editor
can search for them in the README.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2


class ErrorKind(enum.Enum):
    """Which exit code an error maps to."""

    CONTENT = 1  # the texts or editorial data are wrong
    CONFIG = 2  # book.yaml or the command line is wrong


@dataclass(frozen=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    place: str | None = None  # where in a PDF or web page ("p. 3, line 12", "body/div[2]/p[5]"), when not a line

    @property
    def location(self) -> str:
        if not self.path:
            return ""
        loc = self.path
        if self.place:
            return f"{loc} ({self.place})"
        if self.line is not None:
            loc += f":{self.line}"
            if self.column is not None:
                loc += f":{self.column}"
        return loc

    def format(self) -> str:
        where = self.location
        head = f"{where}: " if where else ""
        text = f"{head}{self.severity.name.lower()} {self.code}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


@dataclass
class Diagnostics:
    """An ordered collection of diagnostics, shared by the stages of a build."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def error(self, code: str, message: str, **where) -> None:
        self.add(Diagnostic(code, Severity.ERROR, message, **where))

    def warning(self, code: str, message: str, **where) -> None:
        self.add(Diagnostic(code, Severity.WARNING, message, **where))

    def info(self, code: str, message: str, **where) -> None:
        self.add(Diagnostic(code, Severity.INFO, message, **where))

    def extend(self, other: Diagnostics | list[Diagnostic]) -> None:
        self.items.extend(other.items if isinstance(other, Diagnostics) else other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class ReaderbookError(Exception):
    """Raised to abort a build; carries every diagnostic collected so far."""

    def __init__(self, diagnostics: list[Diagnostic], kind: ErrorKind = ErrorKind.CONTENT):
        self.diagnostics = list(diagnostics)
        self.kind = kind
        super().__init__("\n".join(d.format() for d in self.diagnostics))

    @property
    def exit_code(self) -> int:
        return self.kind.value
