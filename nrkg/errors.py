"""Errors with stable IDs.

Every error the project raises on purpose is an :class:`NrkgError` with a kebab-case ``error_id``
that has a heading in ``docs/errors.md``. The CLI prints ``error[ID]: message`` plus a hint, without
a traceback unless ``-v``, and exits with ``exit_code``: 2 for usage or input errors, 1 for a failed
check (:class:`CheckFailed`).
"""

from __future__ import annotations

DOCS = "docs/errors.md"


class NrkgError(Exception):
    exit_code = 2

    def __init__(self, error_id: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.error_id = error_id
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message

    def render(self) -> str:
        text = f"error[{self.error_id}]: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        text += f"\n  see: {DOCS}#{self.error_id}"
        return text


class CheckFailed(NrkgError):
    """The data or a query failed a check: validation, a violation query, load verification."""

    exit_code = 1


class SourceSyntaxError(NrkgError):
    """A source file that does not parse; carries file, line and column."""

    def __init__(self, path: str, line: int | None, column: int | None, detail: str, token: str | None = None):
        where = path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        message = f"{where}: {detail}"
        if token:
            message += f" (near {token!r})"
        super().__init__("source-syntax", message, "fix the file at that position and run the command again")
        self.path, self.line, self.column, self.token = path, line, column, token
