"""The exceptions futureind raises.

Extraction over any ``str`` never raises. Errors are for callers and configuration::

    FutureindError                 base class of everything below
    ├── VocabularyError            a bad vocabulary / taxonomy / rules file (names file, entry, field)
    └── InputError (also ValueError)
        └── PublishedDateError     a ``published`` value that is not a date

Passing a non-``str`` text raises the built-in :class:`TypeError`, naming the type.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FutureindError", "InputError", "PublishedDateError", "VocabularyError"]


class FutureindError(Exception):
    """Base class of futureind's own exceptions."""


class VocabularyError(FutureindError):
    """A vocabulary, taxonomy or rules file is malformed.

    The message names the file, the entry and the field that are wrong; the same facts are
    available as attributes.
    """

    def __init__(
        self, message: str, *, file: str, entry: str | None = None, field: str | None = None
    ) -> None:
        where = file
        if entry:
            where += f", entry {entry}"
        if field:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")
        self.message = message
        self.file = file
        self.entry = entry
        self.field = field

    def __reduce__(self) -> tuple[Any, ...]:
        # keyword-only arguments: pickle (and so worker processes) rebuild it through a helper
        return (_vocabulary_error, (self.message, self.file, self.entry, self.field))


def _vocabulary_error(
    message: str, file: str, entry: str | None, field: str | None
) -> VocabularyError:
    return VocabularyError(message, file=file, entry=entry, field=field)


class InputError(FutureindError, ValueError):
    """An argument has the right type but an unusable value."""


class PublishedDateError(InputError):
    """A ``published`` argument could not be read as a date."""
