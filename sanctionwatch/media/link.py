"""Mention groups linked to list entities through the screening engine, then checked against what the
article says about the person.

Each group is one query (every spelling seen, identifiers for vessels) to ``screen()``; the engine's
score and explanation are kept. The article's context then weighs each candidate: a nationality the
text gives that the list contradicts, a role of another kind than the listed position (a footballer
is not the Chairman of the Workers' Party), or another gender, each multiplies the score by a stated
factor, and the reason is shown. A group known only by a surname is never screened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sanctionwatch.media import lexicon as lx
from sanctionwatch.media.groups import Group
from sanctionwatch.screening.index import Entry, ScreeningIndex
from sanctionwatch.screening.query import Query
from sanctionwatch.screening.screener import screen

NATIONALITY_FACTOR = 0.6
ROLE_FACTOR = 0.7
GENDER_FACTOR = 0.6
AGE_FACTOR = 0.6
AGE_TOLERANCE_YEARS = 2  # an age is rounded down and the article's date may be unknown; list dates are often "circa"
DEFAULT_MIN_SCORE = 0.7   # the matchers' own threshold: a link means what a screening match means
_SCHEMA = {"person": "Person", "organization": "Organization", "vessel": "Vessel"}
_COUNTRY_PROPS = ("nationality", "citizenship", "country")
_KIND_WORDS = {"leader": "a leader", "minister": "a minister", "diplomat": "a diplomat", "military": "an officer",
               "official": "an official", "business": "in business", "science": "a scientist",
               "civilian": "a private person"}


@dataclass(frozen=True)
class Check:
    feature: str
    factor: float
    detail: str


def _entries_by_id(index: ScreeningIndex) -> dict[str, Entry]:
    cache = getattr(index, "_media_by_id", None)
    if cache is None:
        cache = {e.id: e for e in index.entries}
        try:
            object.__setattr__(index, "_media_by_id", cache)
        except AttributeError:
            pass
    return cache


def role_classes(words: list[str]) -> set[str]:
    out = set()
    for w in words:
        cls = lx.ROLES.get(w.lower()) or lx.ROLES_KO.get(w) or lx.ROLES_RU.get(w.lower())
        if cls:
            out.add(cls)
    return out


def _listed_roles(entry: Entry) -> tuple[set[str], str]:
    text = " ".join(entry.data.get("properties", {}).get("position", []))
    words = [w.strip(".,;:()’'").lower() for w in text.split()]
    return role_classes(words), text


def _listed_countries(entry: Entry) -> set[str]:
    props = entry.data.get("properties", {})
    return {c for p in _COUNTRY_PROPS for c in props.get(p, []) if c}


def _dprk_listed(entry: Entry) -> bool:
    return any("DPRK" in p.upper() or p.upper().startswith("KP") for p in entry.programs) or \
        any(r.upper().startswith("KP") for r in entry.references)


def _listed_birth_years(entry: Entry) -> set[int]:
    out = set()
    for value in entry.data.get("properties", {}).get("birthDate", []):
        if len(value) >= 4 and value[:4].isdigit():
            out.add(int(value[:4]))
    return out


def context_checks(group: Group, entry: Entry, year: int | None = None) -> list[Check]:
    """What the article says about the group set against the listed entity; empty when nothing speaks.
    ``year``: when the article was published (its age statements are as of then)."""
    out: list[Check] = []
    if group.kind != "person":
        return out
    said = set(group.nationalities)
    listed = _listed_countries(entry)
    if said and listed:
        if said & listed:
            out.append(Check("context.nationality", 1.0, f"the text gives {', '.join(sorted(said))}, as the list does"))
        else:
            out.append(Check("context.nationality", NATIONALITY_FACTOR,
                             f"the text gives nationality {', '.join(sorted(said))}; the list gives "
                             f"{', '.join(sorted(listed))}"))
    elif said == {"kr"} and _dprk_listed(entry):
        # No nationality on the record, but a DPRK designation: a South Korean is not the listed person.
        out.append(Check("context.nationality", NATIONALITY_FACTOR,
                         "the text calls the person South Korean; the list designates under a DPRK programme"))
    text_roles = role_classes(group.roles)
    list_roles, position = _listed_roles(entry)
    if text_roles:
        vague = {"official"}
        contradicted = ("civilian" in text_roles and "civilian" not in list_roles) or \
            (list_roles and not (text_roles & list_roles) and not text_roles <= vague and not list_roles <= vague)
        if contradicted:
            said_as = " and ".join(sorted(_KIND_WORDS[c] for c in text_roles))
            listed_as = f"the list gives {position!r}" if position else "a designated person, no such role listed"
            out.append(Check("context.role", ROLE_FACTOR, f"the text calls the person {said_as} "
                                                          f"({', '.join(group.roles)}); {listed_as}"))
        elif text_roles & list_roles:
            out.append(Check("context.role", 1.0, f"the text's {', '.join(group.roles)} fits the listed "
                                                  f"position {position!r}"))
    listed_years = _listed_birth_years(entry)
    if group.age and listed_years and year:
        born = year - group.age - 1, year - group.age  # before or after this year's birthday
        if all(min(abs(b - y) for b in born) > AGE_TOLERANCE_YEARS for y in listed_years):
            out.append(Check("context.age", AGE_FACTOR, f"the text gives age {group.age} in {year} (born "
                                                        f"{born[0]} or {born[1]}); the list gives birth year "
                                                        f"{', '.join(str(y) for y in sorted(listed_years))}"))
        else:
            out.append(Check("context.age", 1.0, f"the text's age {group.age} fits the listed birth year"))
    genders = set(entry.data.get("properties", {}).get("gender", []))
    if group.gender and genders and group.gender not in genders:
        out.append(Check("context.gender", GENDER_FACTOR, f"the text says {group.gender}; the list says "
                                                          f"{', '.join(sorted(genders))}"))
    return out


def group_query(group: Group) -> dict[str, Any] | None:
    if group.kind == "surname":
        return None
    props: dict[str, list[str]] = {}
    names = group.query_names()
    if names:
        props["name"] = names
    props.update({k: list(v) for k, v in group.identifiers.items()})
    if not props:
        return None
    return {"schema": _SCHEMA[group.kind], "properties": props}


def link_group(group: Group, index: ScreeningIndex, *, min_score: float = DEFAULT_MIN_SCORE, limit: int = 5,
               record: bool = False, store: Any = None, year: int | None = None) -> dict[str, Any]:
    """Candidates of one group: engine score, context checks, final score, and whether it links."""
    query = group_query(group)
    if query is None:
        why = "a surname or title alone: not screened (a common surname is not an identification)" \
            if group.kind == "surname" else "nothing to screen"
        return {"screened": False, "reason": why, "candidates": [], "links": []}
    result = screen(Query.from_dict(query, where=f"group {group.id}"), index=index, limit=limit, record=record,
                    store=store, channel="media")
    by_id = _entries_by_id(index)
    candidates = []
    for r in result.results:
        entry = by_id.get(r["id"])
        checks = context_checks(group, entry, year) if entry is not None else []
        score = r["score"]
        for c in checks:
            score *= c.factor
        score = round(score, 4)
        reasons = [e["detail"] for e in r["explanations"] if e.get("detail")]
        reasons += [f"{c.detail} (x{c.factor})" if c.factor != 1.0 else c.detail for c in checks]
        candidates.append({
            "id": r["id"], "caption": r["caption"], "schema": r["schema"], "reference": r["reference"],
            "datasets": r["datasets"], "programs": r["programs"], "engine_score": r["score"], "score": score,
            "linked": score >= min_score, "reasons": reasons,
            "context": [{"feature": c.feature, "factor": c.factor, "detail": c.detail} for c in checks],
        })
    candidates.sort(key=lambda c: (-c["score"], c["id"]))
    links = [c for c in candidates if c["linked"]]
    if links:
        reason = f"linked: {len(links)} list entr{'y' if len(links) == 1 else 'ies'} at {min_score} or more"
    elif any(c["engine_score"] >= min_score for c in candidates):
        reason = "not linked: the name matches, but the article's context contradicts the listed entity"
    elif candidates:
        reason = f"not linked: best candidate {candidates[0]['caption']!r} scores {candidates[0]['score']:.2f}, " \
                 f"below {min_score}"
    else:
        reason = "not linked: no list entity shares a name key with it"
    return {"screened": True, "query": query, "algorithm": result.algorithm, "threshold": min_score,
            "screening_id": result.screening_id, "reason": reason, "candidates": candidates, "links": links}
