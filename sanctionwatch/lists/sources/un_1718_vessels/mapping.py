"""One row of the 1718 vessels table -> a Vessel, its Sanction(s), and a Designation."""

from __future__ import annotations

import re
from datetime import date, datetime

from followthemoney import StatementEntity

from sanctionwatch.lists.parsed import Designation, ParseReport
from sanctionwatch.lists.sources.un_1718_vessels.rows import MEASURES, SHORT_TO_COLUMN, Row
from sanctionwatch.model.entities import EntityFactory, make_id, vessel_id

AUTHORITY = "UN Security Council 1718 Committee"
PROGRAM = "DPRK"
ID_PREFIX = "un1718"
NULLS = frozenset({"", "na", "n/a", "-0-", "none", "-"})
_HEADINGS = {column: heading for column, _, heading in MEASURES}
_OMM_COLUMN = "measure_omm_economic_resource_KPe020"
_OMM = "Ocean Maritime Management (KPe.020)"
# The PDF numbers history cells "1: ... 2: ..." and sometimes "1. ..." ("1. Kiribati 2: Cambodia").
_NUMBERED = re.compile(r"(?:^|\s)(\d{1,2})\s*[.:]\s+")


def null(value: str | None) -> bool:
    return value is None or value.strip().lower() in NULLS


def imo_digits(text: str) -> str | None:
    """The 7 IMO digits when the check digit holds (weights 7..2 over the first six digits)."""
    value = text.strip().upper().removeprefix("IMO").strip()
    if len(value) != 7 or not value.isdigit():
        return None
    check = sum(int(d) * w for d, w in zip(value[:6], range(7, 1, -1))) % 10
    return value if check == int(value[6]) else None


def valid_mmsi(text: str) -> bool:
    return len(text) == 9 and text.isdigit()


def split_history(cell: str) -> tuple[list[str], bool]:
    """Items of a numbered history cell, and whether the numbering ran 1, 2, 3... in order."""
    text = cell.strip()
    parts = _NUMBERED.split(text)
    if len(parts) == 1:
        return ([text] if text else []), True
    lead = parts[0].strip()
    numbers = [int(n) for n in parts[1::2]]
    items = ([lead] if lead else []) + [p.strip() for p in parts[2::2] if p.strip()]
    return items, not lead and numbers == list(range(1, len(numbers) + 1))


def iso_date(text: str) -> str | None:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


class RowMapper:
    """Maps rows one by one; keeps the cross-row checks (shared MMSIs, repeated ids)."""

    def __init__(self, factory: EntityFactory, report: ParseReport, source_url: str) -> None:
        self.factory = factory
        self.report = report
        self.source_url = source_url
        self.mmsi_rows: dict[str, list[Row]] = {}
        self.ids: dict[str, Row] = {}
        self._place = ""

    # -- values -------------------------------------------------------------

    def add(self, entity: StatementEntity, prop: str, value: str | None, original: str | None = None) -> None:
        if null(value):
            return
        if not self.factory.add(entity, prop, value, original=original):
            self.report.unmapped_value(prop, str(value), self._place)

    # -- rows ---------------------------------------------------------------

    def map(self, row: Row) -> Designation:
        self._place = row.place
        name = " ".join(row.primary_name.split())
        imo = imo_digits(row.imo) if not null(row.imo) else None
        reference = imo or name
        entity_id = vessel_id(imo) if imo else make_id(ID_PREFIX, name)
        if entity_id in self.ids:
            # Same rule as the OFAC parser: a second row claiming the IMO keeps a name-based id.
            self.report.note(f"vessel {entity_id} listed twice (also at {self.ids[entity_id].place}); "
                             "the second takes an id from its name", row.place)
            entity_id = make_id(ID_PREFIX, name, row.no)
        self.ids[entity_id] = row

        vessel = self.factory.make("Vessel", entity_id)
        self.add(vessel, "name", name, original=row.primary_name)
        self.add(vessel, "topics", "sanction")
        # The table's "other names" mix earlier names (Blue Nouvelle was Greenlight and Chong Bong,
        # see _histories) with spellings of the same name (Ra Nam 3 / Ranam 3, Songjin / Song Jin), so
        # alias (any other name) is true of all of them; previousName would be wrong for spellings.
        for other in row.other_names:
            self.add(vessel, "alias", " ".join(other.split()), original=other)
        self._imo(vessel, row, imo)
        self._mmsi(vessel, row)
        self._histories(vessel, row)
        self.add(vessel, "type", row.text["vessel_type"])
        info = row.text["other_information"]
        self.add(vessel, "notes", info)
        owner = self._owner(row)
        if owner:
            self.add(vessel, "notes", owner)
        self._picture(vessel, row.text["picture_link"])

        listed = self._listing_date(row)
        sanctions = [self._sanction(vessel, reference, row.designation_date, listed,
                                    dict(row.measures), [owner, info], first=True)]
        for extra_date, measures in row.additional:
            columns = self._additional_measures(measures)
            sanctions.append(self._sanction(vessel, reference, extra_date, iso_date(extra_date), columns,
                                            [owner, info], first=False))
        return Designation(entity=vessel, reference=reference, programs=[PROGRAM], keys={"no": row.no},
                           listed_on=listed, related=sanctions)

    def _imo(self, vessel: StatementEntity, row: Row, imo: str | None) -> None:
        if imo:
            # "IMO8909575", the form the OFAC parser writes, so merged vessels hold one value.
            self.add(vessel, "imoNumber", f"IMO{imo}", original=row.imo)
            return
        if null(row.imo):
            return
        # MIN NING DE YOU 078 is listed with IMO "Does not exist": keep the words as a note.
        self.add(vessel, "notes", f"IMO number as listed: {row.imo}")
        if row.imo.strip().lower() == "does not exist":
            self.report.note("vessel listed with IMO 'Does not exist' (id made from its name)", row.place)
        else:
            self.report.unmapped_value("imo (fails the IMO check digit)", row.imo, row.place)

    def _mmsi(self, vessel: StatementEntity, row: Row) -> None:
        for mmsi in row.mmsi:
            if not valid_mmsi(mmsi):
                self.report.unmapped_value("mmsi (not 9 digits)", mmsi, row.place)
                continue
            self.add(vessel, "mmsi", mmsi)
            self.mmsi_rows.setdefault(mmsi, []).append(row)

    def _histories(self, vessel: StatementEntity, row: Row) -> None:
        # The numbered histories run newest first: item 1 goes with the primary name. Blue
        # Nouvelle's "1. Kiribati 2: Cambodia 3: DPRK" pairs with call signs "1: T3NM2 (Kiribati
        # prefix T3) 2: XUJX6 (Cambodia XU) 3: HMXW (DPRK HM)" and MMSIs 529... (Kiribati),
        # 515... (Cambodia), 445... (DPRK); it was the DPRK's Chong Bong before reflagging.
        flags, ordered = split_history(row.text["flag"])
        if not ordered:
            self.report.note("flag history not numbered 1, 2, 3...", row.place)
        for i, flag in enumerate(flags):
            self.add(vessel, "flag" if i == 0 else "pastFlags", flag)
        signs, ordered = split_history(row.text["call_sign"])
        if not ordered:
            self.report.note("call-sign history not numbered 1, 2, 3...", row.place)
        for sign in signs:
            self.add(vessel, "callSign", sign)

    def _owner(self, row: Row) -> str | None:
        owner = row.text["economic_resource_of"]
        if not null(owner):
            return f"Economic resource of {' '.join(owner.split())}"
        if row.measures.get(_OMM_COLUMN, "").strip().lower() == "yes":
            return f"Economic resource of {_OMM}"
        return None

    def _picture(self, vessel: StatementEntity, link: str) -> None:
        # A third-party photo page (fleetmon, shipspotting). Not sourceUrl: the listing does
        # not come from there, and not evidence: nobody checked the photo is this hull.
        if null(link):
            return
        if not link.lower().startswith(("http://", "https://")):
            self.report.unmapped_value("picture_link", link, self._place)
            return
        self.add(vessel, "notes", f"Picture (as linked by the 1718 list): {link}", original=link)

    def _listing_date(self, row: Row) -> str | None:
        listed = iso_date(row.designation_date)
        if listed is None and not null(row.designation_date):
            self.report.unmapped_value("designation_date", row.designation_date, row.place)
        if listed and row.designation_date_raw:
            try:
                raw = datetime.strptime(row.designation_date_raw, "%d-%b-%y").date().isoformat()
            except ValueError:
                raw = None
            if raw != listed:
                self.report.note(f"designation_date {listed} disagrees with designation_date_raw "
                                 f"{row.designation_date_raw!r}", row.place)
        return listed

    def _additional_measures(self, measures: dict[str, str]) -> dict[str, str]:
        columns: dict[str, str] = {}
        for key, value in measures.items():
            column = SHORT_TO_COLUMN.get(key)
            if column is None:
                self.report.unmapped_value("additional designation measure", key, self._place)
            else:
                columns[column] = value
        return columns

    def _sanction(self, vessel: StatementEntity, reference: str, raw_date: str, listed: str | None,
                  measures: dict[str, str], reasons: list[str | None], first: bool) -> StatementEntity:
        parts = [ID_PREFIX, reference, "sanction"] + ([] if first else [raw_date])
        sanction = self.factory.make("Sanction", make_id(*parts))
        self.add(sanction, "entity", vessel.id)
        self.add(sanction, "authority", AUTHORITY)
        self.add(sanction, "program", PROGRAM)
        if listed:
            self.add(sanction, "listingDate", listed, original=raw_date)
        elif not null(raw_date):
            self.report.unmapped_value("designation date", raw_date, self._place)
        for column, cell in measures.items():
            value = cell.strip().lower()
            if value == "yes":
                self.add(sanction, "provisions", _HEADINGS[column])
            elif value not in NULLS:
                self.report.unmapped_value(column, cell, self._place)
        for reason in reasons:
            self.add(sanction, "reason", reason)
        self.add(sanction, "sourceUrl", self.source_url)
        return sanction

    def shared_mmsi_warnings(self) -> None:
        # The PDF gives MMSI 445114000 for both Blue Nouvelle (row 4) and Chong Chon Gang (row 7).
        for mmsi, rows in self.mmsi_rows.items():
            if len(rows) > 1:
                nos = ", ".join(r.no for r in rows)
                self.report.note(f"MMSI {mmsi} given for more than one vessel (rows {nos})", rows[0].place)
