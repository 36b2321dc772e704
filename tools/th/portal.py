"""Thai for personal-data masking, the executive overview and the public portal."""

TH: dict[str, str] = {
    "Names, telephone numbers, ID numbers and e-mail addresses are hidden: only the district office the ticket is attributed to and the evaluation office read them.": "ชื่อ หมายเลขโทรศัพท์ เลขประจำตัว และอีเมลถูกปิดไว้ เฉพาะสำนักงานเขตที่รับผิดชอบเรื่องนี้และสำนักงานผู้ประเมินเท่านั้นที่เห็นข้อมูลเหล่านี้",
}
