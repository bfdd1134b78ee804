"""Reading user files with one clear message when they cannot be read."""

from __future__ import annotations

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
        raise InputError([f"{p}: cannot be read ({exc.strerror})"]) from None
