"""sanctionwatch: monitoring of UN sanctions regimes, the DPRK (1718) regime first.

The library API: every CLI command and API route calls one of these. Names are imported on first
use (PEP 562), so that ``import sanctionwatch`` and the CLI's help stay fast.
"""

from __future__ import annotations

from sanctionwatch._lazy import lazy_exports

__version__ = "0.1.0"

_EXPORTS = {
    "LoadResult": "sanctionwatch.lists.releases",
    "add_claim": "sanctionwatch.cases",
    "add_delivery": "sanctionwatch.trade",
    "check_trade": "sanctionwatch.trade",
    "import_deliveries": "sanctionwatch.trade",
    "import_trade": "sanctionwatch.trade",
    "open_trade_cases": "sanctionwatch.trade",
    "petroleum_tally": "sanctionwatch.trade",
    "rules_show": "sanctionwatch.trade",
    "add_evidence": "sanctionwatch.cases",
    "add_review": "sanctionwatch.cases",
    "attach_article": "sanctionwatch.media.evidence",
    "build_report": "sanctionwatch.reports",
    "case_dossier": "sanctionwatch.cases",
    "correct_claim": "sanctionwatch.cases",
    "corroboration": "sanctionwatch.cases",
    "link_to_case": "sanctionwatch.cases:link",
    "list_cases": "sanctionwatch.cases",
    "open_case": "sanctionwatch.cases",
    "open_cases_from_events": "sanctionwatch.monitor.casebuilder",
    "read_evidence": "sanctionwatch.cases",
    "record_reply": "sanctionwatch.cases",
    "run_monitoring": "sanctionwatch.monitor.run",
    "send_letter": "sanctionwatch.cases",
    "typologies": "sanctionwatch.cases",
    "verify_cases": "sanctionwatch.cases",
    "change_feed": "sanctionwatch.lists.history",
    "detect": "sanctionwatch.maritime.detect",
    "diff_releases": "sanctionwatch.lists.history",
    "export_csv": "sanctionwatch.lists.export",
    "export_ftm": "sanctionwatch.lists.export",
    "generate_scenario": "sanctionwatch.maritime.scenario:generate",
    "ingest_ais": "sanctionwatch.maritime.ingest:ingest",
    "list_releases": "sanctionwatch.lists.catalog",
    "list_stats": "sanctionwatch.lists.catalog",
    "load_lists": "sanctionwatch.lists.releases",
    "open_store": "sanctionwatch.store.database",
    "scan_media": "sanctionwatch.media.scan:scan",
    "score_scenario": "sanctionwatch.maritime.scenario:score",
    "show_entity": "sanctionwatch.lists.catalog",
    "update_lists": "sanctionwatch.lists.releases",
    "vessel_profile": "sanctionwatch.maritime.vessel",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
