"""Evidence beside the name: birth dates, countries, gender and identifiers.

Each function returns a ``Feature``: how strongly it speaks for (+) or against (-) the match, and a
sentence a reviewer can read. The matcher combines them; the numbers are part of the versioned
algorithm (``name-v1``, ``name-v2``, ``name-v3``), so changing one means a new algorithm version.
"""

from __future__ import annotations

from dataclasses import dataclass

from sanctionwatch.screening.query import Profile


@dataclass(frozen=True)
class Feature:
    name: str
    effect: float        # additive bonus (> 0) or multiplicative penalty factor expressed as (factor - 1) < 0
    detail: str
    floor: float = 0.0   # the score is at least this (an identifier match stands on its own)


def imo_valid(digits: str) -> bool:
    """IMO ship numbers: the 7th digit is the sum of the first six times 7,6,5,4,3,2, modulo 10."""
    if len(digits) != 7 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:6], (7, 6, 5, 4, 3, 2)))
    return total % 10 == int(digits[6])


def _one_digit_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1


def identifiers(query: Profile, cand: Profile) -> list[Feature]:
    out: list[Feature] = []
    q_imo, c_imo = query.identifiers.get("imoNumber", set()), cand.identifiers.get("imoNumber", set())
    if q_imo and c_imo:
        same = q_imo & c_imo
        if same:
            imo = sorted(same)[0]
            check = "valid check digit" if imo_valid(imo) else "check digit fails"
            out.append(Feature("imoNumber", 0.1, f"IMO {imo} on both ({check})",
                               floor=0.97 if imo_valid(imo) else 0.85))
        else:
            near = [(q, c) for q in sorted(q_imo) for c in sorted(c_imo) if _one_digit_apart(q, c)]  # not set order
            if near:
                q, c = near[0]
                # A one-digit slip is a common transcription error, but also exactly how a forged IMO
                # differs: it supports the match, with a stated penalty against an exact hit.
                out.append(Feature("imoNumber", 0.0, f"IMO {q} is one digit from the listed {c} "
                                   f"(query check digit {'valid' if imo_valid(q) else 'invalid'})", floor=0.75))
            elif all(imo_valid(x) for x in q_imo | c_imo):
                out.append(Feature("imoNumber", -0.4, f"IMO {', '.join(sorted(q_imo))} differs from the listed "
                                   f"{', '.join(sorted(c_imo))}"))
    for prop, floor, label in (("mmsi", 0.9, "MMSI"), ("passportNumber", 0.95, "passport"),
                               ("idNumber", 0.93, "ID number"), ("registrationNumber", 0.9, "registration number"),
                               ("callSign", 0.85, "call sign"), ("swiftBic", 0.93, "SWIFT/BIC"),
                               ("leiCode", 0.95, "LEI"), ("innCode", 0.93, "INN"), ("taxNumber", 0.93, "tax number")):
        q, c = query.identifiers.get(prop, set()), cand.identifiers.get(prop, set())
        # Passport and ID numbers are compared across both properties: lists file them either way.
        if prop in ("passportNumber", "idNumber"):
            q = q | query.identifiers.get("passportNumber" if prop == "idNumber" else "idNumber", set())
        same = q & c
        if same:
            out.append(Feature(prop, 0.08, f"{label} {sorted(same)[0]} on both", floor=floor))
    return out


def _year(date: str) -> int | None:
    return int(date[:4]) if len(date) >= 4 and date[:4].isdigit() else None


def birth_date(query: Profile, cand: Profile) -> Feature | None:
    if not query.birth_dates or not cand.birth_dates:
        return None
    best = None
    for q in query.birth_dates:
        for c in cand.birth_dates:
            if q == c or (len(q) != len(c) and (q.startswith(c) or c.startswith(q))):
                precise = min(len(q), len(c)) >= 10
                feat = Feature("birthDate", 0.08 if precise else 0.04,
                               f"born {c} on the list, {q} in the query" + (" (same day)" if precise else ""))
            else:
                qy, cy = _year(q), _year(c)
                if qy is None or cy is None:
                    continue
                gap = abs(qy - cy)
                if gap <= 1:
                    # Lists give approximate years ("APPROXIMATELY 1954"); a year apart is not a contradiction.
                    feat = Feature("birthDate", 0.0, f"born {c} on the list, {q} in the query (within a year)")
                else:
                    # Namesakes born years apart are different people: the further apart, the stronger.
                    factor = 0.75 if gap <= 5 else 0.55
                    feat = Feature("birthDate", factor - 1, f"born {c} on the list, {q} in the query "
                                   f"({gap} years apart)")
            if best is None or feat.effect > best.effect:
                best = feat
    return best


def country(query: Profile, cand: Profile) -> Feature | None:
    if not query.countries or not cand.countries:
        return None
    shared = query.countries & cand.countries
    if shared:
        return Feature("country", 0.02, f"country {', '.join(sorted(shared))} on both")
    return Feature("country", -0.12, f"query country {', '.join(sorted(query.countries))} not among the listed "
                   f"{', '.join(sorted(cand.countries))}")


def gender(query: Profile, cand: Profile) -> Feature | None:
    if not query.genders or not cand.genders or query.genders & cand.genders:
        return None
    return Feature("gender", -0.2, f"gender {', '.join(sorted(query.genders))} in the query, "
                   f"{', '.join(sorted(cand.genders))} on the list")
