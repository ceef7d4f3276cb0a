"""Mentions grouped by what they refer to: one group per person, organisation or vessel.

Full names join a group when the screening matcher itself reads them as one name (0.85 or more:
"Vasiliy Nebenzja" / "Vasilij Nebenzja" / "Василий Небензя", "Kim Jong Un" / "김정은"). A surname alone
("Zaharova", "Putin", "김 위원장", "Путина") joins the group whose family name it spells, the nearest
before it, else the first after it (headlines and captions name people before the text does); one
that matches no full name is kept only when a title makes it a person, and such a group is never
linked (a common surname alone is not an identification). IMO numbers and MMSIs join the vessel named
in the same sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import OSA

from sanctionwatch.media import lexicon as lx
from sanctionwatch.media.mentions import Mention
from sanctionwatch.screening.matchers.align import common_family_keys
from sanctionwatch.screening.matchers.name_v1 import best_name_match
from sanctionwatch.screening.names import name_forms

SAME_NAME = 0.85
_RU_ENDINGS = (("ой", "а"), ("ей", "я"), ("ым", ""), ("ом", ""), ("ем", ""), ("ою", "а"), ("ы", "а"),
               ("и", "я"), ("и", "а"), ("у", "а"), ("ю", "я"), ("е", "а"), ("е", "я"), ("а", ""), ("у", ""),
               ("е", ""), ("я", ""))


@dataclass
class Group:
    id: int
    kind: str                                   # person | organization | vessel | surname
    names: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    identifiers: dict[str, list[str]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.names[0] if self.names else self.mentions[0].text

    @property
    def roles(self) -> list[str]:
        return list(dict.fromkeys(r for m in self.mentions for r in m.roles))

    @property
    def nationalities(self) -> list[str]:
        return list(dict.fromkeys(c for m in self.mentions for c in m.nationalities if c))

    @property
    def age(self) -> int | None:
        found = {m.age for m in self.mentions if m.age}
        return found.pop() if len(found) == 1 else None

    @property
    def gender(self) -> str | None:
        found = {m.gender for m in self.mentions if m.gender}
        return found.pop() if len(found) == 1 else None

    @property
    def korean(self) -> bool:
        return any(_is_korean(n) for n in self.names)

    def query_names(self) -> list[str]:
        """The names to screen: every spelling seen, Russian case forms also in the nominative, and
        the Chinese characters given beside a name."""
        out = list(self.names)
        for m in self.mentions:
            if m.kind != "surname":
                out.extend(m.aliases)
                if m.script == "cyrillic":
                    out.extend(nominatives(m.text))
        return list(dict.fromkeys(n for n in out if n))


def nominatives(name: str) -> list[str]:
    """Likely nominative forms of a Russian name in another case (Путина -> Путин, Захаровой ->
    Захарова, Ким Чен Ына -> Ким Чен Ын): every word changed by the same rule, a few rules."""
    words = name.split()
    out = []
    for ending, repl in _RU_ENDINGS:
        changed = [w[:-len(ending)] + repl if w.lower().endswith(ending) and len(w) > len(ending) + 1 else w
                   for w in words]
        if changed != words:
            out.append(" ".join(changed))
    return out[:4]


@lru_cache(maxsize=4096)
def _is_korean(name: str) -> bool:
    if any("\uac00" <= c <= "\ud7a3" for c in name):
        return True
    forms = name_forms(name)
    return bool(forms) and len(forms[0].tokens) >= 2 and len(forms[0].tokens) <= 4 and \
        bool(set(name_forms(forms[0].tokens[0], korean_hint=True)[0].keys) & common_family_keys()) and \
        all(len(t) <= 5 for t in forms[0].tokens)


@lru_cache(maxsize=4096)
def _family_keys(name: str) -> frozenset[str]:
    """Phonetic keys of the family name of a full name: first word for Korean names, last otherwise;
    for a one-word mention, its own keys (with Russian case forms taken back)."""
    variants = [name] + ([n for n in nominatives(name)] if any("а" <= c <= "я" for c in name.lower()) else [])
    keys: set[str] = set()
    for v in variants:
        forms = name_forms(v, korean_hint=_is_korean(v)) or []
        for f in forms:
            if not f.tokens:
                continue
            if len(f.tokens) == 1:
                keys.add(f.keys[0])
                keys.add("=" + f.tokens[0])
            else:
                i = 0 if _is_korean(v) else -1
                keys.add(f.keys[i])
                keys.add("=" + f.tokens[i])
    return frozenset(keys)


def _surname_matches(surname: str, full: str) -> bool:
    a, b = _family_keys(surname), _family_keys(full)
    if a & b:
        return True
    ta = [k[1:] for k in a if k.startswith("=")]
    tb = [k[1:] for k in b if k.startswith("=")]
    return any(min(len(x), len(y)) >= 6 and OSA.distance(x, y) <= 1 for x in ta for y in tb)


def _same_name(a: list[str], b: str, organisation: bool) -> bool:
    if b in a:
        return True
    korean = _is_korean(b) or any(_is_korean(n) for n in a)
    return best_name_match([b], a, korean=korean, organisation=organisation).score >= SAME_NAME


def group_mentions(mentions: list[Mention]) -> list[Group]:
    groups: list[Group] = []

    def new(kind: str, m: Mention) -> Group:
        g = Group(len(groups) + 1, kind, [m.text] if kind != "surname" else [], [m])
        groups.append(g)
        return g

    # Vessels first: a ship named once with "the tanker" and once bare reads as a person's name (or,
    # numbered, an organisation's) the second time, and joins the vessel.
    order = sorted((m for m in mentions if m.kind in ("person", "organization", "vessel")),
                   key=lambda m: (m.kind != "vessel", m.start))
    for m in order:
        organisation = m.kind == "organization"
        # A numbered name read as an organisation's ("Kum Un San 3") joins its vessel; "Chon Ma San
        # Shipping Company" is the ship's owner, another entity.
        joins_vessel = m.kind == "person" or (m.kind == "organization" and
                                              not any(w.lower() in lx.ORG_WORDS for w in m.text.split()))
        target = next((g for g in groups if (g.kind == m.kind or (g.kind == "vessel" and joins_vessel)) and
                       (_same_name(g.names, m.text, organisation) or
                        (m.script == "cyrillic" and any(_same_name(g.names, n, organisation)
                                                        for n in nominatives(m.text))))), None)
        if target is None:
            new(m.kind, m)
        else:
            target.mentions.append(m)
            if m.text not in target.names:
                target.names.append(m.text)
    for m in mentions:
        if m.kind != "surname":
            continue
        fits = [g for g in groups if g.kind == "person" and any(_surname_matches(m.text, n) for n in g.names)]
        if not fits:
            if m.titled:  # "President Putin", "김 위원장" with no full name in the text
                new("surname", m)
            continue
        before = [g for g in fits if any(x.start < m.start for x in g.mentions if x.kind == "person")]
        chosen = max(before, key=lambda g: max(x.start for x in g.mentions if x.kind == "person" and
                                               x.start < m.start)) if before else \
            min(fits, key=lambda g: min(x.start for x in g.mentions))
        chosen.mentions.append(m)
    for m in mentions:
        if m.kind not in ("imo", "mmsi"):
            continue
        prop = "imoNumber" if m.kind == "imo" else "mmsi"
        near = [g for g in groups if g.kind == "vessel" and any(x.sentence == m.sentence for x in g.mentions)]
        if near:
            g = min(near, key=lambda g: min(abs(x.start - m.start) for x in g.mentions))
        else:
            g = next((g for g in groups if g.kind == "vessel" and m.value in g.identifiers.get(prop, [])), None)
            if g is None:
                g = new("vessel", m)
                g.names = []
        g.mentions.append(m)
        values = g.identifiers.setdefault(prop, [])
        if m.value not in values:
            values.append(m.value)
    for g in groups:
        g.mentions.sort(key=lambda x: x.start)
    return groups
