"""Line breaks only between Thai words.

Thai has no spaces between words, so a renderer must guess where a line may end.  Pango (the PDF's
layout) breaks compounds inside a word ("ตัวชี้|วัด", "หน่วย|งาน"); the official report must not.  For
the PDF each Thai word found by PyThaiNLP (newmm, with the names of the systems and agencies the
report uses added to its dictionary) is kept whole (``white-space: nowrap``) and a zero-width space
marks the break allowed between two Thai words.  Browsers break Thai by dictionary themselves, so the
web version is left as it is.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

THAI = re.compile("[\u0e00-\u0e7f]")
ZWSP = "\u200b"


@functools.lru_cache(maxsize=1)
def _tokenizer() -> Any:
    from pythainlp.corpus.common import thai_words
    from pythainlp.tokenize import Tokenizer

    words = set(thai_words())
    # words the report uses that the default dictionary splits
    words.update({"ตัวชี้วัด", "หน่วยงาน", "สำนักงานเขต", "กรุงเทพมหานคร", "งบประมาณ", "บูรณาการ"})
    return Tokenizer(custom_dict=words, engine="newmm", keep_whitespace=True)


def thai_words(text: str) -> list[str]:
    """``text`` cut into words (spaces kept as their own tokens)."""
    return list(_tokenizer().word_tokenize(text))


def _ends_with_mark(text: str) -> bool:
    return unicodedata.category(text[-1]) == "Mn"


def _segment(parts: list[str]) -> str:
    text = "".join(parts)
    piece = escape(text)
    return f'<span class="w">{piece}</span>' if THAI.search(text) and len(text) > 1 else piece


@functools.lru_cache(maxsize=20_000)
def wrap_words(text: str) -> SafeString:
    """``text`` as HTML in which a line may end only between words.

    Each run of words without a space between them is cut into unbreakable spans, a zero-width space
    between two Thai words allowing the break.  A span never ends right after a combining mark unless
    a space follows: text extraction (poppler) moves a mark that ends one drawn run behind the first
    letter of the next ("พื้นที่ใน" would read "พื้นทีใ่ น"), so such a word keeps the next one with it.
    """
    if not THAI.search(text):
        return mark_safe(escape(text))
    out: list[str] = []
    current: list[str] = []
    for token in thai_words(text):
        if token.isspace():
            if current:
                out.append(_segment(current))
                current = []
            out.append(escape(token))
        elif not current or _ends_with_mark(current[-1]):
            current.append(token)
        else:
            out.append(_segment(current))
            if THAI.match(current[-1][-1]) and THAI.match(token[0]):
                out.append(ZWSP)
            current = [token]
    if current:
        out.append(_segment(current))
    return mark_safe("".join(out))
