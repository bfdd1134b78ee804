"""Errors that carry user-facing problem lists.

Every loader and command turns bad input into an :class:`InputError` whose ``problems`` are
complete sentences naming the file, the field path and the value. The CLI prints one line per
problem and exits with code 2; nothing else is caught, so genuine bugs still surface.
"""

from __future__ import annotations

from collections.abc import Iterable


class InputError(Exception):
    """Bad user input: a file, a CLI argument or an API payload.

    Parameters
    ----------
    problems
        One message per problem, each naming where it is (file, field path) and the value.
    """

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("InputError needs at least one problem")
        super().__init__("\n".join(self.problems))
