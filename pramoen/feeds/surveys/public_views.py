"""The public response form: opened from a link or QR code, no sign-in, phone first, Thai.  Each opening
gets a one-time token; the form carries it, so submitting the same form twice counts once."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from pramoen.core.errors import ApplicationError
from pramoen.feeds.surveys import selectors, services
from pramoen.feeds.surveys.models import ResponseToken, Survey
from pramoen.orgs.models import Agency


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, template, context, status=status)


@require_GET
def respond(request: HttpRequest, key: str, agency_code: str) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("indicator"), public_key=key)
    agency = get_object_or_404(Agency, code=agency_code)
    try:
        token = services.token_issue(survey=survey, agency=agency)
    except ApplicationError as exc:
        return _render(request, "surveys/public_closed.html", {"survey": survey, "message": exc.message}, 200)
    return _render(
        request,
        "surveys/public_form.html",
        {"survey": survey, "agency": agency, "token": token.token, "questions": selectors.questions(survey)},
    )


@require_POST
def answer(request: HttpRequest) -> HttpResponse:
    token = request.POST.get("token", "")
    answers = {k[2:]: v for k, v in request.POST.items() if k.startswith("q_")}
    try:
        result = services.response_submit(token=token, answers=answers)
    except ApplicationError as exc:
        if exc.extra.get("field") == "token":
            return _render(request, "surveys/public_closed.html", {"message": exc.message}, 400)
        found = ResponseToken.objects.select_related("survey", "agency").filter(token=token[:64]).first()
        if found is None:
            return _render(request, "surveys/public_closed.html", {"message": exc.message}, 400)
        return _render(
            request,
            "surveys/public_form.html",
            {
                "survey": found.survey,
                "agency": found.agency,
                "token": token,
                "questions": selectors.questions(found.survey),
                "error": exc.message,
                "given": answers,
            },
            400,
        )
    return _render(request, "surveys/public_thanks.html", {"already": result.already})
