"""The reader as this installation runs it: its status vocabulary and its unit registry."""

from __future__ import annotations

from ducha.bulletins.reader.document import ReadDocument
from ducha.bulletins.reader.read import read_bytes
from ducha.bulletins.reader.vocabulary import vocabulary_from_db
from ducha.org.queries import registry_is_empty, unit_problem


def read_upload(data: bytes, filename: str = "") -> ReadDocument:
    """Read a file with the installation's statuses; units are checked when a registry exists."""
    check = None if registry_is_empty() else unit_problem
    return read_bytes(data, filename, vocabulary_from_db(), unit_check=check)


def read_installation_text(text: str) -> ReadDocument:
    """Read text already extracted from an upload (the import's confirmation step)."""
    from ducha.bulletins.reader.read import read_text

    check = None if registry_is_empty() else unit_problem
    return read_text(text, vocabulary_from_db(), unit_check=check)


def extract_upload(data: bytes, filename: str = "") -> str:
    from ducha.bulletins.reader.inputs import extract_text

    return extract_text(data, filename)
