"""``name_forms``: every reading of a name worth comparing, with phonetic keys per token."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from sanctionwatch.screening.names import cyrillic, hangul, hanja_readings
from sanctionwatch.screening.names.korean_keys import piece_key, syllable_key
from sanctionwatch.screening.names.phonetic import generic_key
from sanctionwatch.screening.names.scripts import char_script, script_runs
from sanctionwatch.screening.names.segment import korean_segmentations
from sanctionwatch.screening.names.tokens import strip_titles, tokenize_latin

SYSTEMS = ("as-written", "mr", "rr", "korean-reading", "pinyin", "cyrillic-korean", "cyrillic", "ascii")
MAX_KOREAN_READINGS = 4  # run-together or Russian-spelled names can be cut or read several ways


@dataclass(frozen=True, slots=True)
class NameForm:
    """One reading of a name: Latin tokens and one phonetic key per token.

    ``tokens``: lower-case ascii display tokens, e.g. ``("kim", "jong", "un")``.
    ``keys``: one key per token, upper-case ascii. Korean syllables get the romanization-blind
    Korean key (``KYONG`` for Ky'ong, Kyong, Kyeong, Kyung); other tokens the generic phonetic
    key (``NEBENSYA`` for Nebenzya, Nebenzia, Nebenzja). Two readings match on a token when
    their keys are equal.
    ``script``: script of the input, "latin", "hangul", "han", "cyrillic", "arabic" or "other".
    ``system``: how the tokens were obtained, one of :data:`SYSTEMS`.
    """

    tokens: tuple[str, ...]
    keys: tuple[str, ...]
    script: str
    system: str


# ---------------------------------------------------------------------------------------------
# Latin


@lru_cache(maxsize=262144)
def _korean_options(token: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """Korean readings (tokens, keys) of one Latin token: itself, or its cuts into syllables."""
    cuts = korean_segmentations(token)
    if len(cuts) == 1 and len(cuts[0]) == 1:
        return ((cuts[0], (syllable_key(token) or "",)),)
    return tuple((cut, tuple(piece_key(p) or "" for p in cut)) for cut in cuts)


def _combine(options: Sequence[Sequence[tuple[tuple[str, ...], tuple[str, ...]]]],
             limit: int) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Concatenate one option per position; the ``limit`` combinations with the fewest second choices."""
    beam: list[tuple[tuple[str, ...], tuple[str, ...], int]] = [((), (), 0)]
    for opts in options:
        beam = [(t + ot, k + ok, cost + i) for t, k, cost in beam for i, (ot, ok) in enumerate(opts)]
        if len(beam) > limit:
            beam.sort(key=lambda b: b[2])
            del beam[limit:]
    return [(t, k) for t, k, _ in beam]


Options = tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # per word: (tokens, keys) readings


def _korean_readings(tokens: Sequence[str], fallback: Sequence[str], options: Sequence[Options],
                     korean_hint: bool) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Korean-keyed readings of a name from the Korean readings of each of its words.

    A name reads as Korean when every word is made of Korean syllables (digits don't count) and
    either ``korean_hint`` is set or one word is a single syllable: English names cut into
    syllables too (Robinson Wilson = ro|bin|son wil|son), but Korean names are written syllable
    by syllable, or with the family name apart (Kim Jongun, Young-Chul). With ``korean_hint`` and
    words that are not Korean (an organisation's name: Korea Ryonbong General Trading Co.), only
    the one-syllable words get Korean keys and nothing is cut, because English words would be
    (ge|ne|ral).
    """
    if not any(options):
        return []
    all_korean = all(opts or t.isdigit() for t, opts in zip(tokens, options))
    single = [bool(opts) and all(len(o[0]) == 1 for o in opts) for opts in options]
    own: list[Options] = [(((t,), (k,)),) for t, k in zip(tokens, fallback)]
    if all_korean and (korean_hint or any(single)):
        return _combine([opts or mine for opts, mine in zip(options, own)], MAX_KOREAN_READINGS)
    if korean_hint and any(single):
        return _combine([opts if one else mine for opts, one, mine in zip(options, single, own)],
                        MAX_KOREAN_READINGS)
    return []


def _latin(tokens: tuple[str, ...], korean_hint: bool, script: str, system: str) -> list[NameForm]:
    """The as-written reading (generic keys) and, when the name reads as Korean, Korean-keyed ones."""
    if not tokens:
        return []
    generic = NameForm(tokens, tuple(generic_key(t) for t in tokens), script, system)
    options = []
    for t in tokens:
        opts = _korean_options(t)
        if not (opts or korean_hint or t.isdigit()):
            return [generic]  # one word that is not Korean settles it (most names on the lists)
        options.append(opts)
    readings = _korean_readings(tokens, generic.keys, options, korean_hint)
    korean = [NameForm(t, k, script, system) for t, k in readings]
    return korean + [generic] if korean_hint else [generic] + korean


def _latin_forms(text: str, korean_hint: bool) -> list[NameForm]:
    return _latin(strip_titles(tokenize_latin(text)), korean_hint, "latin", "as-written")


# ---------------------------------------------------------------------------------------------
# Hangul and Han


def _from_readings(readings: Iterable[hangul.Reading], script: str, system: str | None) -> list[NameForm]:
    return [NameForm(tokens, keys, script, system or s) for s, tokens, keys in readings if tokens]


def _hangul_forms(text: str) -> list[NameForm]:
    return _from_readings(hangul.hangul_readings(text), "hangul", None)


def _han_forms(text: str, korean_hint: bool) -> list[NameForm]:
    north = hangul.hangul_readings(hanja_readings.korean_reading(text))
    south = hangul.hangul_readings(hanja_readings.korean_reading(text, south=True))
    korean = _from_readings([r for r in north if r[0] == "mr"] + [r for r in south if r[0] == "rr"],
                            "han", "korean-reading")
    pinyin = [NameForm(tokens, tuple(generic_key(t) for t in tokens), "han", "pinyin")
              for tokens in hanja_readings.pinyin_readings(text)]
    return korean + pinyin if korean_hint else pinyin + korean


def _mixed_korean_forms(text: str) -> list[NameForm]:
    """Hangul with Chinese characters in it (金정은): the characters read as Korean."""
    readings = hangul.hangul_readings(hanja_readings.korean_reading(text))
    return _from_readings(readings, "hangul", None)


# ---------------------------------------------------------------------------------------------
# Cyrillic


def _cyrillic_forms(text: str, korean_hint: bool) -> list[NameForm]:
    words = cyrillic.cyrillic_words(text)
    plain = [cyrillic.transliterate_word(w) for w in words]
    kept = strip_titles(plain)
    if kept != tuple(plain):  # drop the same words from the Cyrillic side
        start = next(i for i in range(len(plain)) if tuple(plain[i:i + len(kept)]) == kept)
        words, plain = words[start:start + len(kept)], list(kept)
    pairs = [(w, p) for w, p in zip(words, plain) if p]
    if not pairs:
        return []
    tokens = tuple(p for _, p in pairs)
    plain_form = NameForm(tokens, tuple(generic_key(t) for t in tokens), "cyrillic", "cyrillic")
    # A word that is not Russian-spelled Korean keeps its plain transliteration, read as Latin is.
    options = [cyrillic.korean_word_readings(w) or _korean_options(p) for w, p in pairs]
    readings = _korean_readings(tokens, plain_form.keys, options, korean_hint)
    forms = [NameForm(t, k, "cyrillic", "cyrillic-korean") for t, k in readings]
    return forms + [plain_form] if korean_hint else [plain_form] + forms


# ---------------------------------------------------------------------------------------------
# Other scripts


def _ascii_forms(text: str, script: str) -> list[NameForm]:
    from rigour.text import ascii_text

    try:
        latin = ascii_text(text)
    except Exception:  # a transliterator failure must not stop screening; the name gets no form
        return []
    tokens = strip_titles(tokenize_latin(latin or ""))
    if not tokens:
        return []
    return [NameForm(tokens, tuple(generic_key(t) for t in tokens), script, "ascii")]


# ---------------------------------------------------------------------------------------------


def _run_forms(script: str, text: str, korean_hint: bool) -> list[NameForm]:
    if script == "latin":
        return _latin_forms(text, korean_hint)
    if script == "hangul":
        if any(char_script(c) == "han" for c in text):
            return _mixed_korean_forms(text)
        return _hangul_forms(text)
    if script == "han":
        return _han_forms(text, korean_hint)
    if script == "cyrillic":
        return _cyrillic_forms(text, korean_hint)
    return _ascii_forms(text, script)


def _dedupe(forms: list[NameForm]) -> list[NameForm]:
    seen: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    out = []
    for f in forms:
        marker = (f.tokens, f.keys)
        if marker not in seen:
            seen.add(marker)
            out.append(f)
    return out


@lru_cache(maxsize=65536)
def _name_forms(name: str, korean_hint: bool) -> tuple[NameForm, ...]:
    if name.isascii():  # the common case, without the script scan
        return tuple(_dedupe(_latin_forms(name, korean_hint)))
    runs = script_runs(name)
    runs.sort(key=lambda r: r[0] != "latin")  # the as-written Latin reading comes first
    forms: list[NameForm] = []
    for script, text in runs:
        forms.extend(_run_forms(script, text, korean_hint))
    return tuple(_dedupe(forms))


def name_forms(name: str, *, korean_hint: bool = False) -> list[NameForm]:
    """Every reading of ``name`` worth comparing, deduplicated, the as-written Latin one first.

    * Latin: the tokens as written ("as-written"), with generic keys; and when the name reads as
      Korean (every word made of Korean syllables, and ``korean_hint`` set or one word a single
      syllable), the same words with Korean keys, run-together words cut into syllables
      ("Kim Jongun" -> kim jong un, and kim jon gun). With ``korean_hint`` the Korean-keyed
      readings come first, and in a name that is not all Korean its one-syllable words still get
      Korean keys.
    * Hangul: McCune-Reischauer ("mr") and Revised ("rr") romanizations, one token per syllable,
      plus the family name's usual spelling (Lee, Park, Choi) and the assimilated MR reading.
    * Chinese characters: the Korean reading ("korean-reading", 金正恩 -> kim chong un) and
      pinyin ("pinyin": jin zheng en, and jin zhengen).
    * Cyrillic: read back as Russian-spelled Korean ("cyrillic-korean": Ким Чен Ын -> kim chong
      un) when ``korean_hint`` is set or every word is made of Korean syllables, and the plain
      transliteration ("cyrillic": Небензя -> nebenzya).
    * Other scripts: rigour's ascii transliteration ("ascii").

    Titles (Mr, General, Marshal...) are dropped. A name mixing scripts ("Jin Tiesan (金铁三)")
    gives the readings of each part. Never raises on text; returns ``[]`` when nothing is left.
    Results are cached per (name, korean_hint); each call returns a new list of frozen forms.
    """
    if not name:
        return []
    return list(_name_forms(name, korean_hint))
