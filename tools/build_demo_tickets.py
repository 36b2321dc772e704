"""Build the demo's real Traffy Fondue sample from the shared data:

    .venv/bin/python tools/build_demo_tickets.py \
        ../shared/data/traffy/teamchadchart_export_2023-11-26_to_2023-11-28_with_durations.csv

writes ``pramoen/feeds/complaints/data/<same name>.csv.gz``: every row and column of the export (2,000
real tickets of 26–28 Nov 2023, FY2567), with each citizen's comment passed through
``pramoen.core.pdpa.mask`` (telephone numbers, ID numbers, e-mail, names after a title → placeholders),
so that the package carries no reporter's personal details.  Gzip without a time stamp: the same input
always gives the same bytes."""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pramoen.core.pdpa import mask  # noqa: E402  (needs no Django settings)

MASKED = ("comment",)


def build(source: Path) -> Path:
    target = ROOT / "pramoen" / "feeds" / "complaints" / "data" / f"{source.name}.gz"
    with source.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in reader:
            writer.writerow({k: mask(v) if k in MASKED else v for k, v in row.items()})
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as out:
        out.write(text.getvalue().encode("utf-8"))
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    print(build(Path(sys.argv[1])))
