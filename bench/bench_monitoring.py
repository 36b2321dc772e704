"""The whole six-committee FY2567 H1 report as DOCX and as PDF, each against building the same report's
structure from the database (queries + grouping + Thai numbering) in the same run."""

from __future__ import annotations

from bench.run import Result, best_of
from pramoen.core.audit import acting_as
from pramoen.monitoring.demo import load_demo_monitoring
from pramoen.monitoring.render import render, render_cached
from pramoen.monitoring.report import build_report
from pramoen.orgs.demo import load_demo


def run() -> list[Result]:
    with acting_as(label="system:bench"):
        load_demo(password="Bench-pass-2567!")
        rnd = load_demo_monitoring()

    def structure() -> None:
        build_report(round=rnd)

    def docx() -> None:
        render(build_report(round=rnd), "docx")

    def pdf() -> None:
        render(build_report(round=rnd), "pdf")

    def pdf_download_again() -> None:  # what the download button does when nothing changed since
        render_cached(build_report(round=rnd), "pdf")

    docx()
    pdf()  # warm imports and font loading
    pdf_download_again()
    baseline = best_of(structure, 9)
    return [
        Result(
            "monitoring report, 6 committees, DOCX", best_of(docx, 5), "build the report structure", baseline
        ),
        Result(
            "monitoring report, 6 committees, PDF", best_of(pdf, 3), "build the report structure", baseline
        ),
        Result(
            "the same PDF downloaded again (cached by content)",
            best_of(pdf_download_again, 9),
            "build the report structure",
            baseline,
        ),
    ]
