"""Registry of detectors, in the order a run applies them. Each module holds one versioned detector."""

from __future__ import annotations

from importlib import import_module

from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime.detectors.base import DetectionContext, Detector, Param

_MODULES = {
    "gap": ("sanctionwatch.maritime.detectors.gap_v1", "GapV1"),
    "encounter": ("sanctionwatch.maritime.detectors.encounter_v1", "EncounterV1"),
    "loitering": ("sanctionwatch.maritime.detectors.loitering_v1", "LoiteringV1"),
    "port_visit": ("sanctionwatch.maritime.detectors.port_visit_v1", "PortVisitV1"),
    "zone_entry": ("sanctionwatch.maritime.detectors.zone_entry_v1", "ZoneEntryV1"),
    "identity": ("sanctionwatch.maritime.detectors.identity_v1", "IdentityV1"),
    "designated_vessel": ("sanctionwatch.maritime.detectors.designated_vessel_v1", "DesignatedVesselV1"),
}
NAMES = tuple(_MODULES)

__all__ = ["DetectionContext", "Detector", "Param", "NAMES", "get_detector", "all_detectors"]


def get_detector(name: str) -> Detector:
    key = name.strip().lower().replace("-", "_")
    for suffix in ("_v1",):
        if key.endswith(suffix):
            key = key[: -len(suffix)]
    try:
        module, cls = _MODULES[key]
    except KeyError:
        raise ConfigError(f"unknown detector {name!r} (known: {', '.join(NAMES)})") from None
    return getattr(import_module(module), cls)()


def all_detectors() -> list[Detector]:
    return [get_detector(name) for name in NAMES]
