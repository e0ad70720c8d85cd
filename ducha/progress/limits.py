"""The bounds of what people type into the workflow, the same in the forms and the API.

Values of targets are decimals of at most 12 digits before the point and 2 after (the
columns are DECIMAL(14, 2)); texts have the lengths below.
"""

from __future__ import annotations

import decimal

NARRATIVE_MAX = 5000  # a unit's progress, the office's combined statement
REASON_MAX = 2000  # why a report is returned, a request is made or decided
NOTE_MAX = 2000  # the inspector's note on a rating
SUMMARY_MAX = 5000  # the work done, in a close-out request

VALUE_MAX_DIGITS = 14
VALUE_DECIMAL_PLACES = 2
VALUE_LIMIT = decimal.Decimal(10) ** (VALUE_MAX_DIGITS - VALUE_DECIMAL_PLACES)
