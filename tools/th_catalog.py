"""Thai translations of pramoen's English message ids (the source of the Thai .po catalogue).

`make messages` runs makemessages, then this script fills every msgid it knows, and compiles the
catalogue. Add a line here for each new message; `tests/core/test_i18n.py` fails when one is missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

TH: dict[str, str] = {
    "Core": "แกนระบบ",
    "created": "สร้าง",
    "updated": "แก้ไข",
    "deleted": "ลบ",
    "when": "เมื่อ",
    "who": "ผู้ทำรายการ",
    "action": "การกระทำ",
    "record type": "ประเภทข้อมูล",
    "record id": "รหัสข้อมูล",
    "record": "ข้อมูล",
    "changes": "การเปลี่ยนแปลง",
    "audit entry": "รายการบันทึกการเปลี่ยนแปลง",
    "audit log": "บันทึกการเปลี่ยนแปลงข้อมูล",
    "Dashboards": "แดชบอร์ด",
    "Organisations and people": "หน่วยงานและบุคลากร",
    "The user name or password is wrong. Both are case-sensitive.": "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง (ตัวพิมพ์ใหญ่-เล็กมีผล)",
    "Too many failed sign-ins for this user name. Try again in %(minutes)d minutes.": "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินกำหนด กรุณาลองใหม่ในอีก %(minutes)d นาที",
    "Thai name": "ชื่อภาษาไทย",
    "English name": "ชื่อภาษาอังกฤษ",
    "code": "รหัส",
    "map colour": "สีบนแผนที่",
    "#rrggbb used on the district map": "รหัสสี #rrggbb ที่ใช้บนแผนที่เขต",
    "district group": "กลุ่มเขต",
    "district groups": "กลุ่มเขต",
    "bureau": "สำนัก",
    "office": "สำนักงาน",
    "district office": "สำนักงานเขต",
    "kind": "ประเภท",
    "Thai abbreviation": "ชื่อย่อภาษาไทย",
    "English abbreviation": "ชื่อย่อภาษาอังกฤษ",
    "active": "ใช้งาน",
    "agency": "หน่วยงาน",
    "agencies": "หน่วยงาน",
    "geocode": "รหัสเขต",
    "BMA order": "ลำดับของ กทม.",
    "population": "ประชากร",
    "area (km²)": "พื้นที่ (ตร.กม.)",
    "communities": "ชุมชน",
    "schools": "โรงเรียน",
    "boundary": "แนวเขต",
    "map outline": "แนวเขตสำหรับแผนที่",
    "district": "เขต",
    "districts": "เขต",
    "number": "คณะที่",
    "Thai theme": "ด้าน (ภาษาไทย)",
    "English theme": "ด้าน (ภาษาอังกฤษ)",
    "monitoring committee": "คณะกรรมการตรวจติดตามประเมินผล",
    "monitoring committees": "คณะกรรมการตรวจติดตามประเมินผล",
    "Committee %(number)s: %(theme)s": "คณะที่ %(number)s %(theme)s",
    "chair": "ประธานกรรมการ",
    "vice-chair": "รองประธานกรรมการ",
    "member": "กรรมการ",
    "secretary": "กรรมการและเลขานุการ",
    "name or position": "ชื่อหรือตำแหน่ง",
    "role": "บทบาท",
    "order": "ลำดับ",
    "committee member": "กรรมการ",
    "committee members": "กรรมการ",
    "full name (Thai)": "ชื่อ-นามสกุล (ภาษาไทย)",
    "user": "ผู้ใช้",
    "users": "ผู้ใช้",
    "agency staff (reporter)": "เจ้าหน้าที่หน่วยงาน (ผู้รายงานผล)",
    "agency head (approver)": "หัวหน้าหน่วยงาน (ผู้อนุมัติ)",
    "host-agency reviewer": "ผู้ตรวจทานของหน่วยงานเจ้าภาพหลัก (H)",
    "evaluation officer": "เจ้าหน้าที่ประเมินผล (สยป.)",
    "committee secretary": "เลขานุการคณะกรรมการ",
    "executive": "ผู้บริหาร",
    "administrator": "ผู้ดูแลระบบ",
    "role assignment": "การมอบบทบาท",
    "role assignments": "การมอบบทบาท",
    "failed sign-in": "การเข้าสู่ระบบที่ไม่สำเร็จ",
    "failed sign-ins": "การเข้าสู่ระบบที่ไม่สำเร็จ",
    "The password must contain letters and also digits or symbols.": "รหัสผ่านต้องมีตัวอักษร และมีตัวเลขหรือสัญลักษณ์ด้วย",
    "Your password must contain letters and also digits or symbols.": "รหัสผ่านของท่านต้องมีตัวอักษร และมีตัวเลขหรือสัญลักษณ์ด้วย",
    "You do not have permission for this action (%(action)s).": "ท่านไม่มีสิทธิ์ดำเนินการนี้ (%(action)s)",
    "This role needs an agency and no committee.": "บทบาทนี้ต้องระบุหน่วยงาน และไม่ต้องระบุคณะกรรมการ",
    "This role needs a committee and no agency.": "บทบาทนี้ต้องระบุคณะกรรมการ และไม่ต้องระบุหน่วยงาน",
    "This role applies to the whole system; give no agency or committee.": "บทบาทนี้ใช้กับทั้งระบบ ไม่ต้องระบุหน่วยงานหรือคณะกรรมการ",
    "Thai": "ภาษาไทย",
    "English": "ภาษาอังกฤษ",
    "pramoen": "ประเมิน",
    "BMA performance evaluation": "ระบบประเมินผลการปฏิบัติราชการ กรุงเทพมหานคร",
    "Skip to content": "ข้ามไปยังเนื้อหา",
    "Main menu": "เมนูหลัก",
    "Open menu": "เปิดเมนู",
    "Home": "หน้าหลัก",
    "Agencies": "หน่วยงาน",
    "Committees": "คณะกรรมการ",
    "District map": "แผนที่เขต",
    "Audit log": "บันทึกการเปลี่ยนแปลง",
    "Administration": "ผู้ดูแลระบบ",
    "Larger text": "ขยายตัวอักษร",
    "A+ text size": "ก+ ขนาดตัวอักษร",
    "Sign out": "ออกจากระบบ",
    "Bangkok Metropolitan Administration": "กรุงเทพมหานคร",
    "Record type": "ประเภทข้อมูล",
    "All": "ทั้งหมด",
    "Who": "ผู้ทำรายการ",
    "Filter": "กรอง",
    "When": "เมื่อ",
    "Action": "การกระทำ",
    "Record": "ข้อมูล",
    "Before → after": "ก่อน → หลัง",
    "Nothing recorded yet.": "ยังไม่มีบันทึก",
    "Pages": "หน้า",
    "Newer": "ใหม่กว่า",
    "page %(n)s of %(total)s": "หน้า %(n)s จาก %(total)s",
    "Older": "เก่ากว่า",
    "Welcome, %(name)s": "สวัสดี คุณ%(name)s",
    "You have no role yet. Ask the administrator of your agency to give you one.": "ท่านยังไม่ได้รับบทบาทในระบบ กรุณาติดต่อผู้ดูแลระบบของหน่วยงาน",
    "Your roles": "บทบาทของท่าน",
    "Agency page": "หน้าหน่วยงาน",
    "District page": "หน้าเขต",
    "Not yet available: action plans, progress reports and scores arrive with the next releases.": "ยังไม่เปิดใช้: แผนปฏิบัติการ การรายงานผล และคะแนน จะเปิดใช้ในรุ่นถัดไป",
    "Committee page: agencies and districts it reviews": "หน้าคณะกรรมการ: หน่วยงานและสำนักงานเขตที่ตรวจติดตาม",
    "Not yet available: recording obstacles and issuing the committee report.": "ยังไม่เปิดใช้: การบันทึกปัญหา/อุปสรรค และการออกรายงานของคณะกรรมการ",
    "Evaluation office": "สำนักยุทธศาสตร์และประเมินผล",
    "All agencies": "หน่วยงานทั้งหมด",
    "Monitoring committees": "คณะกรรมการตรวจติดตามประเมินผล",
    "Not yet available: fiscal-year framework, data feeds, verification and appeals.": "ยังไม่เปิดใช้: กรอบการประเมินประจำปี ข้อมูลนำเข้า การตรวจสอบผล และการอุทธรณ์",
    "Executive overview": "ภาพรวมสำหรับผู้บริหาร",
    "Map of the 50 districts by group": "แผนที่ ๕๐ เขต แยกตามกลุ่มเขต",
    "Not yet available: scores, rankings and recurring obstacles.": "ยังไม่เปิดใช้: คะแนน การจัดอันดับ และปัญหาที่พบซ้ำ",
    "System administration": "การดูแลระบบ",
    "Users, roles and organisations": "ผู้ใช้ บทบาท และหน่วยงาน",
    "API documentation": "เอกสาร API",
    "Abbreviation": "ชื่อย่อ",
    "Kind": "ประเภท",
    "District": "เขต",
    "District group": "กลุ่มเขต",
    "Reviewed by": "คณะกรรมการที่ตรวจติดตาม",
    "People with a role in this agency": "บุคลากรที่มีบทบาทในหน่วยงานนี้",
    "Nobody yet.": "ยังไม่มี",
    "Search": "ค้นหา",
    "Name or abbreviation": "ชื่อหรือชื่อย่อ",
    "All kinds": "ทุกประเภท",
    "Agency": "หน่วยงาน",
    "consisting of": "ประกอบด้วย",
    "and district group": "และกลุ่มเขต",
    "Members": "กรรมการ",
    "Bureaus and offices reviewed": "สำนักและสำนักงานที่ตรวจติดตาม",
    "District offices reviewed": "สำนักงานเขตที่ตรวจติดตาม",
    "%(n)s bureaus and offices, and the %(d)s district offices of group %(g)s": "สำนัก/สำนักงาน %(n)s หน่วยงาน และสำนักงานเขต %(d)s เขตของกลุ่ม%(g)s",
    "Not yet available: recording this committee's obstacles, suggestions and observations.": "ยังไม่เปิดใช้: การบันทึกปัญหา/อุปสรรค ข้อเสนอแนะ และข้อสังเกตของคณะนี้",
    "District %(name)s": "เขต%(name)s",
    "Geocode": "รหัสเขต",
    "District office": "สำนักงานเขต",
    "Population": "ประชากร",
    "Area": "พื้นที่",
    "km²": "ตร.กม.",
    "Communities": "ชุมชน",
    "Schools": "โรงเรียน",
    "Source: BMA GIS district layer; the population figures have no stated reference year.": "ที่มา: ชั้นข้อมูลเขตของระบบสารสนเทศภูมิศาสตร์ กรุงเทพมหานคร (ไม่ระบุปีอ้างอิงของจำนวนประชากร)",
    "The 50 districts by district group": "๕๐ เขต แยกตามกลุ่มเขต",
    "Tap a district to open its page.": "แตะที่เขตเพื่อเปิดหน้าของเขตนั้น",
    "Map of Bangkok districts": "แผนที่เขตของกรุงเทพมหานคร",
    "Districts by group": "รายชื่อเขตแยกตามกลุ่มเขต",
    "committee %(n)s": "คณะที่ %(n)s",
    "Sign in": "เข้าสู่ระบบ",
    "Sign in to pramoen": "เข้าสู่ระบบประเมิน (pramoen)",
    "Performance evaluation of BMA agencies": "ระบบติดตามและประเมินผลการปฏิบัติราชการของหน่วยงานสังกัดกรุงเทพมหานคร",
    "User name": "ชื่อผู้ใช้",
    "Password": "รหัสผ่าน",
}
TH_PLURAL: dict[str, list[str]] = {
    "%(n)s agency": ["%(n)s หน่วยงาน"],
}


def fill(po_path: Path) -> list[str]:
    """Write every known translation into the catalogue; return the msgids still untranslated."""
    import polib

    po = polib.pofile(str(po_path))
    missing = []
    for entry in po:
        if entry.msgid_plural:
            if entry.msgid in TH_PLURAL:
                entry.msgstr_plural = dict(enumerate(TH_PLURAL[entry.msgid]))
            elif not any(entry.msgstr_plural.values()):
                missing.append(entry.msgid)
        elif entry.msgid in TH:
            entry.msgstr = TH[entry.msgid]
        elif not entry.msgstr:
            missing.append(entry.msgid)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata["Project-Id-Version"] = "pramoen"
    po.metadata["Language-Team"] = "pramoen <pramoen@localhost>"
    po.metadata["Last-Translator"] = "pramoen developers"
    po.metadata["PO-Revision-Date"] = po.metadata.get("POT-Creation-Date", "")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Language"] = "th"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save()
    return missing


if __name__ == "__main__":
    missing = fill(Path(sys.argv[1]))
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    sys.exit(1 if missing else 0)
