"""Reading and writing user files with one clear message when it cannot be done.

Reads name the file and why it failed. Writes are all or nothing: every file of one output
is first written to a temporary file beside its target, and only when all of them are
written are they renamed into place, so a failure leaves no partial output behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from panmun.errors import InputError


def read_text_file(path: str | Path, encoding: str = "utf-8") -> str:
    """Return a text file's contents, or raise :class:`InputError` naming the file and why."""
    p = Path(path)
    if not p.exists():
        raise InputError([f"{p}: no such file"])
    if p.is_dir():
        raise InputError([f"{p}: is a folder, not a file"])
    try:
        return p.read_text(encoding=encoding)
    except UnicodeDecodeError:
        raise InputError([f"{p}: not a UTF-8 text file"]) from None
    except OSError as exc:
        raise InputError([f"{p}: cannot be read ({exc.strerror or exc})"]) from None


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def write_files_atomic(
    files: Mapping[str | Path, str | bytes] | Mapping[Path, str | bytes],
) -> None:
    """Write several files together (``str`` as UTF-8 text, ``bytes`` as they are): all of
    them, or none.

    Raises
    ------
    InputError
        Naming the first path that cannot be written and why (a read-only folder, a path
        inside a file or a pseudo file system, a full disk); nothing is left behind.
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


def write_texts_atomic(files: Mapping[str | Path, str]) -> None:
    """Write several text files together: all of them, or none (see
    :func:`write_files_atomic`)."""
    write_files_atomic(dict(files))


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write one text file whole or not at all (temporary file, then rename)."""
    write_texts_atomic({path: text})
