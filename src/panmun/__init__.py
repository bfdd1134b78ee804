"""panmun: analyse peace processes, built first for the Korean Peninsula.

The package is split by capability: :mod:`panmun.scenario` (sourced actors, issues and
positions), :mod:`panmun.report` (the HTML report) and the engines that later issues add.
Importing :mod:`panmun` itself is cheap; heavy libraries load inside the sub-packages.
"""

__version__ = "0.1.0"
