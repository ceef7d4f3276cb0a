"""``sanctionwatch media ...``: scan articles for listed people, companies and vessels; attach one to a case."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.markup import escape

from sanctionwatch.cli.output import Format, console, err_console, print_json, progress_bar

app = typer.Typer(no_args_is_help=True, help="News and documents: mentions of listed entities, linked to the lists.")


@app.command("scan")
def scan_cmd(paths: List[Path] = typer.Argument(..., help="Article files (.txt, .html) or folders of them."),
             min_score: float = typer.Option(0.7, "--min-score", min=0.0, max=1.0,
                                             help="Score from which a candidate counts as a link."),
             audit: bool = typer.Option(False, "--audit", help="Record each group's screening in the audit trail."),
             fmt: Format = typer.Option(Format.table, "--format")) -> None:
    """Print per document the mention groups, each with its links (score, reasons, sentence, offsets)."""
    from sanctionwatch.media.scan import scan

    with progress_bar("media scan") as progress:
        result = scan(paths, min_score=min_score, record=audit, progress=progress)
    if fmt == Format.json:
        print_json(result)
        return
    for warning in result["warnings"]:
        err_console.print(f"warning: {escape(warning)}")
    for d in result["documents"]:
        doc = d["document"]
        mt = " machine-translated" if doc["machine_translated"] else ""
        console.print(f"[bold]{escape(doc['path'])}[/bold]  {doc['language'] or '?'}{mt}  "
                      f"published {doc['published'] or 'unknown'}  source {escape(doc['source'])}")
        for g in d["groups"]:
            names = " / ".join(g["names"]) or g["label"]
            console.print(f"  #{g['group']} {g['kind']}: {escape(names)} ({len(g['mentions'])} mentions)  "
                          f"{escape(g['reason'])}")
            for c in g["links"]:
                console.print(f"      [bold red]LINK[/bold red] {c['score']:.3f} {escape(c['caption'])} "
                              f"({escape(str(c['reference']))}, {', '.join(c['datasets'])}, {c['id']})")
                for reason in c["reasons"]:
                    console.print(f"          {escape(reason)}")
            if not g["links"] and g["candidates"]:
                best = g["candidates"][0]
                console.print(f"      best {best['score']:.3f} {escape(best['caption'])}: "
                              f"{escape('; '.join(best['reasons'][-2:]))}")
            for m in g["mentions"][:6]:
                console.print(f"      [{m['start']}:{m['end']}] {m['zone']}: {escape(m['sentence'][:160])}")
    console.print(f"{result['count']} documents in {result['seconds']:.2f} s")


@app.command("attach")
def attach_cmd(doc: Path = typer.Argument(..., help="The article file."),
               case: str = typer.Option(..., "--case", help="Case id (number or CASE-...)."),
               min_score: float = typer.Option(0.7, "--min-score", min=0.0, max=1.0),
               reliability: Optional[str] = typer.Option(None, help="Override the media default C (needs --reason)."),
               reason: Optional[str] = typer.Option(None, "--reason"),
               fmt: Format = typer.Option(Format.table, "--format")) -> None:
    """Attach an article to a case: evidence graded by the machine-translation rule, and a media link."""
    from sanctionwatch.media.evidence import attach_article
    from sanctionwatch.store import open_store

    out = attach_article(doc, case, store=open_store(), min_score=min_score, reliability=reliability,
                         reliability_reason=reason)
    if fmt == Format.json:
        print_json({k: v for k, v in out.items() if k != "scan"})
        return
    ev = out["evidence"]
    console.print(f"evidence {ev['id']} grade {ev['grade']} ({'machine-translated, ' if ev['machine_translated'] else ''}"
                  f"{escape(out['credibility_rule'])})")
    groups = out["link"]["data"]["groups"]
    console.print(f"link {out['link']['id']} media {escape(out['link']['ref'])}: {len(groups)} groups, "
                  f"{sum(1 for g in groups if g['links'])} linked")
