"""Consensus across stakeholder groups: a pure function over stance counts (no database here).

Reading of the rules (issue 4):

* In a group, ``stances`` = support + support with reservations + oppose. Abstentions are kept
  for display but count in neither the numerator nor the denominator.
* ``supports`` = support + support with reservations.
* ``p`` = (supports + 1) / (stances + 2): the support share with a uniform prior, so one lone
  supporter gives 2/3, not 100 %, and a group with no stances sits at 1/2.
* A group *participates* when it has at least one stance in that sense (abstaining only does not
  count). The joint-support ``score`` is the geometric mean of ``p`` over participating groups
  (None when none participates); the ``weakest`` group is the participating group with the lowest
  ``p`` (ties: the first in the dialogue's group order).
* Verdict, first match wins:
  ``contested`` — in some group, oppose > stances / 2 (no minimum needed to raise an alarm);
  ``insufficient`` — no group participates, or some participating group has fewer than
  ``min_stances``;
  ``joint`` — every participating group has supports > stances / 2 (and, by now, enough stances);
  ``divided`` — enough stances, but some group has no majority either way (a tie, say).
"""
from dataclasses import dataclass, field
from math import prod

from flask_babel import lazy_gettext as _l

JOINT, CONTESTED, INSUFFICIENT, DIVIDED = "joint", "contested", "insufficient", "divided"
VERDICT_LABELS = {JOINT: _l("Joint"), CONTESTED: _l("Contested"), INSUFFICIENT: _l("Too few stances"),
                  DIVIDED: _l("Divided")}


@dataclass(frozen=True)
class Counts:
    support: int = 0
    reservations: int = 0
    oppose: int = 0
    abstain: int = 0

    @property
    def supports(self) -> int:
        return self.support + self.reservations

    @property
    def stances(self) -> int:
        return self.support + self.reservations + self.oppose

    @property
    def p(self) -> float:
        return (self.supports + 1) / (self.stances + 2)

    @property
    def majority_support(self) -> bool:
        return 2 * self.supports > self.stances

    @property
    def majority_oppose(self) -> bool:
        return 2 * self.oppose > self.stances

    @property
    def level(self) -> int:
        """0 (no stances) and 1–4 by support share: the colour of a matrix cell."""
        if not self.stances:
            return 0
        share = self.supports / self.stances
        return 1 + min(3, int(share * 4))

    def as_dict(self) -> dict:
        return {"support": self.support, "reservations": self.reservations, "oppose": self.oppose,
                "abstain": self.abstain, "stances": self.stances, "p": round(self.p, 4), "level": self.level}


@dataclass(frozen=True)
class Consensus:
    cells: dict[int, Counts]  # group id → counts, every group of the dialogue
    verdict: str
    score: float | None
    weakest: int | None  # group id
    participating: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"verdict": self.verdict, "score": None if self.score is None else round(self.score, 4),
                "weakest_group_id": self.weakest}


def consensus(cells: dict[int, Counts], group_order: list[int], min_stances: int) -> Consensus:
    """The figures for one recommendation, given every group's counts in the dialogue's order."""
    cells = {gid: cells.get(gid, Counts()) for gid in group_order}
    taking_part = [gid for gid in group_order if cells[gid].stances]
    score = prod(cells[g].p for g in taking_part) ** (1 / len(taking_part)) if taking_part else None
    weakest = min(taking_part, key=lambda g: cells[g].p) if taking_part else None  # min keeps the first tie
    if any(cells[g].majority_oppose for g in taking_part):
        verdict = CONTESTED
    elif not taking_part or any(cells[g].stances < min_stances for g in taking_part):
        verdict = INSUFFICIENT
    elif all(cells[g].majority_support for g in taking_part):
        verdict = JOINT
    else:
        verdict = DIVIDED
    return Consensus(cells=cells, verdict=verdict, score=score, weakest=weakest, participating=taking_part)
