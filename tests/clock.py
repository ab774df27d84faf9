"""The day the tests' fixed clock shows (expected outputs that depend on the date are written for it).

A module of its own, not conftest: tests/browser has a conftest too, so `from conftest
import ...` can find the wrong one when the whole suite runs.
"""

import datetime as dt

TODAY = dt.date(2026, 6, 15)
