"""A scanned article attached to a case: the file as an evidence item, its mention groups as a link.

Grading rule (stated so a report can quote it): a press article starts at credibility 3 ("possibly
true": one report, not yet corroborated); a machine translation is one step lower (4, "doubtful"),
because its wording, and the spelling of the names in it, are not the publisher's own. Reliability is
the project default for a media source (C) unless the analyst gives another with a reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sanctionwatch.cases.evidence import add_evidence
from sanctionwatch.cases.records import link
from sanctionwatch.media.ingest import read_document
from sanctionwatch.media.link import DEFAULT_MIN_SCORE
from sanctionwatch.media.scan import scan_document
from sanctionwatch.screening.index import ScreeningIndex
from sanctionwatch.store import Store

BASE_CREDIBILITY = 3
MACHINE_TRANSLATION_STEP = 1
GRADING_RULE = ("press article: credibility 3 (one uncorroborated report); machine-translated: one step lower, "
                "because the wording and the spelling of names are not the publisher's own")


def credibility_for(machine_translated: bool, base: int = BASE_CREDIBILITY) -> int:
    return min(6, base + (MACHINE_TRANSLATION_STEP if machine_translated else 0))


def attach_article(path: str | Path, case_id: int | str, *, store: Store, index: ScreeningIndex | None = None,
                   min_score: float = DEFAULT_MIN_SCORE, reliability: str | None = None,
                   reliability_reason: str | None = None, base_credibility: int = BASE_CREDIBILITY,
                   actor: str | None = None) -> dict[str, Any]:
    """Add the article to the case as evidence (graded by the rule above) and link the case to it, the
    link carrying the mention groups and their list links as found now."""
    doc = read_document(path)
    if index is None:
        from sanctionwatch.screening.screener import current_index

        index = current_index(store)
    scanned = scan_document(doc, index, min_score=min_score)
    cred = credibility_for(doc.machine_translated, base_credibility)
    note = f"grading: {GRADING_RULE}"
    if doc.machine_translated:
        note += f"; the text says: {doc.machine_translation_note!r}"
    item = add_evidence(Path(path), kind="web_page" if doc.format == "html" else "document", source=doc.source,
                        source_kind="media", origin_chain=[doc.source], reliability=reliability,
                        reliability_reason=reliability_reason, credibility=cred, language=doc.language,
                        machine_translated=doc.machine_translated, title=doc.title, description=note,
                        captured_at=None, case_id=case_id, store=store, actor=actor)
    groups = [{"group": g["group"], "kind": g["kind"], "names": g["names"],
               "links": [{"id": c["id"], "caption": c["caption"], "reference": c["reference"], "score": c["score"],
                          "reasons": c["reasons"]} for c in g["links"]],
               "mentions": [{"text": m["text"], "start": m["start"], "end": m["end"]} for m in g["mentions"]]}
              for g in scanned["groups"] if g["kind"] != "surname"]
    case_link = link(case_id, "media", f"sha256:{doc.sha256}", label=doc.title or Path(path).name,
                     data={"evidence_id": item["id"], "language": doc.language,
                           "machine_translated": doc.machine_translated, "published": doc.published,
                           "releases": scanned["releases"], "min_score": min_score, "groups": groups},
                     store=store, actor=actor)
    return {"evidence": item, "link": case_link, "credibility_rule": GRADING_RULE, "scan": scanned}
