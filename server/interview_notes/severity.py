"""Severities, numbered as the Language Server Protocol numbers them."""

from enum import IntEnum


class Severity(IntEnum):
    ERROR = 1
    WARNING = 2
    INFORMATION = 3
    HINT = 4

    @property
    def label(self) -> str:
        return self.name.lower()
