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
    "%(name)s must be a date from %(first)s to %(last)s": "%(name)s ต้องเป็นวันที่ตั้งแต่ %(first)s ถึง %(last)s",
    "Row %(row)s, column weight": "แถวที่ %(row)s คอลัมน์น้ำหนัก",
    "item": "รายการ",
    "rows": "จำนวนแถว",
    # complaint files
    "read as Thai Windows text (TIS-620)": "อ่านเป็นข้อความภาษาไทยแบบ Windows (TIS-620)",
    "columns ignored (not in any Traffy Fondue format): %(columns)s": "คอลัมน์ที่ไม่ได้ใช้ (ไม่มีในรูปแบบไฟล์ Traffy Fondue ใด): %(columns)s",
    "%(name)s: the picture has more than %(mp)d megapixels; it cannot be accepted.": "%(name)s: ภาพมีขนาดเกิน %(mp)d ล้านพิกเซล จึงรับไม่ได้",
    "%(name)s: the picture is %(w)d × %(h)d pixels; at most %(mp)d megapixels are accepted.": "%(name)s: ภาพมีขนาด %(w)d × %(h)d พิกเซล รับได้ไม่เกิน %(mp)d ล้านพิกเซล",
    "%(name)s: the picture cannot be read.": "%(name)s: อ่านภาพไม่ได้",
    "%(name)s expands to more than %(mb)d MB; it cannot be read.": "%(name)s ขยายออกมาเกิน %(mb)d MB จึงอ่านไม่ได้",
    "%(name)s holds more than %(n)d files; it cannot be read.": "%(name)s มีไฟล์ข้างในเกิน %(n)d ไฟล์ จึงอ่านไม่ได้",
    # sign-in and accounts
    "Too many failed sign-ins. Try again in %(minutes)d minutes.": "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินกำหนด กรุณาลองใหม่ในอีก %(minutes)d นาที",
    "The password has too few different characters.": "รหัสผ่านมีตัวอักษรที่แตกต่างกันน้อยเกินไป",
    "The password is a common word with digits or symbols added; choose another.": "รหัสผ่านเป็นคำที่ใช้กันทั่วไปเติมตัวเลขหรือสัญลักษณ์ กรุณาเลือกรหัสอื่น",
    "The password contains a keyboard or alphabet sequence such as qwert or 12345.": "รหัสผ่านมีตัวอักษรเรียงตามแป้นพิมพ์หรือตามลำดับ เช่น qwert หรือ 12345",
    "Your password cannot be a common word with digits added, or a keyboard sequence.": "รหัสผ่านต้องไม่เป็นคำที่ใช้กันทั่วไปเติมตัวเลข หรือตัวอักษรเรียงตามแป้นพิมพ์",
    "Your password has been changed.": "เปลี่ยนรหัสผ่านเรียบร้อยแล้ว",
    "Change password": "เปลี่ยนรหัสผ่าน",
    "At least 12 characters, letters with digits or symbols.": "อย่างน้อย 12 ตัวอักษร มีทั้งตัวอักษรและตัวเลขหรือสัญลักษณ์",
    "Not a common word with digits added (such as <code>กรุงเทพ2567</code> or <code>Password1</code>), not a keyboard run (<code>qwerty</code>, <code>12345</code>).": "ไม่ใช่คำที่ใช้กันทั่วไปเติมตัวเลข (เช่น <code>กรุงเทพ2567</code> หรือ <code>Password1</code>) และไม่ใช่ตัวอักษรเรียงตามแป้นพิมพ์ (<code>qwerty</code>, <code>12345</code>)",
    "A short Thai sentence you remember is a good password.": "ประโยคภาษาไทยสั้น ๆ ที่จำได้เป็นรหัสผ่านที่ดี",
    "People who left keep no live account: end these in the administration pages, or apply the HR roster (pramoen hr_roster).": "ผู้ที่ลาออกหรือย้ายไปแล้วต้องไม่มีบัญชีที่ยังใช้งานได้: ระงับบัญชีเหล่านี้ในหน้าผู้ดูแลระบบ หรือนำเข้ารายชื่อบุคลากรปัจจุบัน (pramoen hr_roster)",
    "last signed in": "เข้าสู่ระบบครั้งล่าสุด",
    "never signed in": "ไม่เคยเข้าสู่ระบบ",
    "%(file)s is not a readable .xlsx file.": "ไฟล์ %(file)s ไม่ใช่ไฟล์ .xlsx ที่อ่านได้",
    "%(file)s is not UTF-8 or Thai Windows (TIS-620) text.": "ไฟล์ %(file)s ไม่ใช่ข้อความ UTF-8 หรือภาษาไทยแบบ Windows (TIS-620)",
    "%(file)s: %(error)s": "%(file)s: %(error)s",
    "%(file)s: row 1 (the header) lacks the column “username”.": "%(file)s: แถวที่ 1 (หัวตาราง) ไม่มีคอลัมน์ “username”",
    "%(file)s lists nobody: refusing to deactivate every account.": "ไฟล์ %(file)s ไม่มีรายชื่อใดเลย จึงไม่ระงับบัญชีทั้งหมด",
    "The roster would end %(n)d of %(total)d accounts; check the file (nothing was saved).": "รายชื่อนี้จะระงับบัญชี %(n)d จาก %(total)d บัญชี กรุณาตรวจสอบไฟล์ (ยังไม่ได้บันทึกสิ่งใด)",
}
TH_PLURAL: dict[str, list[str]] = {
    "%(n)s account not used for %(days)s days": ["%(n)s บัญชีไม่ได้ใช้งานมา %(days)s วัน"],
}
