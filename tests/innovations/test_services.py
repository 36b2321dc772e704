"""Registering, editing, submitting and the host's review: each step asks the policy."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied

from pramoen.core.errors import ApplicationError
from pramoen.innovations import services
from pramoen.innovations.models import Innovation
from pramoen.scoring.models import ScoreResult
from tests.innovations.conftest import make, scored, submitted

pytestmark = pytest.mark.django_db


def test_it_lets_the_agency_staff_register_and_nobody_else(personas):
    innovation = make(personas["bangrak.staff"], "1004", "ระบบแจ้งการมาเรียน")
    assert innovation.state == Innovation.State.DRAFT
    assert "นักเรียน" in innovation.search_tokens.split()
    for other in ("sathon.staff", "eval.officer", "executive", "publicworks.reviewer"):
        with pytest.raises(PermissionDenied):
            make(personas[other], "1004", "ของคนอื่น")


def test_it_requires_the_title_problem_and_solution(personas):
    with pytest.raises(ApplicationError) as err:
        make(personas["bangrak.staff"], "1004", "  ")
    assert err.value.extra["field"] == "title"


def test_it_refuses_an_edit_made_from_an_outdated_copy(personas):
    innovation = make(personas["bangrak.staff"], "1004", "ต้นฉบับ")
    data = services.InnovationInput(fiscal_year=2567, title="แก้ครั้งที่หนึ่ง", problem="ป", solution="ท")
    services.innovation_update(actor=personas["bangrak.staff"], innovation=innovation, data=data, version=1)
    with pytest.raises(ApplicationError) as err:
        services.innovation_update(
            actor=personas["bangrak.head"], innovation=innovation, data=data, version=1
        )
    assert err.value.extra["field"] == "version"


def test_only_the_agency_head_submits_and_a_submitted_one_is_no_longer_edited(personas):
    innovation = make(personas["bangrak.staff"], "1004", "ส่งเจ้าภาพ")
    with pytest.raises(PermissionDenied):
        services.innovation_submit(actor=personas["bangrak.staff"], innovation=innovation)
    services.innovation_submit(actor=personas["bangrak.head"], innovation=innovation)
    data = services.InnovationInput(fiscal_year=2567, title="แก้", problem="ป", solution="ท")
    with pytest.raises(ApplicationError):
        services.innovation_update(
            actor=personas["bangrak.staff"], innovation=innovation, data=data, version=1
        )
    # the status (in use / developable / retired) still follows the innovation's life
    services.innovation_set_status(actor=personas["bangrak.staff"], innovation=innovation, status="retired")
    assert Innovation.objects.get(pk=innovation.pk).status == "retired"


def test_the_host_assesses_with_the_rubric_and_the_weighted_mean_is_the_level(personas, host_reviewer):
    innovation = submitted(personas, "1004", "ประเมินด้วยเกณฑ์")
    with pytest.raises(PermissionDenied):
        services.innovation_assess(actor=personas["publicworks.reviewer"], innovation=innovation, marks={})
    with pytest.raises(ApplicationError) as err:
        services.innovation_assess(
            actor=host_reviewer, innovation=innovation, marks={"novelty": 6, "usefulness": 4}
        )
    assert err.value.extra["field"] == "novelty"
    a = services.innovation_assess(
        actor=host_reviewer,
        innovation=innovation,
        marks={"novelty": "4", "usefulness": 5, "results": 3, "spread": 2},
    )
    # (25×4 + 25×5 + 30×3 + 20×2) / 100
    assert a.level == D("3.5500")
    assert Innovation.objects.get(pk=innovation.pk).state == Innovation.State.ASSESSED


def test_nobody_assesses_their_own_agency(personas, host_reviewer):
    from pramoen.orgs.models import Agency, Role, RoleAssignment
    from pramoen.orgs.policy import forget_roles

    RoleAssignment.objects.create(
        user=host_reviewer, role=Role.REPORTER, agency=Agency.objects.get(code="civil-service-commission")
    )
    forget_roles(host_reviewer)
    own = make(host_reviewer, "civil-service-commission", "ของสำนักงาน ก.ก. เอง")
    own.state = Innovation.State.SUBMITTED
    own.save()
    with pytest.raises(ApplicationError):
        services.innovation_assess(actor=host_reviewer, innovation=own, marks={})


def test_scoring_recomputes_component_2_and_sending_back_takes_it_out(
    personas, host_reviewer, component2, django_capture_on_commit_callbacks
):
    from pramoen.scoring.engine import recompute

    recompute(fiscal_year=2567, period_code="H1")
    assignment = component2["1004"]
    assert ScoreResult.objects.get(assignment=assignment, period__code="H1").status == "no_data"
    with pytest.raises(ApplicationError):  # not assessed yet
        services.innovation_score(actor=host_reviewer, innovation=submitted(personas, "1004", "ยังไม่ประเมิน"))
    with django_capture_on_commit_callbacks(execute=True):
        innovation = scored(personas, host_reviewer, "1004", "ให้คะแนนแล้ว", (4, 4, 4, 4))
    score = ScoreResult.objects.get(assignment=assignment, period__code="H1")
    assert (score.status, score.actual, score.score) == ("scored", D(4), D(4))
    assert "ให้คะแนนแล้ว" in score.explanation
    with pytest.raises(ApplicationError):  # a reason is required
        services.innovation_return(actor=host_reviewer, innovation=innovation, comment=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.innovation_return(actor=host_reviewer, innovation=innovation, comment="หลักฐานไม่พอ")
    assert ScoreResult.objects.get(assignment=assignment, period__code="H1").status == "no_data"


def test_an_adoption_names_an_innovation_offered_to_agencies_like_the_adopter(personas, host_reviewer):
    origin = submitted(personas, "1004", "ต้นแบบ", adoptable_by="bureaus")
    with pytest.raises(ApplicationError) as err:  # district offices may not adopt it
        make(personas["sathon.staff"], "1028", "นำมาใช้", kind="adopted", adopted_from=origin)
    assert err.value.extra["field"] == "adopted_from"
    with pytest.raises(ApplicationError):  # "adopted" needs its origin
        make(personas["sathon.staff"], "1028", "นำมาใช้", kind="adopted")
    with pytest.raises(ApplicationError):  # nobody adopts their own
        make(personas["bangrak.staff"], "1004", "ของตัวเอง", kind="adopted", adopted_from=origin)
    origin.adoptable_by = "district_offices"
    origin.save()
    adopted = make(personas["sathon.staff"], "1028", "นำมาใช้", kind="adopted", adopted_from=origin)
    assert adopted.adopted_from == origin


def test_evidence_is_checked_by_content_and_photos_lose_their_metadata(personas, tmp_path, settings):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path)
    innovation = make(personas["bangrak.staff"], "1004", "มีรูป")
    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    Image.new("RGB", (40, 30), "red").save(buf, "JPEG", exif=exif)
    photo = services.evidence_add(
        actor=personas["bangrak.staff"],
        innovation=innovation,
        upload=SimpleUploadedFile("a.jpg", buf.getvalue()),
        caption="หน้าจอ",
    )
    assert photo.kind == "photo"
    assert b"CameraMaker" not in photo.file.open("rb").read()
    with pytest.raises(ApplicationError):
        services.evidence_add(
            actor=personas["bangrak.staff"],
            innovation=innovation,
            upload=SimpleUploadedFile("x.pdf", b"MZ not a pdf"),
        )
    with pytest.raises(PermissionDenied):
        services.evidence_add(
            actor=personas["sathon.staff"],
            innovation=innovation,
            upload=SimpleUploadedFile("b.pdf", b"%PDF-1.4 x"),
        )
