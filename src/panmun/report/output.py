"""Writing a report's files, text and binary, all or nothing.

:func:`panmun.files.write_texts_atomic` writes text files only; a report may also have a PDF
or a Word document. Here every file of one output is first written to a temporary file beside
its target, and only when all are written are they renamed into place, so a failure (a
read-only folder, a path under a file, a full disk) leaves no partial output behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from panmun.errors import InputError


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def write_files_atomic(files: Mapping[Path, str | bytes]) -> None:
    """Write several files together (``str`` as UTF-8 text, ``bytes`` as they are): all of
    them, or none.

    Raises
    ------
    InputError
        Naming the first path that cannot be written and why; nothing is left behind.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for target, content in files.items():
            p = Path(target)
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
                if p.is_dir():
                    raise InputError([f"{p}: is a folder, not a file"])
                fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=".tmp")
                staged.append((tmp, p))
                with os.fdopen(fd, "wb") as fh:
                    fh.write(content.encode("utf-8") if isinstance(content, str) else content)
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            except OSError as exc:
                raise InputError([f"{p}: cannot be written ({_reason(exc)})"]) from None
        for tmp, p in staged:
            try:
                os.replace(tmp, p)
            except OSError as exc:  # pragma: no cover - a rename beside its target rarely fails
                raise InputError([f"{p}: cannot be written ({_reason(exc)})"]) from None
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
