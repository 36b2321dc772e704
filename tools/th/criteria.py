"""Thai for criteria over time (framework.criteria, the workbook's period_criteria and plan_curve sheets,
the feed pages that read them)."""

TH = {
    "year-end criteria": "เกณฑ์สิ้นปี",
    "criteria set for this period": "เกณฑ์ที่กำหนดสำหรับรอบนี้",
    "year-end criteria scaled by the cumulative plan": "เกณฑ์สิ้นปีปรับตามแผนสะสม",
    "year-end criteria × the cumulative plan of %(period)s (%(share)s %% of the year)": (
        "เกณฑ์สิ้นปี × แผนสะสม ณ สิ้นรอบ %(period)s (ร้อยละ %(share)s ของทั้งปี)"
    ),
    "criteria set for period %(period)s": "เกณฑ์ที่กำหนดสำหรับรอบ %(period)s",
    "demo value": "ค่าสาธิต",
    "criteria of a period": "เกณฑ์รายรอบ",
    "criteria of periods": "เกณฑ์รายรอบ",
    "planned share of the year-end criteria (%)": "ร้อยละของเกณฑ์สิ้นปีตามแผน ณ สิ้นรอบ",
    "plan curve point": "จุดของแผนสะสม",
    "plan curve points": "จุดของแผนสะสม",
    "Criteria of %(period)s": "เกณฑ์ของรอบ %(period)s",
    "criteria of %(key)s": "เกณฑ์รายรอบ %(key)s",
    "plan point %(key)s": "จุดของแผนสะสม %(key)s",
    "No indicator of this fiscal year is computed from these figures: levels and scores are not shown.": (
        "ปีงบประมาณนี้ไม่มีตัวชี้วัดที่คำนวณจากข้อมูลชุดนี้ จึงไม่แสดงระดับและคะแนน"
    ),
    "Fiscal year %(year)s: the five-level criteria of the indicator computed from these figures, for each "
    "period. Scores, these pages and the advice on reaching a level all use them.": (
        "ปีงบประมาณ %(year)s: เกณฑ์ ๕ ระดับของตัวชี้วัดที่คำนวณจากข้อมูลชุดนี้ แยกตามรอบ "
        "ทั้งคะแนน หน้านี้ และคำแนะนำว่าต้องทำเพิ่มเท่าใดจึงถึงแต่ละระดับ ใช้เกณฑ์ชุดเดียวกันนี้"
    ),
    "Set them in the framework workbook.": "กำหนดได้ในสมุดงานกรอบการประเมิน",
    "%(period)s ends with the year, when the year-end criteria apply in full: its share must be 100, not "
    "%(share)s.": (
        "รอบ %(period)s สิ้นสุดพร้อมปีงบประมาณ ซึ่งใช้เกณฑ์สิ้นปีเต็มจำนวน ร้อยละตามแผนจึงต้องเป็น 100 ไม่ใช่ %(share)s"
    ),
    "A plan curve scales the year-end criteria of %(code)s, so they must not be negative (%(value)s).": (
        "แผนสะสมใช้ปรับสัดส่วนเกณฑ์สิ้นปีของตัวชี้วัด %(code)s เกณฑ์สิ้นปีจึงติดลบไม่ได้ (%(value)s)"
    ),
    "A cumulative plan never falls: %(period)s (%(share)s) ends no earlier than %(before)s, so its share must "
    "be at least %(before_share)s (equal when they end on the same day).": (
        "แผนสะสมต้องไม่ลดลง: รอบ %(period)s (%(share)s) สิ้นสุดไม่ก่อนรอบ %(before)s "
        "ร้อยละตามแผนจึงต้องไม่น้อยกว่า %(before_share)s (และต้องเท่ากันเมื่อสิ้นสุดวันเดียวกัน)"
    ),
}
