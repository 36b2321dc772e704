"""A control character typed or pasted into follow-up evidence is dropped when it is saved, and the
round's XLSX export still answers (it used to fail with openpyxl's IllegalCharacterError)."""

import io

from openpyxl import load_workbook

from pramoen.monitoring import xlsx
from pramoen.monitoring.models import Observation


def test_a_control_character_is_dropped_on_save_and_the_export_works(personas, demo_round):
    observation = Observation.objects.filter(sheet__round=demo_round).first()
    observation.evidence = "หนังสือที่ กท 1234\x07/2567\x1b ส่งแล้ว\tครบ"
    observation.save()
    observation.refresh_from_db()
    assert observation.evidence == "หนังสือที่ กท 1234/2567 ส่งแล้ว\tครบ"
    book = load_workbook(io.BytesIO(xlsx.export_round(demo_round)))
    texts = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert observation.evidence in texts


def test_the_export_drops_what_xml_cannot_hold_even_if_it_was_stored_in_bulk(personas, demo_round):
    observation = Observation.objects.filter(sheet__round=demo_round).first()
    Observation.objects.filter(pk=observation.pk).update(evidence="ก\x07ข")  # update() skips signals
    book = load_workbook(io.BytesIO(xlsx.export_round(demo_round)))
    texts = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert "กข" in texts


def test_the_export_page_answers_with_a_control_character_stored(client_for, demo_round):
    Observation.objects.filter(sheet__round=demo_round).update(evidence="ก\x07ข")
    response = client_for("eval.officer").get(
        f"/monitoring/{demo_round.fiscal_year}/{demo_round.period}/export.xlsx"
    )
    assert response.status_code == 200
