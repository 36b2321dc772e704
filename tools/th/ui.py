"""Thai for the page shell: the grouped menu, the bell, the user menu, error pages, homes and the report flow."""

TH = {
    # menu groups
    "My work": "งานของฉัน",
    "Imported data": "ข้อมูลนำเข้า",
    "Settings": "ตั้งค่า",
    "Menu": "เมนู",
    "Change password": "เปลี่ยนรหัสผ่าน",
    ("who did it", "the system"): "ระบบ",
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
    # the report workflow
    "waiting for the head to submit": "รอหัวหน้าหน่วยงานส่ง",
    "sent to the head": "ส่งให้หัวหน้าหน่วยงานแล้ว",
    "accepted by the host agency": "หน่วยงานเจ้าภาพรับรองแล้ว",
    "sent back": "ส่งกลับให้แก้ไข",
    "This report is already waiting for the head.": "รายงานนี้รอหัวหน้าหน่วยงานส่งอยู่แล้ว",
    "Cannot send to the head: %(fields)s not filled in.": "ส่งให้หัวหน้าไม่ได้: ยังไม่ได้กรอก %(fields)s",
    "%(indicator)s for %(period)s is waiting for you to submit it.": (
        "ตัวชี้วัด %(indicator)s รอบ %(period)s รอให้ท่านตรวจและส่ง"
    ),
    "Your staff sent this report to you: check it and submit it.": (
        "เจ้าหน้าที่ส่งรายงานนี้ให้ท่านแล้ว กรุณาตรวจสอบและกดส่ง"
    ),
    "Sent to the head: waiting for the head to submit it. You may still correct it until then.": (
        "ส่งให้หัวหน้าหน่วยงานแล้ว รอหัวหน้าส่ง ท่านยังแก้ไขได้จนกว่าหัวหน้าจะส่ง"
    ),
    "About this indicator": "รายละเอียดตัวชี้วัด",
    "target for this period": "ค่าเป้าหมายของรอบนี้",
    "no target set for this period": "ยังไม่ได้กำหนดค่าเป้าหมายของรอบนี้",
    "for the year": "ทั้งปี",
    "criteria": "เกณฑ์การให้คะแนน",
    "score %(s)s": "คะแนน %(s)s",
    "last period": "ผลรอบที่แล้ว",
    "no verified value": "ยังไม่มีผลที่ตรวจสอบแล้ว",
    "this is the first period": "รอบนี้เป็นรอบแรกของปี",
    "evidence required": "หลักฐานที่ต้องแนบ",
    "photos or documents that show the result, with the place where a photo was taken": (
        "ภาพถ่ายหรือเอกสารที่แสดงผลการดำเนินงาน พร้อมตำแหน่งที่ถ่ายภาพ"
    ),
    "comment to the agency": "ความเห็นถึงหน่วยงาน",
    "Send to the head": "ส่งให้หัวหน้าหน่วยงาน",
    "Send this report to the head of your agency? The head checks it and submits it; you can still correct it until then.": (
        "ส่งรายงานนี้ให้หัวหน้าหน่วยงานหรือไม่ หัวหน้าจะตรวจสอบและส่งต่อ ท่านยังแก้ไขได้จนกว่าหัวหน้าจะส่ง"
    ),
    "Submit this report? It goes to the host agency for review, then to the evaluation office. You can no longer change it unless it is sent back.": (
        "ส่งรายงานนี้หรือไม่ รายงานจะไปยังหน่วยงานเจ้าภาพเพื่อตรวจสอบ แล้วจึงไปยังสำนักยุทธศาสตร์และประเมินผล "
        "หลังส่งแล้วจะแก้ไขไม่ได้ เว้นแต่ถูกส่งกลับ"
    ),
    "Submit this report? It goes to the evaluation office for verification. You can no longer change it unless it is sent back.": (
        "ส่งรายงานนี้หรือไม่ รายงานจะไปยังสำนักยุทธศาสตร์และประเมินผลเพื่อตรวจสอบ หลังส่งแล้วจะแก้ไขไม่ได้ เว้นแต่ถูกส่งกลับ"
    ),
    "Accept this report as the host agency? It then goes to the evaluation office for verification.": (
        "รับรองรายงานนี้ในฐานะหน่วยงานเจ้าภาพหรือไม่ รายงานจะไปยังสำนักยุทธศาสตร์และประเมินผลเพื่อตรวจสอบ"
    ),
    "Verify these figures? They become the verified result and the agency’s score is computed from them.": (
        "ยืนยันผลนี้หรือไม่ ตัวเลขนี้จะเป็นผลที่ตรวจสอบแล้ว และใช้คำนวณคะแนนของหน่วยงาน"
    ),
    "Send this report back to the agency with your comment? The agency corrects it and submits it again.": (
        "ส่งรายงานนี้กลับให้หน่วยงานพร้อมความเห็นหรือไม่ หน่วยงานจะแก้ไขและส่งใหม่"
    ),
    "Please confirm": "กรุณายืนยัน",
    "Cancel": "ยกเลิก",
    # homes
    "All reports waiting for you": "รายงานทั้งหมดที่รอท่าน",
    "Due this round: %(period)s": "ต้องรายงานรอบนี้: %(period)s",
    "the deadline has passed": "เลยกำหนดส่งแล้ว",
    "%(done)s of %(total)s reports submitted": "ส่งแล้ว %(done)s จาก %(total)s รายงาน",
    "%(n)s still to do": "ยังเหลือ %(n)s รายงาน",
    "reports submitted": "รายงานที่ส่งแล้ว",
    "Open this round's reports": "เปิดรายงานของรอบนี้",
    "The round: %(period)s": "รอบการรายงาน: %(period)s",
    "agency group": "กลุ่มหน่วยงาน",
    "Reports waiting for verification": "รายงานที่รอการตรวจสอบ",
    "Latest imports": "การนำเข้าข้อมูลล่าสุด",
    "Imports and other jobs in the background": "งานนำเข้าข้อมูลและงานอื่นที่ทำงานเบื้องหลัง",
    "Score of %(name)s": "คะแนนของ%(name)s",
    "up": "เพิ่มขึ้น",
    "down": "ลดลง",
    "Open the scorecard": "เปิดผลการประเมิน",
    "Latest notifications": "การแจ้งเตือนล่าสุด",
    "All notifications": "การแจ้งเตือนทั้งหมด",
    "not started": "ยังไม่เริ่ม",
    # evidence checks
    "photo taken at": "เวลาที่ถ่ายภาพ",
    "same photo as": "ภาพเดียวกับ",
    "taken": "ถ่ายเมื่อ",
    "taken before this fiscal year": "ถ่ายก่อนปีงบประมาณนี้",
    "the same photo was sent by %(agency)s": "ภาพเดียวกันนี้เคยส่งโดย%(agency)s",
    "the same photo is in another report of this agency": "ภาพเดียวกันนี้อยู่ในรายงานอื่นของหน่วยงานนี้แล้ว",
    "indicator %(indicator)s, %(period)s": "ตัวชี้วัด %(indicator)s รอบ %(period)s",
    # small label fixes in other apps' pages
    "not attached yet": "ยังไม่ได้แนบ",
    "inner city": "เขตชั้นใน",
    "middle ring": "เขตชั้นกลาง",
    "outer ring": "เขตชั้นนอก",
}

TH_PLURAL = {
    "Notifications: %(n)s unread": ["การแจ้งเตือน: ยังไม่อ่าน %(n)s รายการ"],
    "%(n)s report waits for you": ["มีรายงาน %(n)s รายการรอท่าน"],
    "%(n)s appeal waits for a decision": ["มีคำอุทธรณ์ %(n)s เรื่องรอการพิจารณา"],
    "%(n)s committee follow-up assigned to your agency is open": [
        "มีข้อสังเกตของคณะกรรมการที่มอบให้หน่วยงานของท่าน %(n)s เรื่องยังไม่แล้วเสร็จ"
    ],
    "%(n)s day left": ["เหลืออีก %(n)s วัน"],
    "%(n)s agency is late": ["หน่วยงานที่ส่งล่าช้า %(n)s แห่ง"],
    "%(n)s report not submitted": ["ยังไม่ส่ง %(n)s รายงาน"],
    "%(n)s unread": ["ยังไม่อ่าน %(n)s"],
}
