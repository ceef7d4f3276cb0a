"""Small DPRK-partner trade files synthesised in the Comtrade API v1 schema (domain.md 5.5: no public
408/PRK sample exists), and the legacy CSV layout."""

from __future__ import annotations

import json

FIELDS = ("typeCode freqCode refPeriodId refYear refMonth period reporterCode reporterISO reporterDesc flowCode "
          "flowDesc partnerCode partnerISO partnerDesc partner2Code partner2ISO partner2Desc classificationCode "
          "classificationSearchCode isOriginalClassification cmdCode cmdDesc aggrLevel isLeaf customsCode "
          "customsDesc mosCode motCode motDesc qtyUnitCode qtyUnitAbbr qty isQtyEstimated altQtyUnitCode "
          "altQtyUnitAbbr altQty isAltQtyEstimated netWgt isNetWgtEstimated grossWgt isGrossWgtEstimated cifvalue "
          "fobvalue primaryValue legacyEstimationFlag isReported isAggregate").split()
PARTIES = {156: ("CHN", "China"), 408: ("PRK", "Dem. People's Rep. of Korea"), 410: ("KOR", "Rep. of Korea"),
           643: ("RUS", "Russian Federation")}


def record(reporter: int, flow: str, partner: int, period: str, hs: str, value: float, *, kg: float | None = None,
           partner_iso: str | None = None, partner_desc: str | None = None) -> dict:
    rec = dict.fromkeys(FIELDS)
    year, month = int(period[:4]), (int(period[4:]) if len(period) == 6 else 52)
    rec.update(typeCode="C", freqCode="M" if len(period) == 6 else "A", refPeriodId=int(period[:6].ljust(6, "0") + "01")
               if len(period) == 6 else year * 10000 + 101, refYear=year, refMonth=month, period=period,
               reporterCode=reporter, reporterISO=PARTIES[reporter][0], reporterDesc=PARTIES[reporter][1],
               flowCode=flow, flowDesc={"M": "Import", "X": "Export"}[flow], partnerCode=partner,
               partnerISO=partner_iso or PARTIES[partner][0], partnerDesc=partner_desc or PARTIES[partner][1],
               partner2Code=0, partner2ISO="W00", partner2Desc="World", classificationCode="H5",
               classificationSearchCode="HS", isOriginalClassification=True, cmdCode=hs, cmdDesc=f"HS {hs}",
               aggrLevel=len(hs), isLeaf=len(hs) == 6, netWgt=kg,
               cifvalue=value if flow == "M" else None, fobvalue=value if flow == "X" else None,
               primaryValue=value, legacyEstimationFlag=0, isReported=True, isAggregate=False)
    return rec


def api_file(records: list[dict]) -> bytes:
    return json.dumps({"elapsedTime": "0.1 secs", "count": len(records), "data": records, "error": ""}).encode()


def china_dprk() -> list[dict]:
    """China's monthly trade with the DPRK around the 2017 bans:
    coal (2701) imports of 2017-05 (before 2371), 2017-10 (after the ban and its 30 days);
    textiles (6110) imports 2017-06 and 2018-02 (after 2375 OP16 and its 90 days);
    seafood (0307) imports in 2017-07 and none after, with other imports still reported after the ban;
    machinery (8429) exports to the DPRK in 2018-03 (after 2397 OP7);
    refined petroleum (2710) exports in 2018 (capped, not banned: no TC-1 finding)."""
    return [
        record(156, "M", 408, "201705", "2701", 10_000_000, kg=1.2e8),
        record(156, "M", 408, "201710", "2701", 2_000_000, kg=2.4e7),
        record(156, "M", 408, "201706", "6110", 5_000_000),
        record(156, "M", 408, "201802", "6110", 1_000_000),
        record(156, "M", 408, "201707", "0307", 3_000_000),
        record(156, "M", 408, "201709", "0307", 0),
        record(156, "M", 408, "201803", "2611", 400_000),
        record(156, "X", 408, "201803", "8429", 250_000),
        record(156, "X", 408, "201801", "2710", 900_000),
    ]


def mirror() -> list[dict]:
    """Russia reports exporting HS 2710 to China worth 1.0M; China reports importing 2.0M of it."""
    return [record(643, "X", 156, "2018", "2710", 1_000_000), record(156, "M", 643, "2018", "2710", 2_000_000)]


LEGACY_HEADER = ("Classification,Year,Period,Period Desc.,Aggregate Level,Is Leaf Code,Trade Flow Code,Trade Flow,"
                 "Reporter Code,Reporter,Reporter ISO,Partner Code,Partner,Partner ISO,2nd Partner Code,2nd Partner,"
                 "2nd Partner ISO,Customs Proc. Code,Customs,Mode of Transport Code,Mode of Transport,Commodity Code,"
                 "Commodity,Qty Unit Code,Qty Unit,Qty,Alt Qty Unit Code,Alt Qty Unit,Alt Qty,Netweight (kg),"
                 "Gross weight (kg),Trade Value (US$),CIF Trade Value (US$),FOB Trade Value (US$),Flag")


def legacy_row(flow_code: int, reporter: int, partner: int, period: str, hs: str, value: float,
               partner_iso: str | None = None) -> str:
    p_iso = partner_iso or PARTIES[partner][0]
    return (f"H5,{period[:4]},{period},{period},4,0,{flow_code},{'Import' if flow_code == 1 else 'Export'},"
            f"{reporter},{PARTIES[reporter][1]},{PARTIES[reporter][0]},{partner},\"{PARTIES[partner][1]}\",{p_iso},"
            f"0,World,WLD,C00,TOTAL CPC,0,TOTAL MOT,{hs},HS {hs},8,kg,,,,,1000,,{value},{value if flow_code == 1 else ''},"
            f"{value if flow_code == 2 else ''},0")
