"""Output helpers: JSON for machines, rich tables for people, progress bars on a terminal."""

from __future__ import annotations

import contextlib
import json
import sys
from enum import Enum
from typing import Any, Iterator, Sequence

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

console = Console()
err_console = Console(stderr=True)


class Format(str, Enum):
    table = "table"
    json = "json"


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str | None = None) -> None:
    # Cells hold user and list text: "[Synthetic scenario]" or "[KPe.001]" must print as written, not
    # be read as rich markup.
    table = Table(title=escape(title) if title else None, show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*["" if row.get(c) is None else escape(str(row.get(c))) for c in columns])
    console.print(table)


@contextlib.contextmanager
def progress_bar(description: str) -> Iterator[Any]:
    """A callback ``(phase, done, total)`` drawing a bar on a terminal; silent when piped."""
    if not err_console.is_terminal:
        yield None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task(description, total=None)

        def update(phase: str, done: int, total: int) -> None:
            bar.update(task, description=f"{description}: {phase}", completed=done, total=total)

        yield update
