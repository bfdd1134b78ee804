"""The application factory uvicorn runs for ``panmun serve`` (one call per worker process)."""

from __future__ import annotations

import os

from fastapi import FastAPI

from panmun.web.app import create_app


def app() -> FastAPI:
    """The platform over ``PANMUN_DB`` (or the default database)."""
    return create_app(os.environ.get("PANMUN_DB"))
