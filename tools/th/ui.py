"""Thai for the page shell: the grouped menu, the bell, the user menu, error pages, homes and the report flow."""

TH = {
    # menu groups
    "My work": "งานของฉัน",
    "Imported data": "ข้อมูลนำเข้า",
    "Settings": "ตั้งค่า",
    "Menu": "เมนู",
    "Deadlines and locks": "กำหนดส่งและการปิดรับรายงาน",
    "Change password": "เปลี่ยนรหัสผ่าน",
    # error pages
    "The request could not be understood": "ระบบไม่เข้าใจคำขอนี้",
    "Something in the address or the form was not valid. Go back, check what you entered and try again.": (
        "ที่อยู่หน้าหรือข้อมูลในแบบฟอร์มไม่ถูกต้อง กรุณาย้อนกลับ ตรวจสอบข้อมูลที่กรอก แล้วลองอีกครั้ง"
    ),
    "You may not open this page": "ท่านไม่มีสิทธิ์เปิดหน้านี้",
    "Your role does not allow this page. If you need it for your work, ask your agency's administrator.": (
        "บทบาทของท่านไม่มีสิทธิ์เข้าถึงหน้านี้ หากจำเป็นต้องใช้ในการทำงาน กรุณาติดต่อผู้ดูแลระบบของหน่วยงาน"
    ),
    "Page not found": "ไม่พบหน้าที่ต้องการ",
    "The address may be mistyped, or the item was removed. Start again from your home page.": (
        "ที่อยู่หน้าอาจพิมพ์ผิด หรือรายการนี้ถูกลบไปแล้ว กรุณาเริ่มใหม่จากหน้าหลักของท่าน"
    ),
    "Something went wrong on our side": "ระบบขัดข้อง",
    "Nothing you did caused this. The error was recorded; try again in a few minutes.": (
        "ข้อผิดพลาดนี้ไม่ได้เกิดจากการกระทำของท่าน ระบบได้บันทึกไว้แล้ว กรุณาลองใหม่อีกครั้งในอีกสักครู่"
    ),
    "Error %(status)s": "ข้อผิดพลาด %(status)s",
    "Go to my home page": "ไปที่หน้าหลักของฉัน",
}

TH_PLURAL = {
    "Notifications: %(n)s unread": ["การแจ้งเตือน: ยังไม่อ่าน %(n)s รายการ"],
}
