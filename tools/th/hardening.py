"""Thai for validation at the boundary, sign-in hardening, upload limits and health (issue 22)."""

TH: dict[str, str] = {
    # pramoen/core/inputs.py
    "%(field)s: “%(value)s” is not a whole number.": "%(field)s: “%(value)s” ไม่ใช่จำนวนเต็ม",
    "%(field)s: %(value)s is outside %(low)s–%(high)s.": "%(field)s: %(value)s อยู่นอกช่วง %(low)s–%(high)s",
    "%(field)s: “%(value)s” is not a number.": "%(field)s: “%(value)s” ไม่ใช่ตัวเลข",
    "%(field)s: “%(value)s” is too large (it must be below %(limit)s).": "%(field)s: “%(value)s” มากเกินไป (ต้องน้อยกว่า %(limit)s)",
    "%(field)s: must be %(minimum)s or more.": "%(field)s: ต้องไม่น้อยกว่า %(minimum)s",
    # importers
    "“%(value)s” is too large: at most %(digits)d digits before the decimal point": "“%(value)s” มากเกินไป: ก่อนจุดทศนิยมมีได้ไม่เกิน %(digits)d หลัก",
    "a cell is longer than %(limit)d KB (is a quotation mark left unclosed?)": "ช่องข้อมูลยาวเกิน %(limit)d KB (อาจมีเครื่องหมายคำพูดที่ไม่ได้ปิด)",
    "the CSV cannot be read here: %(error)s": "อ่านไฟล์ CSV ตรงนี้ไม่ได้: %(error)s",
    "“%(value)s” is not a whole number from 0 to 999,999,999": "“%(value)s” ไม่ใช่จำนวนเต็มตั้งแต่ 0 ถึง 999,999,999",
    "%(name)s must be a date from %(first)s to %(last)s": "%(name)s ต้องเป็นวันที่ตั้งแต่ %(first)s ถึง %(last)s",
    "Row %(row)s, column weight": "แถวที่ %(row)s คอลัมน์น้ำหนัก",
    "item": "รายการ",
    "rows": "จำนวนแถว",
}
