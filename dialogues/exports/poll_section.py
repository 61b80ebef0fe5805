"""The poll results section: every poll that was opened, in the order it was created. An open poll is
marked as such; its results are left out while the moderator hides them (the facilitation rule for
everyone but moderators), and a group's breakdown appears only where facilitation shows it."""
from ..facilitation.models import PollState
from ..facilitation.polls import polls_of, results, results_visible
from ..roundtable.models import Dialogue


def build(dialogue: Dialogue) -> list[dict]:
    polls = sorted(polls_of(dialogue, with_drafts=False), key=lambda p: p.id)
    counts = results(dialogue, [p for p in polls if results_visible(p)])
    return [{
        "id": p.id, "question": p.question, "kind": p.kind.value, "kind_label": p.kind.label,
        "state": p.state.value, "state_label": p.state.label, "open": p.state == PollState.OPEN,
        "closed_at": p.closed_at, "results": _results(counts[p.id]) if p.id in counts else None,
    } for p in polls]


def _results(summary: dict) -> dict:
    """Counts per option, and per stakeholder group where showing them singles nobody out; the other
    groups that voted or could have are named, without counts."""
    return {"voters": summary["voters"],
            "options": [{"label": o["label"], "count": o["count"], "percent": o["percent"]} for o in summary["options"]],
            "groups": [{"name": g["name"], "voters": g["voters"], "counts": g["counts"]} for g in summary["groups"]],
            "withheld": summary["withheld"]}
