"""Concurrent writers lose nothing: several processes' worth of importers, each with its own
engine, write at the same time, citing the same sources."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

from panmun.knowledge.api import KnowledgeBase

WRITERS = 6
ROUNDS = 3
SHARED = {"id": "shared-source", "title": "Shared", "author": "Several", "date": "2025"}


def _batch(writer: int, rnd: int) -> dict[str, object]:
    entries = [
        {
            "kind": "event",
            "id": f"w{writer}-r{rnd}-e{k}",
            "title": f"Writer {writer} round {rnd} event {k}",
            "date": f"2025-0{1 + k}-1{writer}",
            "summary": f"Concurrent write number {writer}-{rnd}-{k}.",
            "event_type": "statement",
            "related": ["armistice-1953"],
            "sources": ["shared-source", "un-command-armistice-agreement-1953"],
            "date_source": "shared-source",
        }
        for k in range(3)
    ]
    # every writer also re-sends the shared source, so the upserts of it collide
    return {"entries": entries, "sources": [SHARED | {"note": f"last written by {writer}"}]}


def test_concurrent_writers_lose_nothing(
    seeded_url: str, open_kb: Callable[..., KnowledgeBase], tmp_path: Path
) -> None:
    open_kb(seeded_url)  # make sure the schema and shipped records exist first
    errors: list[BaseException] = []
    barrier = threading.Barrier(WRITERS)

    def write(writer: int) -> None:
        try:
            with KnowledgeBase.open(seeded_url) as kb:
                barrier.wait(timeout=30)
                for rnd in range(ROUNDS):
                    path = tmp_path / f"w{writer}-r{rnd}.json"
                    path.write_text(json.dumps(_batch(writer, rnd)), encoding="utf-8")
                    kb.import_file(path)
        except BaseException as exc:  # re-raised in the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    kb = open_kb(seeded_url)
    ids = {i.id for i in kb.timeline(start="2025-01-01", kind="event")}
    expected = {f"w{w}-r{r}-e{k}" for w in range(WRITERS) for r in range(ROUNDS) for k in range(3)}
    assert expected <= ids
    assert {h.id for h in kb.search("Concurrent write", limit=500)} >= expected
    shared = kb.show("shared-source")
    assert shared.note is not None and shared.note.startswith("last written by")  # type: ignore[union-attr]
