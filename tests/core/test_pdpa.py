"""Masking personal data in complaint texts: what must go, and what must stay readable."""

import pytest

from pramoen.core import pdpa


@pytest.mark.parametrize(
    ("text", "gone", "placeholder"),
    [
        ("ผู้แจ้ง : 089-123-4567 รบกวนด่วน", "089-123-4567", pdpa.PHONE),
        ("โทร 0891234567", "0891234567", pdpa.PHONE),
        ("ติดต่อ 02 123 4567 ในเวลาราชการ", "02 123 4567", pdpa.PHONE),
        ("call +66 81 234 5678", "81 234 5678", pdpa.PHONE),
        ("โทร ๐๘๑๒๓๔๕๖๗๘", "๐๘๑๒๓๔๕๖๗๘", pdpa.PHONE),
        ("เลขบัตร 1-1017-00123-45-1 ครับ", "1-1017-00123-45-1", pdpa.ID_NUMBER),
        ("เลขบัตร 1101700123451", "1101700123451", pdpa.ID_NUMBER),
        ("ส่งรูปที่ somchai.k@example.co.th นะ", "somchai.k@example.co.th", pdpa.EMAIL),
        ("แอดไลน์ไอดี somchai_88 ได้", "somchai_88", pdpa.ACCOUNT),
        ("นายสมชาย ใจดี แจ้งว่าไฟดับ", "สมชาย", pdpa.NAME),
        ("ชื่อ: นางสาวมาลี ศรีสุข", "มาลี", pdpa.NAME),
        ("ผู้แจ้ง : สมปอง", "สมปอง", pdpa.NAME),
        ("คุณสมศรี โทรมา", "สมศรี", pdpa.NAME),
        ("Reported by Mr. John", "John", pdpa.NAME),
    ],
)
def test_it_masks_each_kind_of_personal_data(text, gone, placeholder):
    masked = pdpa.mask(text)
    assert gone not in masked
    assert placeholder in masked
    assert pdpa.holds_personal_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "ถนนคุณภาพไม่ดี ฝาท่อแตก ซอย 12 บ้านเลขที่ 45/6",
        "น้ำท่วมขัง 3 วัน วันที่ 12/05/2566 เวลา 10:30",
        "ผู้แจ้งต้องการให้เจ้าหน้าที่เข้ามาตรวจสอบ",
        "ขอให้นายกฯ มาดู งบ 1,500,000 บาท",
        "",
    ],
)
def test_it_leaves_ordinary_complaint_text_alone(text):
    assert pdpa.mask(text) == text
    assert not pdpa.holds_personal_data(text)


def test_none_is_empty_text():
    assert pdpa.mask(None) == ""
