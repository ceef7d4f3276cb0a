"""``sanctionwatch lists ...``: load, update, releases, stats, show, diff, export."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import List, Optional

import typer

from sanctionwatch.cli.output import Format, console, err_console, print_json, print_table, progress_bar
from sanctionwatch.errors import ConfigError, SanctionwatchError

app = typer.Typer(help="Official sanctions lists: versioned, diffed, never corrupted by a bad download.",
                  no_args_is_help=True)


def _date(value: Optional[str]) -> Optional[datetime]:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=timezone.utc)
    except ValueError as exc:
        raise ConfigError(f"--published {value!r}: not an ISO date (YYYY-MM-DD)") from exc


@app.command("load")
def load(paths: List[Path] = typer.Argument(..., help="List files; OFAC's CSV set may be given together."),
         source: Optional[str] = typer.Option(None, help="Source name (detected from content when not given)."),
         force: bool = typer.Option(False, help="Accept a release the guards refuse (large drop, unusual count)."),
         published: Optional[str] = typer.Option(None, help="Publication date for files that carry none."),
         fmt: Format = typer.Option(Format.table, "--format")) -> None:
    """Load list files as new releases, atomically; a refused file changes nothing."""
    from sanctionwatch.lists import releases

    with progress_bar("loading") as progress:
        results = releases.load_lists(paths, source=source, force=force, published=_date(published),
                                      progress=progress)
    if fmt == Format.json:
        print_json([r.to_dict() for r in results])
        return
    for r in results:
        console.print(r.message)
        for w in r.warnings[:20]:
            err_console.print(f"warning: {w}")
        if len(r.warnings) > 20:
            err_console.print(f"warning: ... {len(r.warnings) - 20} more (see `lists releases --format json`)")


@app.command("update")
def update(names: List[str] = typer.Argument(None, help="Sources to update (default: all with an official URL)."),
           force: bool = typer.Option(False, help="Accept a release the guards refuse."),
           fmt: Format = typer.Option(Format.table, "--format")) -> None:
    """Download each source from its official URL and load it."""
    from sanctionwatch.lists import releases

    with progress_bar("updating") as progress:
        outcomes = releases.update_lists(names or [], force=force, progress=progress)
    failures = [o for o in outcomes if isinstance(o, SanctionwatchError)]
    if fmt == Format.json:
        print_json([o.to_dict() if not isinstance(o, SanctionwatchError) else {"error": str(o)} for o in outcomes])
    else:
        for o in outcomes:
            if not isinstance(o, SanctionwatchError):
                console.print(o.message)
    for f in failures:
        print(f"error: {f}", file=sys.stderr)
    if failures:
        raise typer.Exit(max(f.exit_code for f in failures))


@app.command("releases")
def list_releases(source: Optional[str] = typer.Option(None, help="Only this source."),
                  fmt: Format = typer.Option(Format.table, "--format")) -> None:
    """Every release loaded, with its hash, publication date and counts."""
    from sanctionwatch.lists import catalog

    rows = catalog.list_releases(source=source)
    if fmt == Format.json:
        print_json(rows)
        return
    for r in rows:
        r["sha256"] = r["sha256"][:12]
        r["current"] = "yes" if r["current"] else ""
    print_table(rows, ["id", "source", "published", "designations", "entities", "current", "forced",
                       "warnings", "loaded_at", "sha256"], title="List releases")


@app.command("stats")
def stats(fmt: Format = typer.Option(Format.table, "--format")) -> None:
    """Designations in the current releases by source, program and schema."""
    from sanctionwatch.lists import catalog

    rows = catalog.list_stats()
    if fmt == Format.json:
        print_json(rows)
        return
    print_table(rows, ["source", "program", "schema", "count"], title="Designations in current releases")


@app.command("show")
def show(key: str = typer.Argument(..., help="Entity id, reference (KPi.008, OFAC ent_num) or IMO number."),
         fmt: Format = typer.Option(Format.json, "--format")) -> None:
    """One entity as FtM JSON with its sanctions, related entities and the provenance of each value."""
    from sanctionwatch.lists import catalog

    data = catalog.show_entity(key)
    if fmt == Format.json:
        print_json(data)
        return
    console.print(f"[bold]{data['caption']}[/bold] ({data['schema']}, {data['id']})")
    for prop, values in sorted(data["properties"].items()):
        console.print(f"  {prop}: {'; '.join(values)}")
    for listing in data["listings"]:
        console.print(f"  listed by {listing['source']} as {listing['reference']} "
                      f"({', '.join(listing['programs'] or [])}) on {listing['listed_on'] or '?'}")
    for rel in data["related"]:
        console.print(f"  {rel['schema']}: {rel['caption']}")


@app.command("diff")
def diff(old: str = typer.Argument(..., help="Release id, SOURCE@YYYY-MM-DD, or a list file."),
         new: str = typer.Argument(..., help="Release id, SOURCE@YYYY-MM-DD, or a list file."),
         program: Optional[str] = typer.Option(None, help="Only designations in this program or regime (DPRK)."),
         source: Optional[str] = typer.Option(None, help="Source of the files (detected when not given)."),
         fmt: Format = typer.Option(Format.table, "--format")) -> None:
    """Designations added, removed and changed (with field-level changes) between two releases."""
    from sanctionwatch.lists import history

    result = history.diff_releases(old, new, program=program, source=source)
    if fmt == Format.json:
        print_json(result)
        return
    console.print(f"{result['old']} -> {result['new']}" + (f", program {program}" if program else ""))
    console.print(f"added {len(result['added'])}, removed {len(result['removed'])}, "
                  f"changed {len(result['changed'])}")
    for kind in ("added", "removed", "changed"):
        for item in result[kind]:
            console.print(f"  {kind:8} {item['reference']:12} {item['caption']}")
            for field, change in (item.get("changes") or {}).items():
                if change["removed"]:
                    console.print(f"             - {field}: {'; '.join(change['removed'])}")
                if change["added"]:
                    console.print(f"             + {field}: {'; '.join(change['added'])}")




@app.command("export")
def export_cmd(fmt: str = typer.Option("ftm", "--format", help="ftm (FtM JSON lines) or csv (targets.simple)."),
               out: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default stdout).")) -> None:
    """Export the current releases as FtM JSON lines or a targets.simple-style CSV."""
    from sanctionwatch.lists import export

    if fmt not in ("ftm", "csv"):
        raise ConfigError(f"--format {fmt!r}: use ftm or csv")
    writer = export.export_ftm if fmt == "ftm" else export.export_csv
    if out is None:
        n = writer(sys.stdout)
    else:
        tmp = out.with_name(out.name + ".partial")
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            n = writer(fh)
        tmp.replace(out)
    err_console.print(f"exported {n} entities")
