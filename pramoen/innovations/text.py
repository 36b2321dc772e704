"""Thai text for search and grouping: words by PyThaiNLP (newmm), stop words and punctuation dropped."""

from __future__ import annotations

import re
from functools import lru_cache

# a word worth keeping: Thai letters, Latin letters or digits (no punctuation, no lone marks)
_WORD = re.compile(r"^[\u0e01-\u0e4ea-z0-9][\u0e01-\u0e4ea-z0-9.\-]*$")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords())


def tokens(text: str) -> list[str]:
    """The words of ``text`` (lower-cased), stop words and punctuation removed, in order."""
    from pythainlp.tokenize import word_tokenize

    stop = _stopwords()
    out = []
    for raw in word_tokenize(text.lower(), engine="newmm", keep_whitespace=False):
        word = raw.strip()
        if len(word) < 2 and not word.isdigit():
            continue
        if word in stop or not _WORD.match(word):
            continue
        out.append(word)
    return out


def search_tokens(*parts: str) -> str:
    return " ".join(tokens(" ".join(p for p in parts if p)))
