"""OFAC's Consolidated Sanctions List: the non-SDN lists (SSI, NS-PLC, Part 561, NS-ISA, FSE,
CMIC, NS-MBS ...). OFAC publishes it in the SDN list's layouts (CONSOLIDATED.XML with the
``sdnList`` schema; CONS_PRIM/ADD/ALT/COMMENTS.CSV like the SDN CSV set), so the ofac_sdn
parser reads it; only the metadata differ. See ofac_sdn.parser for how the two are told apart.
"""

from __future__ import annotations

from sanctionwatch.lists.sources.ofac_sdn.parser import OfacSdnSource


class OfacConsSource(OfacSdnSource):
    name = "ofac_cons"
    title = "OFAC Consolidated Sanctions List (Non-SDN Lists)"
    publisher = "US Treasury, Office of Foreign Assets Control"
    url = "https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists"
    update_urls = {
        "consolidated.xml": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONSOLIDATED.XML",
    }
    format = "xml|csv"
    min_designations = 100
    max_designations = 10000
    parser_version = "1"
    list_kind = "cons"
