"""Thai for messages whose translation makemessages had only guessed (fuzzy) when branches were merged."""

TH = {
    "failed": "ไม่สำเร็จ",
    "unchanged": "ไม่เปลี่ยนแปลง",
    "state changes": "การเปลี่ยนสถานะ",
    "state change": "การเปลี่ยนสถานะ",
    "named district office": "สำนักงานเขตที่ระบุชื่อ",
    "point in district": "พิกัดอยู่ในเขต",
    "swapped point in district": "พิกัดสลับกันอยู่ในเขต",
    "district text": "ชื่อเขตที่ระบุ",
    "comment": "รายละเอียด",
    "subdistrict": "แขวง",
    "district (text)": "เขต (ข้อความ)",
    "closing note": "บันทึกการปิดเรื่อง",
    "district by coordinates": "เขตตามพิกัด",
    "text district differs": "ชื่อเขตไม่ตรงกับพิกัด",
    "near another district": "ใกล้แนวเขตอื่น",
    "Complaints: district %(name)s": "เรื่องร้องเรียน: เขต%(name)s",
    "rank in peer group": "อันดับในกลุ่มเขตที่คล้ายกัน",
    "Location quality: district %(name)s": "คุณภาพพิกัด: เขต%(name)s",
    "Duplicate group": "กลุ่มเรื่องซ้ำ",
}
