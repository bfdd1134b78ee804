"""Writing a report's files, text and binary, all or nothing.

A report may have a PDF or a Word document beside its text files; they are written together
by :func:`panmun.files.write_files_atomic`, re-exported here for the report's commands.
"""

from __future__ import annotations

from panmun.files import write_files_atomic

__all__ = ["write_files_atomic"]
