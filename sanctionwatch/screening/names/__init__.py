"""Name normalisation for screening across scripts and romanizations.

``name_forms(name)`` turns one name into the readings worth comparing (as written, MR/RR
romanizations of Hangul, Korean and pinyin readings of Chinese characters, Russian-spelled Korean
read back, plain transliteration), each a :class:`NameForm` of Latin tokens with one phonetic key
per token. Keys are equal across the romanization variants the lists actually use (KY'ONG ~
Kyong ~ Kyeong ~ Kyung; Ri ~ Lee ~ Yi; Nebenzya ~ Nebenzia) and differ where names differ
(Un/Il, Jong/Jang, Song/Sun, Pak/Paek).
"""

from sanctionwatch.screening.names.forms import SYSTEMS, NameForm, name_forms
from sanctionwatch.screening.names.phonetic import generic_key
from sanctionwatch.screening.names.korean_keys import syllable_key
from sanctionwatch.screening.names.scripts import SCRIPTS, detect_script
from sanctionwatch.screening.names.tokens import strip_titles, tokenize_latin

__all__ = [
    "NameForm",
    "SCRIPTS",
    "SYSTEMS",
    "detect_script",
    "generic_key",
    "name_forms",
    "strip_titles",
    "syllable_key",
    "tokenize_latin",
]
