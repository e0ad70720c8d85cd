"""The bulletin reader: legacy text (txt, saved web page, Word) → document, findings.

Steps: inputs (bytes → text) → normalise (half-width, offsets kept) → page (chrome and
metadata) → structure (numbered tree) → facts (counts, examples, highlights,
recommendations) → lint (defects). `read_bulletin` runs them all and never raises on text.
"""

from __future__ import annotations

from ducha.bulletins.reader.document import Finding, ReadDocument
from ducha.bulletins.reader.read import read_bytes, read_text

__all__ = ["Finding", "ReadDocument", "read_bytes", "read_text"]
