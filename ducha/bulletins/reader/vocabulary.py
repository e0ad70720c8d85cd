"""The synonym table: how bulletins write a status, and the installation's status it means."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ducha.review.enums import StatusMeaning

DEFAULT_SYNONYMS = Path(__file__).with_name("synonyms.toml")
# The roles the general rules for modified phrases need (see grammar.meaning), and the
# codes the default table gives them.
ROLES = {
    "done": StatusMeaning.COMPLETED.value,
    "on_schedule": StatusMeaning.ON_TRACK.value,
    "behind_schedule": StatusMeaning.NEEDS_EFFORT.value,
}


@dataclass(frozen=True)
class Synonyms:
    phrases: dict[str, str]  # phrase as written → status code
    roles: dict[str, str] = field(default_factory=lambda: dict(ROLES))


@dataclass(frozen=True)
class Vocabulary:
    phrases: dict[str, str]  # phrase as written → status code
    on_track: frozenset[str] = frozenset()
    roles: dict[str, str] = field(default_factory=lambda: dict(ROLES))

    def code(self, phrase: str) -> str | None:
        return self.phrases.get(phrase)

    @property
    def completed_code(self) -> str | None:
        return self.roles.get("done")

    @property
    def on_track_code(self) -> str | None:
        return self.roles.get("on_schedule")

    @property
    def lagging_code(self) -> str | None:
        return self.roles.get("behind_schedule")

    @cached_property
    def alternation(self) -> str:
        """A regex of the phrases, the longest at a position first (已完成 over 完成), written
        as a tree of their characters: the search skips to the first characters in C and
        never tries a hundred phrases at every position."""
        return phrase_tree(self.phrases) or "(?!)"


def phrase_tree(words: Iterable[str]) -> str:
    """A regex of words, the longest at a position first, as a tree of their characters."""
    return _tree(sorted(set(words)))


def _tree(words: list[str]) -> str:
    branches: dict[str, list[str]] = {}
    ends = False
    for word in words:
        if word:
            branches.setdefault(word[0], []).append(word[1:])
        else:
            ends = True
    if not branches:
        return ""
    parts = [re.escape(first) + _tree(rest) for first, rest in sorted(branches.items())]
    body = parts[0] if len(parts) == 1 and not ends else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if ends else body


def load_synonyms(path: Path | None = None) -> Synonyms:
    with (path or DEFAULT_SYNONYMS).open("rb") as handle:
        table = tomllib.load(handle)
    roles = {**ROLES, **table.pop("meaning", {})}
    phrases = {phrase: code for code, row in table.items() for phrase in row.get("phrases", [])}
    return Synonyms(phrases, roles)


def build_vocabulary(
    statuses: Iterable[tuple[str, str, bool]] = (), synonyms: Synonyms | None = None
) -> Vocabulary:
    """Synonyms plus the installation's own labels (code, label, is_on_track); labels win."""
    table = load_synonyms() if synonyms is None else synonyms
    phrases = dict(table.phrases)
    on_track = {StatusMeaning.COMPLETED.value, StatusMeaning.ON_TRACK.value}
    statuses = list(statuses)
    if statuses:
        on_track = {code for code, _, is_on_track in statuses if is_on_track}
    for code, label, _ in statuses:
        phrases[label] = code
    return Vocabulary(phrases, frozenset(on_track), dict(table.roles))


def vocabulary_from_db() -> Vocabulary:
    """The vocabulary of this installation: its statuses and the configured synonym table."""
    from django.conf import settings

    from ducha.review.models import Status

    path = settings.BULLETIN_STATUS_SYNONYMS
    synonyms = load_synonyms(Path(path) if path else None)
    rows = Status.objects.values_list("code", "label", "is_on_track")
    return build_vocabulary(list(rows), synonyms)
