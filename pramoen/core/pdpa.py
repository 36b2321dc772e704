"""Personal data in free text (Thailand's PDPA): find and mask what names or reaches a person.

Traffy Fondue comments, addresses and closing notes are typed by citizens and officials and often hold
the reporter's name, telephone, national ID number, e-mail or LINE id ("ผู้แจ้ง : 089-…").  ``mask``
replaces each with a bracketed Thai placeholder naming what was removed, so the text stays readable
and nobody can tell whose it was.  It is deliberately greedy: a long digit run is masked even when it
is not a telephone (a parcel number reads like one), because leaving a number out costs less than
publishing one.  Who sees the unmasked text is decided by ``pramoen.orgs.policy`` (see docs/privacy.md).
"""

from __future__ import annotations

import re

PHONE = "[โทรศัพท์]"
ID_NUMBER = "[เลขประจำตัว]"
EMAIL = "[อีเมล]"
NAME = "[ชื่อ]"
ACCOUNT = "[บัญชีติดต่อ]"

_DIGIT = "[0-9๐-๙]"
_SEP = r"[\s.\-–]?"

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+\s?@\s?[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
# a run of digits, optionally split by one space, dot, dash or slash between digits
_DIGITS = re.compile(rf"(?<![0-9๐-๙A-Za-z])\+?{_DIGIT}(?:{_SEP}{_DIGIT})+(?![0-9๐-๙A-Za-z])")
# messaging accounts named after their label: "line: abc_12", "ไลน์ไอดี abc", "facebook : somchai.k"
_ACCOUNT = re.compile(
    r"(?i)(?P<label>\b(?:line\s*id|line|facebook|fb|ig|instagram)\b|ไลน์\s*(?:ไอดี)?|ไอดีไลน์|เฟซบุ๊ก|เฟสบุ๊ค)"
    r"(?P<sep>\s*[:：=\-]?\s*)(?P<value>@?[A-Za-z0-9._\-]{2,40})"
)
_THAI_WORD = "[ก-๏]+"
# a person named after a title or a label ("นายสมชาย ใจดี", "คุณสมศรี", "ผู้แจ้ง : สมปอง", "ชื่อ สมหญิง")
# "นาย" and "นาง" begin words that are no names (นายก mayor, นายช่าง engineer, นางพยาบาล nurse, …)
_NOT_A_NAME_AFTER_NAI = "(?!ก|ทะเบียน|ช่าง|ตรวจ|อำเภอ|ทหาร|ตำรวจ|ด่าน|ท่า|ประกัน|จ้าง|หน้า)"
_TITLE = (
    rf"(?:นางสาว|นาง(?!พยาบาล)|นาย{_NOT_A_NAME_AFTER_NAI}|น\.ส\.|ด\.ช\.|ด\.ญ\.|เด็กชาย|เด็กหญิง"
    r"|Mr\.?|Mrs\.?|Ms\.?|Miss)"
)
_NAMED_BY = r"(?:ผู้แจ้ง|ผู้ร้องเรียน|ผู้ร้อง|ชื่อผู้ติดต่อ|ผู้ติดต่อ|ชื่อ)"
# "คุณ" starts many words (คุณภาพ quality, คุณค่า value, …): those are not names
_NOT_A_NAME_AFTER_KHUN = "(?!ภาพ|ค่า|สมบัติ|ธรรม|ลักษณะ|ประโยชน์|ูปการ|วุฒิ|งาม|ความดี)"
_TITLED = re.compile(
    rf"(?P<title>{_TITLE})\s*(?P<name>{_THAI_WORD}|[A-Z][a-z]+)(?:\s+(?:{_THAI_WORD}|[A-Z][a-z]+))?"
)
_KHUN = re.compile(rf"(?P<title>คุณ){_NOT_A_NAME_AFTER_KHUN}\s*(?P<name>{_THAI_WORD})")
_LABELLED = re.compile(
    rf"(?P<title>{_NAMED_BY})(?P<sep>\s*[:：]\s*|\s+)(?P<name>{_TITLE}?\s*{_THAI_WORD}(?:\s+{_THAI_WORD})?)"
)
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# fewer digits than this are amounts, dates, house numbers; Thai landlines have 9, mobiles 10, IDs 13
MIN_DIGITS = 9


def _digits(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = re.sub(r"\D", "", text.translate(_THAI_DIGITS))
    if len(digits) < MIN_DIGITS:
        return text
    return ID_NUMBER if len(digits) == 13 else PHONE


# words that follow a name label but are not names ("ผู้แจ้งต้องการให้…", "ติดต่อกลับ", "ชื่อถนน")
_NOT_NAMES = ("ต้องการ", "เพิ่มเติม", "เพ่มเติม", "แจ้ง", "กลับ", "ไม่", "ได้", "ว่า", "ให้", "ถนน", "ซอย")


def _labelled(match: re.Match[str]) -> str:
    name = match.group("name").strip()
    if not match.group("sep").strip() and name.startswith(_NOT_NAMES):
        return match.group(0)
    return f"{match.group('title')}{match.group('sep')}{NAME}"


def mask(text: str | None) -> str:
    """``text`` with every telephone, ID number, e-mail, messaging account and named person replaced."""
    if not text:
        return ""
    text = _EMAIL.sub(EMAIL, text)
    text = _ACCOUNT.sub(lambda m: f"{m.group('label')}{m.group('sep')}{ACCOUNT}", text)
    text = _DIGITS.sub(_digits, text)
    text = _LABELLED.sub(_labelled, text)
    text = _TITLED.sub(lambda m: f"{m.group('title')}{NAME}", text)
    return _KHUN.sub(lambda m: f"{m.group('title')}{NAME}", text)


def holds_personal_data(text: str | None) -> bool:
    return bool(text) and mask(text) != text
