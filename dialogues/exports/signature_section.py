"""The signature page: one block per organization that endorsed a recommendation in the document, with
its representative (named only with consent), the day it last endorsed, and which recommendations."""


def build(recommendations: list[dict]) -> list[dict]:
    blocks: dict[str, dict] = {}
    for r in recommendations:
        for e in r["endorsements"]:
            block = blocks.setdefault(e["organization"], {"organization": e["organization"], "recommendations": [],
                                                          "representative": e["representative"],
                                                          "endorsed_at": e["endorsed_at"]})
            block["recommendations"].append(r["number"])
            if e["endorsed_at"] >= block["endorsed_at"]:
                block["representative"], block["endorsed_at"] = e["representative"], e["endorsed_at"]
    return sorted(blocks.values(), key=lambda b: b["organization"].casefold())
