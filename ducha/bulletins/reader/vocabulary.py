"""The synonym table: how bulletins write a status, and the installation's status it means."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

DEFAULT_SYNONYMS = Path(__file__).with_name("synonyms.toml")


@dataclass(frozen=True)
class Vocabulary:
    phrases: dict[str, str]  # phrase as written → status code
    on_track: frozenset[str] = frozenset()

    def code(self, phrase: str) -> str | None:
        return self.phrases.get(phrase)

    @cached_property
    def alternation(self) -> str:
        """A regex alternation of the phrases, longest first, so 已完成 wins over 完成."""
        ordered = sorted(self.phrases, key=len, reverse=True)
        return "|".join(re.escape(phrase) for phrase in ordered) or "(?!)"


def load_synonyms(path: Path | None = None) -> dict[str, str]:
    with (path or DEFAULT_SYNONYMS).open("rb") as handle:
        table = tomllib.load(handle)
    return {phrase: code for code, row in table.items() for phrase in row.get("phrases", [])}


def build_vocabulary(
    statuses: Iterable[tuple[str, str, bool]] = (), synonyms: dict[str, str] | None = None
) -> Vocabulary:
    """Synonyms plus the installation's own labels (code, label, is_on_track); labels win."""
    phrases = dict(load_synonyms() if synonyms is None else synonyms)
    on_track = {"completed", "on_track"}
    statuses = list(statuses)
    if statuses:
        on_track = {code for code, _, is_on_track in statuses if is_on_track}
    for code, label, _ in statuses:
        phrases[label] = code
    return Vocabulary(phrases, frozenset(on_track))


def vocabulary_from_db() -> Vocabulary:
    """The vocabulary of this installation: its statuses and the configured synonym table."""
    from django.conf import settings

    from ducha.review.models import Status

    path = getattr(settings, "BULLETIN_STATUS_SYNONYMS", None)
    synonyms = load_synonyms(Path(path) if path else None)
    rows = Status.objects.values_list("code", "label", "is_on_track")
    return build_vocabulary(list(rows), synonyms)
