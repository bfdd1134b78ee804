r"""Readers for plain data files (no models, no numerics): CSV tables of one issue.

>>> from panmun.io import read_issue_csv_text
>>> read_issue_csv_text("Actor,Position,Salience,Capability\na,0,1,1\nb,10,0.5,1\n").actors
('a', 'b')
"""

from panmun.io.csv_issue import REQUIRED_COLUMNS, read_issue_csv, read_issue_csv_text

__all__ = ["REQUIRED_COLUMNS", "read_issue_csv", "read_issue_csv_text"]
