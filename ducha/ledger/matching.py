"""Which ledger item a name from a bulletin means: the item with that title, the item that
name was confirmed for before (an alias), or an item with a similar title — which the office
confirms before it is used. Names are compared by their core: without 关于…, a closing
工作/项目/建设, an ordinal in brackets (第三项), quotes and spacing.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ducha.ledger.models import WorkItem, WorkItemAlias

# Share of character pairs two core names have in common (Dice), from which an item is
# offered as the one a name means. 市区集中供热 ~ 市区集中供热工程 is 0.83; 脱贫攻坚 ~
# 教育脱贫攻坚 0.75; 大气环境治理 ~ 水环境治理 0.44.
SIMILAR = 0.6
_AROUND = re.compile(r"^关于|(?:工作|项目|建设|任务|事项|工程)$")
_ORDINAL = re.compile(r"\((?:第[^()]{1,6}项|[^()]{0,12}下同)\)$")
_NOISE = re.compile(r"[\s“”\"'《》〈〉]")
_CANDIDATES = 50


@dataclass(frozen=True)
class ItemMatch:
    item_id: int
    code: str
    title: str
    kind: str  # "title", "alias" or "similar"
    score: float  # 1.0 for a title or an alias


def core_name(name: str) -> str:
    """实施保障性安居工程(第二十六项) → 实施保障性安居; 关于大气环境治理工作 → 大气环境治理."""
    text = _NOISE.sub("", unicodedata.normalize("NFKC", name))
    text = _ORDINAL.sub("", text)
    previous = None
    while previous != text:
        previous, text = text, _AROUND.sub("", text)
    return text or previous


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the character pairs of two core names."""
    first, second = _pairs(a), _pairs(b)
    return 2 * len(first & second) / (len(first) + len(second))


class Ledger:
    """The items and aliases, indexed once for any number of names."""

    def __init__(self) -> None:
        self.items: dict[int, tuple[str, str]] = {}
        self.by_core: dict[str, list[int]] = defaultdict(list)
        self.by_alias: dict[str, list[int]] = defaultdict(list)
        self.by_pair: dict[str, set[int]] = defaultdict(set)
        self.cores: dict[int, str] = {}
        for pk, code, title in WorkItem.objects.values_list("pk", "code", "title"):
            core = core_name(title)
            self.items[pk] = (code, title)
            self.cores[pk] = core
            self.by_core[core].append(pk)
            for pair in _pairs(core):
                self.by_pair[pair].add(pk)
        for pk, name in WorkItemAlias.objects.values_list("item_id", "name"):
            self.by_alias[core_name(name)].append(pk)

    def match(self, name: str) -> ItemMatch | None:
        core = core_name(name)
        for kind, index in (("title", self.by_core), ("alias", self.by_alias)):
            found = sorted(set(index.get(core, ())))
            if len(found) == 1:
                return self._match(found[0], kind, 1.0)
        return self._similar(core)

    def _similar(self, core: str) -> ItemMatch | None:
        shared: Counter[int] = Counter()
        for pair in _pairs(core):
            shared.update(self.by_pair.get(pair, ()))
        # The items sharing the most pairs; a common pair (建设) alone brings thousands.
        candidates = [pk for pk, _ in shared.most_common(_CANDIDATES)]
        scored = sorted(((similarity(core, self.cores[pk]), pk) for pk in candidates), reverse=True)
        if not scored or scored[0][0] < SIMILAR:
            return None
        # Two items equally close: offer the first; the office sees the score and decides.
        score, pk = scored[0]
        return self._match(pk, "similar", round(score, 2))

    def run_together(self, name: str) -> list[str]:
        """The ledger's titles a name holds two or more of (秸秆禁烧和防汛准备加快郑许融合
        发展加快重点项目建设…): items written together without a mark between them."""
        core = core_name(name)
        if len(core) < 8:
            return []
        found = [
            self.items[pk][1]
            for pk, item in self.cores.items()
            if len(item) >= 4 and item != core and item in core
        ]
        return found if len(found) >= 2 else []

    def _match(self, pk: int, kind: str, score: float) -> ItemMatch:
        code, title = self.items[pk]
        return ItemMatch(pk, code, title, kind, score)


def match_items(names: Iterable[str]) -> tuple[dict[str, ItemMatch | None], dict[str, list[str]]]:
    """Each name's match, and the names that run several ledger items together."""
    ledger = Ledger()
    matches = {name: ledger.match(name) for name in names}
    together = {
        name: found
        for name, match in matches.items()
        if match is None and (found := ledger.run_together(name))
    }
    return matches, together
