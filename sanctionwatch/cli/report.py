"""``sanctionwatch report build``: the Panel-style report of the cases of a period, as HTML and PDF."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from sanctionwatch.cli.output import Format, console, print_json, progress_bar

app = typer.Typer(help="Panel-style reports: findings, evidence, replies, maps and annexes (HTML and PDF).",
                  no_args_is_help=True)


@app.command("build")
def build(out: Path = typer.Option(..., "--out", help="Folder for report.html, report.pdf, figures/ and manifest.json."),
          period: Optional[str] = typer.Option(None, "--period", help="FROM..TO (YYYY-MM-DD..YYYY-MM-DD): the cases "
                                               "whose period overlaps it, or opened in it."),
          case: Optional[List[str]] = typer.Option(None, "--case", help="A case id (3 or C-0003); repeatable."),
          title: Optional[str] = typer.Option(None, "--title", help="Title on the first page."),
          as_of: Optional[str] = typer.Option(None, "--as-of", help="Show what was on record at this time "
                                              "(ISO, UTC; default: the newest record of the cases)."),
          no_pdf: bool = typer.Option(False, "--no-pdf", help="Write the HTML only."),
          fmt: Format = typer.Option(Format.table, "--format")) -> None:
    """Build the report of the cases of a period (or of the given cases)."""
    from sanctionwatch.reports.build import build_report
    from sanctionwatch.reports.collect import parse_period

    from sanctionwatch.cases.audit import to_utc

    span = parse_period(period) if period else None
    when = to_utc(as_of, "--as-of") if as_of else None
    with progress_bar("report") as progress:
        result = build_report(out, period=span, case_ids=case or None, title=title, pdf=not no_pdf,
                              as_of=when, progress=progress)
    if fmt == Format.json:
        print_json(result.to_dict())
        return
    counts = result.counts
    console.print(f"report {result.report_id}: {counts['cases']} cases, {counts['claims']} claims "
                  f"({counts['established']} established), {counts['evidence']} evidence items, "
                  f"{counts['letters']} letters, {counts['events']} events, {counts['vessels']} vessels, "
                  f"{counts['list_changes']} list changes, {counts['figures']} maps", highlight=False)
    console.print(f"html: {result.html_path}", highlight=False, soft_wrap=True)
    if result.pdf_path:
        console.print(f"pdf:  {result.pdf_path} ({result.pages} pages)", highlight=False, soft_wrap=True)
    for url in result.refused:
        console.print(f"warning: the PDF renderer was refused {url}", highlight=False, soft_wrap=True)
