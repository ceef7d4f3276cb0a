"""``sanctionwatch serve`` and ``sanctionwatch keys ...``: the HTTP API and the keys it accepts.

The server never runs without keys: ``serve`` refuses to start until ``keys create`` has made one.
A key is printed once, on stdout alone (``KEY=$(sanctionwatch keys create ...)`` works); only its
SHA-256 is stored.
"""

from __future__ import annotations

import ipaddress
from typing import List, Optional

import typer

from sanctionwatch.cli.output import Format, err_console, print_json, print_table
from sanctionwatch.errors import ConfigError

keys_app = typer.Typer(no_args_is_help=True, help="API keys for `sanctionwatch serve`: create (shown once), "
                                                  "list, revoke.")
FORMAT = typer.Option(Format.table, "--format")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
          port: int = typer.Option(8000, "--port", min=1, max=65535),
          workers: int = typer.Option(1, "--workers", min=1, max=64,
                                      help="Worker processes (each keeps its own screening index and rate limits)."),
          access_log: bool = typer.Option(False, "--access-log/--no-access-log",
                                          help="Log each request line; off by default because /search query "
                                               "strings carry the names screened.")) -> None:
    """Run the HTTP API and web UI (uvicorn). Needs at least one active key (`sanctionwatch keys create`)."""
    import uvicorn

    from sanctionwatch.api.keys import active_key_count
    from sanctionwatch.store import open_store

    store = open_store()
    try:
        if active_key_count(store) == 0:
            raise ConfigError("no active API key: create one first with `sanctionwatch keys create --name NAME "
                              "--role admin` (the server never runs without keys)")
    finally:
        store.dispose()
    if not _loopback(host):
        err_console.print(f"listening on {host}: the API is reachable from other machines; put TLS in front "
                          f"of it (a reverse proxy), keys travel in a header", markup=False)
    # The factory import string lets uvicorn start several workers, each opening the store itself.
    uvicorn.run("sanctionwatch.api.app:create_app", factory=True, host=host, port=port, workers=workers,
                access_log=access_log, server_header=False, proxy_headers=False)


@keys_app.command("create")
def create_cmd(name: str = typer.Option(..., "--name", help="Who or what uses the key (shown in audit trails)."),
               role: str = typer.Option(..., "--role", help="read, screen, analyst or admin (each includes the "
                                                            "ones before)."),
               expires_days: int = typer.Option(90, "--expires-days", help="Days until the key expires."),
               case: Optional[List[int]] = typer.Option(None, "--case", help="Limit the key to this case "
                                                                             "(repeatable); default: all cases."),
               fmt: Format = FORMAT) -> None:
    """Create a key and print it once."""
    from sanctionwatch.api.keys import create_key

    key_text, row = create_key(name, role, expires_days=expires_days, case_ids=list(case) if case else None)
    if fmt == Format.json:
        print_json({**row, "key": key_text})
    else:
        print(key_text)
    scope = "all cases" if row["case_ids"] is None else "cases " + ", ".join(map(str, row["case_ids"]))
    err_console.print(f"API key {row['id']} ({row['name']}, role {row['role']}, {scope}) expires "
                      f"{row['expires_at']:%Y-%m-%d %H:%M} UTC.\nThis key is shown once and cannot be shown "
                      f"again: store it now. Send it as 'Authorization: Bearer <key>'.", markup=False)


def _row(k: dict) -> dict:
    return {"id": k["id"], "name": k["name"], "role": k["role"], "prefix": k["prefix"] + "…",
            "cases": "all" if k["case_ids"] is None else ",".join(map(str, k["case_ids"])), "state": k["state"],
            "created": f"{k['created_at']:%Y-%m-%d}", "expires": f"{k['expires_at']:%Y-%m-%d}",
            "last used": f"{k['last_used_at']:%Y-%m-%d %H:%M}" if k["last_used_at"] else "",
            "created by": k["created_by"]}


@keys_app.command("list")
def list_cmd(fmt: Format = FORMAT) -> None:
    """Every key with its state; never the key itself."""
    from sanctionwatch.api.keys import list_keys

    rows = list_keys()
    if fmt == Format.json:
        print_json(rows)
        return
    print_table([_row(k) for k in rows], ["id", "name", "role", "prefix", "cases", "state", "created", "expires",
                                          "last used", "created by"], title="API keys")


@keys_app.command("revoke")
def revoke_cmd(key_id: int = typer.Argument(..., help="The key's id (see `keys list`)."), fmt: Format = FORMAT) -> None:
    """Revoke a key: the next request with it is refused."""
    from sanctionwatch.api.keys import revoke_key

    row = revoke_key(key_id)
    if fmt == Format.json:
        print_json(row)
        return
    print(f"API key {row['id']} ({row['name']}) revoked at {row['revoked_at']:%Y-%m-%d %H:%M:%S} UTC")
