"""Helpers of the browser tests: find Debian's chromium, run ``panmun serve`` as a real
server process on a free port, and write the documentation screenshots.

Nothing here imports Playwright, so the module loads (and the browser tests skip cleanly)
where Playwright is not installed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

#: Chromium flags for a sandbox-less, offline machine. Without the background-networking
#: flags chromium tries to reach Google at start and logs failures.
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Where the screenshots of the documentation go (overwritten on each run).
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def find_chromium() -> str | None:
    """The system chromium (``scripts/ensure-chromium.sh`` installs it), or ``None``."""
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PanmunServer:
    """``panmun serve`` over a SQLite file in ``folder``, run as a subprocess.

    Parameters
    ----------
    folder
        Holds the database, the data folder (``PANMUN_DATA_DIR``) and the server's log.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db = f"sqlite:///{folder / 'web.sqlite3'}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / "server.log"
        self.env = {k: v for k, v in os.environ.items() if k != "PANMUN_DB"}
        self.env["PANMUN_DATA_DIR"] = str(folder / "data")
        self.proc: subprocess.Popen[bytes] | None = None

    def _panmun(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "panmun", *args]

    def add_user(self, name: str, password: str, role: str) -> None:
        """``panmun users add`` with the password on standard input."""
        done = subprocess.run(
            self._panmun("users", "add", name, "--role", role, "--db", self.db),
            input=password + "\n",
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"panmun users add {name} failed:\n{done.stdout}{done.stderr}")

    def start(self, timeout: float = 60.0) -> None:
        """Start the server and wait until ``/healthz`` answers."""
        command = self._panmun("serve", "--host", "127.0.0.1", "--port", str(self.port))
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [*command, "--db", self.db],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"panmun serve exited ({self.proc.returncode}):\n{self.output()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            f"panmun serve: no answer on /healthz in {timeout:.0f} s:\n{self.output()}"
        )

    def output(self) -> str:
        """What the server wrote so far."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        """Terminate the server (kill it if it does not stop within 10 s)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


def screenshot(page: Any, name: str) -> Path:
    """Save what the viewport shows as ``docs/screenshots/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False, animations="disabled", caret="hide")
    return path


def scroll_to_top(locator: Any, margin: int = 16) -> None:
    """Scroll the page so that ``locator``'s element starts ``margin`` px below the top."""
    locator.evaluate(
        "(el, margin) => window.scrollTo(0,"
        " el.getBoundingClientRect().top + window.scrollY - margin)",
        margin,
    )
