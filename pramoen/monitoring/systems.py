"""The BMA information systems the committees name, and their recognition in Thai text.

Recognition tokenises with PyThaiNLP (``newmm``, the aliases added to its dictionary so a Thai alias is
one token) and looks for each alias as a whole sequence of tokens: ``สารบรรณ`` inside an unrelated
compound word does not count, and spacing or case differences ("BMA  oss") do not matter.  Thai digits
are read as Arabic ones first ("MIS๒" is MIS2).  Secretaries can correct the result by hand
(``Obstacle.systems_confirmed``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pramoen.core.thai import to_arabic_digits


@dataclass(frozen=True)
class System:
    code: str
    name: str
    aliases: tuple[str, ...]


SYSTEMS: tuple[System, ...] = (
    System("bma_oss", "BMA OSS", ("BMA OSS", "ศูนย์รับคำขออนุญาตของกรุงเทพมหานคร", "ศูนย์รับคำขออนุญาต")),
    System(
        "e_saraban",
        "e-Saraban (สารบรรณอิเล็กทรอนิกส์)",
        ("สารบรรณอิเล็กทรอนิกส์", "ระบบสารบรรณฯ", "ระบบสารบรรณ", "e-Saraban", "e-Sarabun"),
    ),
    System("policy_tracking", "BMA Policy Tracking", ("BMA Policy Tracking", "Policy Tracking", "ระบบ BP")),
    System("one_map", "One Map", ("One Map", "OneMap")),
    System("traffy_fondue", "Traffy Fondue", ("Traffy Fondue", "Traffy")),
    System("bma_sso", "BMA SSO", ("BMA SSO", "BMA Single Sign-On", "Single Sign-On")),
    System("mis2", "MIS2", ("MIS2", "MIS 2")),
    System("bma_q", "BMA Q", ("BMA Q", "BMA Queue")),
    System("doctor_app", "หมอ กทม.", ("หมอ กทม.", "APP หมอ กทม.")),
    System("data_center", "Data Center", ("Data Center",)),
)
SYSTEM_BY_CODE = {s.code: s for s in SYSTEMS}


_PUNCTUATION = re.compile(r"[()\[\]{}:;,\"“”'‘’/]")


def _tokens(text: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    plain = _PUNCTUATION.sub(" ", to_arabic_digits(text))
    words = word_tokenize(plain, custom_dict=_dictionary(), keep_whitespace=False)
    return [w.strip().lower() for w in words if w.strip()]


@lru_cache(maxsize=1)
def _dictionary():
    from pythainlp.corpus.common import thai_words
    from pythainlp.util import dict_trie

    extra = {alias for s in SYSTEMS for alias in s.aliases if " " not in alias}
    return dict_trie(dict_source=set(thai_words()) | extra)


@lru_cache(maxsize=1)
def _alias_tokens() -> tuple[tuple[str, tuple[str, ...]], ...]:
    pairs = []
    for system in SYSTEMS:
        for alias in system.aliases:
            pairs.append((system.code, tuple(_tokens(alias))))
    # longest alias first, so "BMA Single Sign-On" is tried before "Single Sign-On"
    return tuple(sorted(pairs, key=lambda p: -len(p[1])))


def recognise(text: str) -> list[str]:
    """Codes of the systems named in ``text``, in ``SYSTEMS`` order."""
    tokens = _tokens(text)
    found: set[str] = set()
    for code, alias in _alias_tokens():
        if code in found or not alias:
            continue
        n = len(alias)
        if any(tuple(tokens[i : i + n]) == alias for i in range(len(tokens) - n + 1)):
            found.add(code)
    return [s.code for s in SYSTEMS if s.code in found]
