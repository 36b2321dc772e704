"""The Django admin of a feed's rules of a year (budget rules, complaint settings): every save goes through
the feed's service, so the admin refuses what the service refuses (on the form, never a 500), and a change
that moves scores queues their recompute (``feed_rules_scores``) with a link to its job."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.feeds.base import rules_locked


class FeedRulesAdmin(admin.ModelAdmin[Any]):
    """A rules row is set for one fiscal year (fixed once saved) and never deleted here: deleting it would
    put the defaults back behind the scores' back."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("fiscal_year",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def rules_check(self, data: dict[str, Any], fiscal_year: int) -> None:
        """ApplicationError when the service would refuse these values (the lock, at least)."""
        rules_locked(fiscal_year)

    def rules_save(self, request: HttpRequest, obj: Any) -> tuple[Any, Any | None]:
        """Save through the feed's service: (the saved row, its recompute job or None)."""
        raise NotImplementedError

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        base = super().get_form(request, obj, change=change, **kwargs)
        check = self.rules_check

        class Checked(base):  # type: ignore[valid-type,misc]
            def clean(self) -> dict[str, Any]:
                data: dict[str, Any] = super().clean()
                year = data.get("fiscal_year", self.instance.fiscal_year)
                if year is not None and not self.errors:
                    try:
                        check(data, int(year))
                    except ApplicationError as exc:
                        field = exc.extra.get("field")
                        self.add_error(field if field in self.fields else None, exc.message)
                return data

        return Checked

    def save_model(self, request: HttpRequest, obj: Any, form: forms.ModelForm[Any], change: bool) -> None:
        saved, job = self.rules_save(request, obj)
        obj.pk = saved.pk
        if job is not None:
            messages.info(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("The scores these rules feed are being recomputed in a background job."),
                    reverse("jobs:detail", args=[job.pk]),
                    _("Follow the job"),
                ),
            )
