"""``sanctionwatch screen ...``: one name, a CSV batch, judged pairs, and analysts' decisions."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import click
import typer
from typer.core import TyperGroup

from sanctionwatch.cli.output import Format, console, err_console, print_json, progress_bar
from sanctionwatch.errors import ConfigError

ALGORITHM_HELP = "Matcher (default: the newest, name-v3; name-v1 and name-v2 stay available)."


class _DefaultToName(TyperGroup):
    """``screen NAME`` without a subcommand screens that name."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["name", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(cls=_DefaultToName, no_args_is_help=True,
                  help="Screen people, companies and vessels against the loaded lists.")


@app.command("name")
def screen_name(name: str = typer.Argument(..., help="The name as it reached you, in any script."),
                schema: str = typer.Option("LegalEntity", help="Person, Company, Organization, Vessel, LegalEntity."),
                birth_date: Optional[str] = typer.Option(None, "--birth-date"),
                country: Optional[List[str]] = typer.Option(None, "--country"),
                gender: Optional[str] = typer.Option(None),
                imo: Optional[str] = typer.Option(None), mmsi: Optional[str] = typer.Option(None),
                call_sign: Optional[str] = typer.Option(None, "--call-sign"),
                passport: Optional[str] = typer.Option(None),
                threshold: Optional[float] = typer.Option(None, help="Match threshold (default: the algorithm's)."),
                limit: int = typer.Option(5, min=1, max=500),
                algorithm: Optional[str] = typer.Option(None, help=ALGORITHM_HELP),
                fmt: Format = typer.Option(Format.table, "--format")) -> None:
    """Screen one name (with optional birth date, country and identifiers); the screening is audited."""
    from sanctionwatch.screening.screener import screen

    props = {"name": [name]}
    for prop, value in (("birthDate", birth_date), ("gender", gender), ("imoNumber", imo), ("mmsi", mmsi),
                        ("callSign", call_sign), ("passportNumber", passport)):
        if value:
            props[prop] = [value]
    if country:
        props["nationality" if schema == "Person" else "country"] = list(country)
    if schema == "Vessel":
        props.pop("passportNumber", None)
    result = screen({"schema": schema, "properties": props}, threshold=threshold, limit=limit, algorithm=algorithm,
                    channel="cli")
    if fmt == Format.json:
        print_json(result.to_dict())
        return
    for warning in result.warnings:
        err_console.print(f"warning: {warning}")
    console.print(f"screening {result.screening_id}: {len(result.results)} results, algorithm {result.algorithm}, "
                  f"threshold {result.threshold}")
    for r in result.results:
        mark = "[bold red]MATCH[/bold red]" if r["match"] else "     "
        console.print(f"{mark} {r['score']:.3f}  {r['caption']}  ({r['reference']}, {', '.join(r['datasets'])}, "
                      f"{r['id']})")
        for e in r["explanations"]:
            console.print(f"        {e['feature']}: {e['detail']}")
        if "decision" in r:
            console.print(f"        decided {r['decision']['decision']} by {r['decision']['actor']}: "
                          f"{r['decision']['note'] or ''}")
        if "previous_decision" in r:
            console.print(f"        earlier decision {r['previous_decision']['decision']} (entity changed since)")


class Engine(str, Enum):
    local = "local"
    spark = "spark"


@app.command("batch")
def batch(input_file: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV or Parquet file."),
          output: Path = typer.Option(..., "-o", "--output", help="CSV of the input columns and the best match."),
          columns: Optional[str] = typer.Option(None, help="Mapping COLUMN=property,... (default: by header)."),
          schema: str = typer.Option("LegalEntity", help="Schema for rows without a schema column."),
          threshold: Optional[float] = typer.Option(None), workers: int = typer.Option(0, help="0 = all cores."),
          algorithm: Optional[str] = typer.Option(None, help=ALGORITHM_HELP),
          engine: Engine = typer.Option(Engine.local, help="local: forked workers; spark: a Spark job."),
          spark_master: Optional[str] = typer.Option(
              None, "--spark-master", help="Spark master URL for --engine spark (default local[2]).")) -> None:
    """Screen every row of a CSV or Parquet file on all cores (or on Spark); bad rows are reported and skipped."""
    from sanctionwatch.screening import batch as batch_mod

    mapping = batch_mod.parse_columns(columns)
    if engine == Engine.spark:
        from sanctionwatch.screening.spark_batch import screen_batch_spark

        summary = screen_batch_spark(input_file, output, columns=mapping, schema=schema, threshold=threshold,
                                     algorithm=algorithm, master=spark_master)
    else:
        if spark_master:
            raise ConfigError("--spark-master is for --engine spark")
        with progress_bar("screening") as bar:
            def progress(done: int, total: int) -> None:
                if bar:
                    bar("rows", done, total)
            summary = batch_mod.screen_file(input_file, output, columns=mapping, schema=schema,
                                            threshold=threshold, workers=workers or None, algorithm=algorithm,
                                            progress=progress)
    for error in summary.errors[:50]:
        err_console.print(f"warning: {input_file}: {error}")
    console.print(f"{summary.rows} rows: {summary.matches} with a match, {len(summary.errors)} not screened; "
                  f"written to {output}")


@app.command("pairs")
def pairs(path: Path = typer.Argument(..., exists=True, dir_okay=False),
          threshold: Optional[float] = typer.Option(None), algorithm: Optional[str] = typer.Option(None, help=ALGORITHM_HELP),
          fmt: Format = typer.Option(Format.json, "--format")) -> None:
    """Score judged pairs (JSON lines); with labels, print precision, recall and F1."""
    from sanctionwatch.screening.pairs import metrics, score_pairs

    outcomes = []
    with path.open(encoding="utf-8") as fh:
        for o in score_pairs(fh, algorithm=algorithm, threshold=threshold):
            outcomes.append(o)
            if o.error:
                err_console.print(f"warning: {path}: {o.error}")
                continue
            sys.stdout.write(json.dumps({"id": o.id, "score": o.score, "match": o.match}) + "\n")
    if any(o.expected is not None for o in outcomes):
        summary = metrics(outcomes)
        if fmt == Format.json:
            sys.stdout.write(json.dumps({"metrics": summary}) + "\n")
        else:
            err_console.print(summary)


@app.command("decide")
def decide(screening_id: int = typer.Argument(..., help="Id printed by the screening."),
           entity_id: str = typer.Argument(..., help="Result entity id."),
           decision: str = typer.Argument(..., help="match, no_match or unsure."),
           note: Optional[str] = typer.Option(None), actor: Optional[str] = typer.Option(None),
           fmt: Format = typer.Option(Format.table, "--format")) -> None:
    """Record a decision on a screening result; it is shown on later screenings of the same query
    against the same entity until the entity changes."""
    from sanctionwatch.screening.audit import record_decision
    from sanctionwatch.store import open_store

    if decision not in ("match", "no_match", "unsure"):
        raise ConfigError(f"decision {decision!r}: use match, no_match or unsure")
    saved = record_decision(open_store(), screening_id=screening_id, entity_id=entity_id, decision=decision,
                            note=note, actor=actor)
    if fmt == Format.json:
        print_json(saved)
    else:
        console.print(f"decision {saved['id']}: {decision} on {entity_id} (screening {screening_id})")
