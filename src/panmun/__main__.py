"""Allow ``python -m panmun``."""

from panmun.cli import main

main()
