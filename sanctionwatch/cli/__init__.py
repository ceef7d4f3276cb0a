"""The ``sanctionwatch`` command. Each command is a thin call into the library; errors from the one
error tree become one line on stderr and the error's exit code."""

from __future__ import annotations

import logging
import sys

import typer

from sanctionwatch.cli import ais as ais_cmd
from sanctionwatch.cli import cases as cases_cmd
from sanctionwatch.cli import demo as demo_cmd
from sanctionwatch.cli import lists as lists_cmd
from sanctionwatch.cli import media as media_cmd
from sanctionwatch.cli import report as report_cmd
from sanctionwatch.cli import scenario as scenario_cmd
from sanctionwatch.cli import screen as screen_cmd
from sanctionwatch.cli import serve as serve_cmd
from sanctionwatch.cli import trade as trade_cmd
from sanctionwatch.errors import SanctionwatchError

app = typer.Typer(help="Sanctions monitoring: official lists, screening, maritime detection, cases, reports.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
app.add_typer(lists_cmd.app, name="lists")
app.add_typer(screen_cmd.app, name="screen")
app.add_typer(ais_cmd.app, name="ais")
app.add_typer(scenario_cmd.app, name="scenario")
app.add_typer(cases_cmd.app, name="cases")
app.add_typer(report_cmd.app, name="report")
app.add_typer(media_cmd.app, name="media")
app.add_typer(trade_cmd.rules_app, name="rules")
app.add_typer(trade_cmd.trade_app, name="trade")
app.add_typer(trade_cmd.petroleum_app, name="petroleum")
app.command("demo")(demo_cmd.demo)
app.command("serve")(serve_cmd.serve)
app.add_typer(serve_cmd.keys_app, name="keys")


@app.callback()
def _root(verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what is being done to stderr.")) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")


def main() -> None:
    try:
        app(standalone_mode=False)
    except SanctionwatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("aborted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # click usage errors come through here in non-standalone mode
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
