"""The one error `add` raises for anything a contributor or a server got wrong."""

from __future__ import annotations


class AddError(Exception):
    """A problem to report as a message (and a hint), never as a traceback."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def format(self) -> str:
        return f"error: {self.message}" + (f"\n  hint: {self.hint}" if self.hint else "")
