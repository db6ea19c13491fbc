"""Errors a user can act on.

A :class:`HandoutError` carries a one-line message that names the file, the
field and what is wrong. The CLI prints it and exits with status 2; anything
else is a bug and may show a traceback.
"""


class HandoutError(Exception):
    """A mistake in the user's input (a file, a field, an option)."""

    exit_code = 2

    def __init__(self, message: str, *, file=None, field=None):
        self.file = str(file) if file is not None else None
        self.field = field
        self.detail = message
        where = ""
        if self.file and self.field:
            where = f"{self.file}: {self.field}: "
        elif self.file:
            where = f"{self.file}: "
        elif self.field:
            where = f"{self.field}: "
        super().__init__(where + message)


class PageLimitError(HandoutError):
    """The content does not fit the page limit of the chosen length."""
