"""CLI commands, one module per command group; imported by :mod:`panmun.cli`."""
