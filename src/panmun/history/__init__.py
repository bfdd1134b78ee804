"""Where each issue stood, year by year: the sourced status-quo history (``data/history``).

:func:`shipped_history` reads it once; :func:`value_at` gives an issue's value at a date (the
latest point on or before it). The presets' status quo at their dates are points of this
history, so there is one truth for both (a test checks it).
"""

from panmun.history.records import HistoryPoint, IssueHistory, shipped_history, value_at

__all__ = ["HistoryPoint", "IssueHistory", "shipped_history", "value_at"]
