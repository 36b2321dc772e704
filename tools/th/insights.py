"""Thai for the executive overview's year-end projection and fair comparison (pramoen/insights)."""

TH: dict[str, str] = {
    # projection methods: one line each on the page
    "The year is over: its result needs no projection.": "สิ้นปีงบประมาณแล้ว ใช้ผลจริงทั้งปี ไม่ต้องคาดการณ์",
    "Seasonality of this agency's disbursement in FY %(year)s: %(share)s %% of that year's by this month.": "ตามฤดูกาลการเบิกจ่ายของหน่วยงานนี้ในปีงบประมาณ %(year)s: ถึงเดือนนี้ปีนั้นเบิกจ่ายได้ร้อยละ %(share)s ของทั้งปี",
    "Seasonality of all agencies' disbursement in FY %(year)s: %(share)s %% of that year's by this month.": "ตามฤดูกาลการเบิกจ่ายของทุกหน่วยงานรวมกันในปีงบประมาณ %(year)s: ถึงเดือนนี้ปีนั้นเบิกจ่ายได้ร้อยละ %(share)s ของทั้งปี",
    "Seasonality of this district's tickets in FY %(year)s: the remaining months' tickets as in that year, scaled to this year, resolved as in the same months then.": "ตามฤดูกาลเรื่องร้องเรียนของเขตนี้ในปีงบประมาณ %(year)s: เรื่องในเดือนที่เหลือประมาณตามปีนั้นปรับตามปริมาณปีนี้ และแก้ไขเสร็จในสัดส่วนเดียวกับเดือนเดียวกันของปีนั้น",
    "Seasonality of all districts' tickets in FY %(year)s: the remaining months' tickets as in that year, scaled to this year, resolved as in the same months then.": "ตามฤดูกาลเรื่องร้องเรียนของทุกเขตรวมกันในปีงบประมาณ %(year)s: เรื่องในเดือนที่เหลือประมาณตามปีนั้นปรับตามปริมาณปีนี้ และแก้ไขเสร็จในสัดส่วนเดียวกับเดือนเดียวกันของปีนั้น",
    "Straight line: the resolution rate so far holds to the year's end (no tickets of a past year).": "เส้นตรง: อัตราแก้ไขเสร็จเท่าที่ผ่านมาคงที่ถึงสิ้นปี (ไม่มีข้อมูลเรื่องร้องเรียนของปีก่อน)",
    "The indicator's cumulative plan: %(share)s %% of the year by the end of this period.": "ตามแผนสะสมของตัวชี้วัด: ถึงสิ้นงวดนี้แผนอยู่ที่ร้อยละ %(share)s ของทั้งปี",
    "The agency's own targets: %(period)s this period, %(year)s for the year.": "ตามค่าเป้าหมายของหน่วยงาน: เป้างวดนี้ %(period)s เป้าทั้งปี %(year)s",
    "Lower is better and there is no plan or period target: the latest value holds.": "ค่ายิ่งต่ำยิ่งดีและไม่มีแผนหรือเป้ารายงวด: ใช้ค่าล่าสุดเป็นค่าคาดการณ์",
    "Straight line by time: %(gone)s of %(days)s days gone (no plan, period targets or past year).": "เส้นตรงตามเวลา: ผ่านไป %(gone)s จาก %(days)s วัน (ไม่มีแผนสะสม เป้ารายงวด หรือข้อมูลปีก่อน)",
    # the methods' short names
    "the year's result": "ผลจริงทั้งปี",
    "a past year's disbursement by month": "ฤดูกาลการเบิกจ่ายของปีก่อน",
    "a past year's tickets by month": "ฤดูกาลเรื่องร้องเรียนของปีก่อน",
    "the resolution rate so far": "อัตราแก้ไขเสร็จที่ผ่านมา (เส้นตรง)",
    "the cumulative plan": "แผนสะสมของตัวชี้วัด",
    "the agency's period targets": "ค่าเป้าหมายรายงวดของหน่วยงาน",
    "the latest value": "ค่าล่าสุด",
    "a straight line by time": "เส้นตรงตามเวลา",
    # the page
    "every agency shown": "ทุกหน่วยงานที่แสดง",
    "Year-end projection": "คาดการณ์ผลสิ้นปีงบประมาณ",
    "Each indicator's result so far carried to the end of the fiscal year by the method named on its line; the level is on the year-end criteria. Flagged when it will miss the year's target (the agency's own target, or level 5 when it has none).": "ผลของแต่ละตัวชี้วัดถึงงวดนี้ คาดการณ์ไปถึงสิ้นปีงบประมาณด้วยวิธีที่ระบุไว้ใต้แต่ละรายการ ระดับคิดตามเกณฑ์สิ้นปี และมีป้ายเตือนเมื่อคาดว่าจะไม่ถึงค่าเป้าหมายทั้งปี (ค่าเป้าหมายของหน่วยงาน หรือเกณฑ์ระดับ 5 เมื่อไม่ได้กำหนด)",
    "agencies projected": "หน่วยงานที่คาดการณ์",
    "will miss the target": "คาดว่าจะไม่ถึงเป้า",
    ("projection flag", "will miss the target"): "จะไม่ถึงเป้า",
    "how": "วิธีคาดการณ์",
    "Projected to miss, furthest from the target first": "คาดว่าจะไม่ถึงเป้า เรียงจากห่างเป้ามากที่สุด",
    "%(shown)s of %(n)s shown: choose an agency above for all of its indicators, or an indicator's count for every agency.": "แสดง %(shown)s จาก %(n)s รายการ เลือกหน่วยงานด้านบนเพื่อดูทุกตัวชี้วัดของหน่วยงานนั้น หรือแตะจำนวนของตัวชี้วัดเพื่อดูทุกหน่วยงาน",
    "Indicator %(code)s for every agency shown, furthest from the target first": "ตัวชี้วัด %(code)s ของทุกหน่วยงานที่แสดง เรียงจากห่างเป้ามากที่สุด",
    "back to the worst misses": "กลับไปที่รายการห่างเป้ามากที่สุด",
    "No indicator is projected to miss its target.": "ไม่มีตัวชี้วัดที่คาดว่าจะไม่ถึงเป้า",
    "No indicator has a result to project in this period.": "ยังไม่มีตัวชี้วัดที่มีผลให้คาดการณ์ในงวดนี้",
    "so far": "ผลถึงงวดนี้",
    "should be by now": "ควรถึง ณ งวดนี้",
    "pace (share of the path)": "ความก้าวหน้า (% ของที่ควรถึง)",
    "projected at year end": "คาดว่าสิ้นปี",
    "year's target": "เป้าทั้งปี",
    # fair comparison
    "Fair comparison of the district offices": "เปรียบเทียบสำนักงานเขตอย่างเป็นธรรม",
    "Each district office is compared only within its peer group (inner, middle, outer by population density). Complaints are counted per 10,000 residents; a district is ranked on its complaint KPI only with at least %(n)s counted tickets (set per fiscal year in the complaint KPI settings).": "เปรียบเทียบสำนักงานเขตเฉพาะภายในกลุ่มที่คล้ายกัน (ชั้นใน ชั้นกลาง ชั้นนอก ตามความหนาแน่นประชากร) เรื่องร้องเรียนคิดต่อประชากร 10,000 คน และจัดอันดับตัวชี้วัดเรื่องร้องเรียนเฉพาะเขตที่มีเรื่องที่นับอย่างน้อย %(n)s เรื่อง (กำหนดได้ทุกปีงบประมาณในการตั้งค่าตัวชี้วัดเรื่องร้องเรียน)",
    "too little data to rank": "ข้อมูลน้อยเกินจัดอันดับ",
}

TH_PLURAL: dict[str, list[str]] = {
    "Show all %(n)s line": ["แสดงทั้งหมด %(n)s รายการ"],
}
