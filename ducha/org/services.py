"""Use cases on the registry of units and leaders: one rule for a name met nowhere in it."""

from __future__ import annotations

from ducha.core.services import Actor, save_audited
from ducha.org.models import Leader, Unit

# A leader a file names without a position is a city leader of unknown rank.
DEFAULT_LEADER_TITLE = "市领导"


def create_unknown_unit(name: str, *, actor: Actor) -> Unit:
    """A unit an import names that the registry lacks: the name as given, also as its short
    name (cut to the fields' lengths), to be completed in the admin."""
    return save_audited(Unit(name=name[:100], short_name=name[:50]), actor=actor)


def create_unknown_leader(name: str, title: str, *, actor: Actor) -> Leader:
    """A leader an import names that the registry lacks, ranked after every known leader."""
    last = Leader.objects.order_by("-precedence").values_list("precedence", flat=True).first()
    leader = Leader(
        name=name[:20], title=(title or DEFAULT_LEADER_TITLE)[:30], precedence=(last or 0) + 10
    )
    return save_audited(leader, actor=actor)
