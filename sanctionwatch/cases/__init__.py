"""Cases: incidents under a typology, built on hashed and graded evidence, corroborated claims, a right
of reply and a hash-chained audit trail.

Every writer appends its rows and their audit entries in one transaction; ``verify_cases`` re-hashes
the evidence files, walks the chain and compares each row with the state its latest entry recorded.
Names are imported on first use (PEP 562).
"""

from __future__ import annotations

from sanctionwatch._lazy import lazy_exports

_EXPORTS = {
    "typologies": "sanctionwatch.cases.catalogue",
    "get_typology": "sanctionwatch.cases.catalogue",
    "open_case": "sanctionwatch.cases.records",
    "list_cases": "sanctionwatch.cases.records",
    "get_case": "sanctionwatch.cases.records",
    "link": "sanctionwatch.cases.records",
    "add_evidence": "sanctionwatch.cases.evidence",
    "read_evidence": "sanctionwatch.cases.evidence",
    "get_evidence": "sanctionwatch.cases.evidence",
    "add_claim": "sanctionwatch.cases.claims",
    "attach_evidence": "sanctionwatch.cases.claims",
    "add_review": "sanctionwatch.cases.claims",
    "correct_claim": "sanctionwatch.cases.claims",
    "set_claim_status": "sanctionwatch.cases.claims",
    "send_letter": "sanctionwatch.cases.letters",
    "record_reply": "sanctionwatch.cases.letters",
    "corroboration": "sanctionwatch.cases.corroborate",
    "case_dossier": "sanctionwatch.cases.dossier",
    "verify_cases": "sanctionwatch.cases.verify",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
