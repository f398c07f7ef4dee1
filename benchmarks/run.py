"""`make bench`: every section side by side in one run, medians and speed-up ratios."""

from __future__ import annotations

import argparse
import json
import os
import platform
from pathlib import Path

from benchmarks import analysis_bench, api_bench, engine_bench


def _sections(include_coco: bool) -> list:
    sections = [engine_bench.run, analysis_bench.run, api_bench.run]
    if include_coco:
        from benchmarks import coco_map

        sections.append(coco_map.run)
    return sections


def format_table(rows: list[dict]) -> str:
    lines = []
    current = None
    for entry in rows:
        if entry["section"] != current:
            current = entry["section"]
            lines.append(f"\n{current}")
            lines.append(f"  {'what':<66} {'median':>10} {'x faster':>9}  note")
        seconds = entry["median_seconds"]
        shown = f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
        ratio = f"{entry['ratio']:.1f}x" if entry.get("ratio") else ""
        lines.append(f"  {entry['name']:<66} {shown:>10} {ratio:>9}  {entry.get('note', '')}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--no-coco", action="store_true", help="skip the COCO mAP section (pycocotools is slow)"
    )
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to this file")
    args = parser.parse_args()
    rows: list[dict] = []
    for section in _sections(not args.no_coco):
        rows.extend(section())
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("ratio = how many times faster than the first row of its section (the peer library)")
    print(format_table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
