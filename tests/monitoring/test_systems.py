"""System recognition in Thai text, on the seed's own wording, and the recurring-obstacle matrices."""

from __future__ import annotations

import json

import pytest

from pramoen.monitoring.demo import DATA
from pramoen.monitoring.models import Obstacle
from pramoen.monitoring.selectors import recurring_matrix
from pramoen.monitoring.systems import recognise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "๑. ระบบ BMA OSS ยังไม่เสถียร และซับซ้อน และระบบสารบรรณอิเล็กทรอนิกส์ยังมีปัญหาเรื่องระบบล่าช้า",
            ["bma_oss", "e_saraban"],
        ),
        ("ความไม่เสถียรของระบบ BMA Policy Tracking และระบบ One Map", ["policy_tracking", "one_map"]),
        ("ระบบศูนย์รับคำขออนุญาตของกรุงเทพมหานคร ไม่เสถียร", ["bma_oss"]),  # the Thai name alone
        ("(BMA Single Sign-On: BMA SSO) สำหรับขอรหัส OTP", ["bma_sso"]),
        ("ระบบสารสนเทศหลักของกรุงเทพมหานคร (MIS๒) ยังคงมีบัญชีผู้ใช้งาน", ["mis2"]),  # Thai digit
        ("ผ่านระบบ BMA Q ควรขอความร่วมมือ", ["bma_q"]),
        ("ร้องเรียนผ่านแพลตฟอร์ม Traffy Fondue ของกรุงเทพมหานคร", ["traffy_fondue"]),
        ("ระบบ bma   oss ล่ม", ["bma_oss"]),  # case and spacing do not matter
        ("การบริหารงานสารบรรณทั่วไป และงานธุรการ", []),
        ("หน่วยงานขาดอัตรากำลัง โดยเฉพาะในระดับสำนักงานเขต", []),
    ],
)
def test_it_recognises_named_systems(text, expected):
    assert recognise(text) == expected


def test_every_seed_text_naming_bma_oss_is_recognised():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    texts = [o["text"] for c in data["committees"] for o in c["obstacles"]]
    naming = [t for t in texts if "BMA OSS" in t or "ศูนย์รับคำขออนุญาต" in t]
    assert len(naming) >= 10
    assert all("bma_oss" in recognise(t) for t in naming)
    saraban = [t for t in texts if "สารบรรณ" in t]
    assert all("e_saraban" in recognise(t) for t in saraban)


def test_bma_oss_instability_was_raised_by_every_committee(personas, demo_round):
    matrix = recurring_matrix(personas["executive"], by="system")
    assert matrix.committees_with("bma_oss") == [1, 2, 3, 4, 5, 6]
    cell = matrix.cell(5, "bma_sso")
    assert cell.count == 1 and "BMA SSO" in cell.obstacles[0].text
    by_aspect = recurring_matrix(personas["executive"], by="aspect")
    assert by_aspect.cell(1, "personnel").count == 2
    total = sum(cell.count for _, cells in by_aspect.rows for cell in cells)
    assert total == Obstacle.objects.filter(sheet__round=demo_round).count()


def test_a_hand_correction_changes_the_matrix(personas, demo_round):
    from pramoen.monitoring import services

    obstacle = next(o for o in Obstacle.objects.filter(sheet__committee__number=5) if "bma_sso" in o.systems)
    demo_round.status = "draft"
    demo_round.save()
    services.item_update(
        actor=personas["eval.officer"], item=obstacle, expected_version=None, systems=["e_saraban"]
    )
    matrix = recurring_matrix(personas["executive"], by="system")
    assert matrix.cell(5, "bma_sso").count == 0


def test_draft_rounds_are_hidden_from_other_committees(personas, demo_round):
    demo_round.status = "draft"
    demo_round.save()
    matrix = recurring_matrix(personas["committee1.member"], by="system")
    assert matrix.committees_with("bma_oss") == [1]
    assert recurring_matrix(personas["bangrak.staff"], by="aspect").rows[0][1][0].count == 0


def test_the_matrix_shows_the_current_round_counts_observations_and_a_trend(personas, demo_round, client_for):
    from pramoen.monitoring import services
    from pramoen.monitoring.models import Round, Sheet
    from pramoen.monitoring.selectors import recurring_trend, rounds_newest_first

    officer = personas["eval.officer"]
    year_end = services.round_create(actor=officer, fiscal_year=2567, period="FY")
    sheet = Sheet.objects.get(round=year_end, committee__number=2)
    services.item_create(actor=officer, sheet=sheet, kind="obstacle", expected_version=None,
                         text="ระบบ BMA OSS ยังล่าช้า", component="3.1", aspect="technology")  # fmt: skip
    services.item_create(actor=officer, sheet=sheet, kind="observation", expected_version=None,
                         text="ขอให้ปรับปรุงระบบ BMA OSS ให้เสถียร")  # fmt: skip
    assert [(r.fiscal_year, r.period) for r in rounds_newest_first()][:2] == [(2568, "H1"), (2567, "FY")]

    matrix = recurring_matrix(personas["executive"], by="system", rounds=[year_end])
    cell = matrix.cell(2, "bma_oss")
    assert (len(cell.obstacles), len(cell.observations), cell.count) == (1, 1, 2)
    assert matrix.committees_with("bma_oss") == [2]

    ordered, trend = recurring_trend(personas["executive"], by="system", rounds=Round.objects.all())
    assert [(r.fiscal_year, r.period) for r in ordered] == [(2567, "H1"), (2567, "FY"), (2568, "H1")]
    oss = next(row for row in trend if row.key == "bma_oss")
    assert oss.committees == [6, 1, 0] and oss.counts[1] == 2 and oss.counts[0] > 6

    page = client_for("executive").get("/monitoring/recurring/").content.decode()
    assert 'data-testid="trend"' in page
    assert page.count("checked") == 2  # the "systems" radio and the current round only, not every round
    assert f'value="{year_end.pk}" checked' in page  # the newest round with records (2568 H1 is empty)
    assert (
        client_for("executive").get(f"/monitoring/recurring/?round={year_end.pk}&by=aspect").status_code
        == 200
    )
