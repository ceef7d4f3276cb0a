"""``sanctionwatch demo``: the main job on the embedded default, from the data the project ships."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from sanctionwatch.cli.output import console, print_table


def demo(home: Optional[Path] = typer.Option(None, help="Data home for the demo (default: the configured home).")) -> None:
    """Load the list data the project ships and show what it holds."""
    from sanctionwatch.demo import run_demo

    summary = run_demo(home)
    for result in summary["loads"]:
        console.print(result["message"])
    print_table(summary["stats"], ["source", "program", "schema", "count"], title="Designations loaded")
    for line in summary["highlights"]:
        console.print(line)
    console.print(f"store: {summary['store']}")
