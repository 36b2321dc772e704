"""Work the system did on its own is named in words on every page that says who did something (the jobs
list, a job, the audit log): never a command's code.  Every ``system:<what>`` label the code writes has a
name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from pramoen.connectors.base import all_connectors
from pramoen.core import actors
from pramoen.core.templatetags.thai import actor
from pramoen.feeds.base import registered_feeds
from pramoen.jobs.registry import registered_kinds

PACKAGE = Path(__file__).resolve().parents[2] / "pramoen"
LITERAL = re.compile(r"""label=f?["']system:([a-z_]+)["']""")


def test_every_command_label_in_the_code_has_a_name():
    written = {m.group(1) for p in PACKAGE.rglob("*.py") for m in LITERAL.finditer(p.read_text())}
    assert {"demo", "recompute_scores", "monitoring_draft"} <= written  # the scan finds them
    assert sorted(w for w in written if actors.system_work(w) is None) == []


@pytest.mark.parametrize(
    ("label", "thai"),
    [
        ("system:demo", "ระบบ (โหลดข้อมูลสาธิต)"),
        ("system:recompute_scores", "ระบบ (คำนวณคะแนนใหม่)"),
        ("system", "ระบบ"),
        ("somchai", "somchai"),
    ],
)
def test_the_system_and_its_work_in_thai(label, thai):
    with translation.override("th"):
        assert str(actor(label)) == thai


def test_scheduled_pulled_and_imported_work_is_named_from_its_registry():
    with translation.override("th"):
        for kind in registered_kinds():
            shown = str(actor(f"system:schedule:{kind}"))
            assert "<code>" not in shown and str(registered_kinds()[kind].label) in shown, shown
        for connector in all_connectors():
            assert str(connector.label) in str(actor(f"system:pull:{connector.key}"))
        for key, feed in registered_feeds().items():
            assert str(feed.label) in str(actor(f"system:import_{key}"))
        # work nobody named keeps its code rather than a wrong name
        assert str(actor("system:something_new")) == "ระบบ <code>something_new</code>"
    with translation.override("en"):
        assert str(actor("system:demo")) == "the system (loading the demo data)"
