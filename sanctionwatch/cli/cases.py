"""``sanctionwatch cases ...``: cases, evidence, claims, letters and the audit check."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from rich.markup import escape

from sanctionwatch.cli.output import Format, console, print_json, print_table
from sanctionwatch.errors import IntegrityError

app = typer.Typer(no_args_is_help=True, help="Cases: typologies, evidence, claims, right of reply, audit check.")
evidence_app = typer.Typer(no_args_is_help=True, help="Evidence files, stored by SHA-256 and graded A1..F6.")
claim_app = typer.Typer(no_args_is_help=True, help="Claims: add, attach evidence, review, correct, set status.")
letter_app = typer.Typer(no_args_is_help=True, help="Right of reply: letters and replies.")
app.add_typer(evidence_app, name="evidence")
app.add_typer(claim_app, name="claim")
app.add_typer(letter_app, name="letter")

FORMAT = typer.Option(Format.table, "--format")


def _say(text: str) -> None:
    # User text (claims, names, reasons) may hold brackets: never read it as Rich markup.
    console.print(text, markup=False, highlight=False)


def _origin(text: Optional[str], source: str) -> list[str]:
    return [p.strip() for p in (text or source).split(">") if p.strip()]


@app.command("typologies")
def typologies_cmd(fmt: Format = FORMAT) -> None:
    """The typology catalogue, with the resolution paragraphs each concerns."""
    from sanctionwatch.cases import typologies

    rows = typologies()
    if fmt == Format.json:
        print_json(rows)
        return
    print_table([{"id": t["id"], "name": t["name"],
                  "paragraphs": "; ".join(f"{p['resolution']} {p['paragraph']}{'' if p['verified'] else ' (unchecked)'}"
                                          for p in t["paragraphs"]),
                  "events": ", ".join(t["event_types"])} for t in rows],
                ["id", "name", "paragraphs", "events"], title="Typologies")


@app.command("open")
def open_cmd(typology: str = typer.Argument(..., help="Typology id (see `cases typologies`)."),
             title: str = typer.Argument(...),
             summary: str = typer.Option("", help="What the case is about."),
             period_start: Optional[str] = typer.Option(None, "--period-start", help="ISO date or time (UTC)."),
             period_end: Optional[str] = typer.Option(None, "--period-end"),
             fmt: Format = FORMAT) -> None:
    """Open a case."""
    from sanctionwatch.cases import open_case

    case = open_case(typology, title, summary=summary, period_start=period_start, period_end=period_end)
    if fmt == Format.json:
        print_json(case)
    else:
        _say(f"opened {case['ref']} ({case['typology']}): {case['title']}")


@app.command("list")
def list_cmd(typology: Optional[str] = typer.Option(None), since: Optional[str] = typer.Option(None),
             until: Optional[str] = typer.Option(None), fmt: Format = FORMAT) -> None:
    """Cases, optionally of one typology and overlapping a period."""
    from sanctionwatch.cases import list_cases

    rows = list_cases(typology=typology, since=since, until=until)
    if fmt == Format.json:
        print_json(rows)
        return
    print_table(rows, ["ref", "typology", "title", "status", "period_start", "period_end", "opened_at", "opened_by"],
                title="Cases")


@app.command("show")
def show_cmd(case: str = typer.Argument(..., help="Case id (3 or C-0003)."),
             as_of: Optional[str] = typer.Option(None, "--as-of", help="Judge letters as of this date."),
             fmt: Format = FORMAT) -> None:
    """A case's dossier: links, claims with corroboration, evidence, correspondence."""
    from sanctionwatch.cases import case_dossier

    d = case_dossier(case, as_of=as_of)
    if fmt == Format.json:
        print_json(d)
        return
    c, t = d["case"], d["typology"]
    console.print(f"[bold]{escape(c['ref'])}[/bold] {escape(c['title'])}  ({escape(t['name'])}; status {c['status']}; "
                  f"as of {d['as_of']})")
    if c["summary"]:
        _say(c["summary"])
    _say("concerns: " + "; ".join(f"{p['resolution']} {p['paragraph']}" for p in t["paragraphs"]))
    if d["links"]:
        print_table(d["links"], ["kind", "ref", "label"], title="Links")
    for claim in d["claims"]:
        cor = claim["corroboration"]
        console.print(f"\n[bold]claim {claim['id']}[/bold] {escape('[' + claim['status'] + ']')} {escape(claim['text'])}")
        _say(f"  {cor['status']}: {cor['independent_origins']} of {cor['required']} independent origins "
             f"({', '.join(cor['roots']) or 'none'})")
        for reason in cor["reasons"]:
            _say(f"  - {reason}")
        for e in claim["evidence"]:
            _say(f"  {e['relation']}: evidence {e['id']} {e['grade']} {e['source']['name']} "
                 f"({' > '.join(e['origin_chain'])})")
        for r in claim["reviews"]:
            _say(f"  review ({r['view']}) by {r['reviewer']}: {r['text']}")
        for k in claim["corrections"]:
            _say(f"  corrected {k['at']} by {k['by']} ({k['reason']}); was: {k['previous_text']}")
    if d["evidence"]:
        print_table([{**e, "source": e["source"]["name"], "origin": " > ".join(e["origin_chain"])}
                     for e in d["evidence"]],
                    ["id", "grade", "kind", "media_type", "filename", "source", "origin", "captured_at"],
                    title="Evidence")
    if d["correspondence"]:
        print_table([{**x, "replies": "; ".join(r["summary"] for r in x["replies"])} for x in d["correspondence"]],
                    ["id", "party", "subject", "sent_at", "deadline", "status", "replies"], title="Correspondence")


@app.command("link")
def link_cmd(case: str = typer.Argument(...),
             kind: str = typer.Argument(..., help="entity, vessel, event, media or case."),
             ref: str = typer.Argument(..., help="e.g. imo-9161003, mmsi:445112000, an event id, C-0002."),
             label: Optional[str] = typer.Option(None), fmt: Format = FORMAT) -> None:
    """Link a case to a list entity, vessel, maritime event, media item or another case."""
    from sanctionwatch.cases import link

    row = link(case, kind, ref, label=label)
    if fmt == Format.json:
        print_json(row)
    else:
        _say(f"C-{row['case_id']:04d} -> {row['kind']} {row['ref']}")


@evidence_app.command("add")
def evidence_add(file: Path = typer.Argument(..., help="The file as obtained (image, PDF, saved page, CSV...)."),
                 source: str = typer.Option(..., "--source", help="Who supplied it."),
                 source_kind: str = typer.Option("unknown", "--source-kind",
                                                 help="registry, court, un_body, commercial_imagery, state, ngo, "
                                                      "ais_provider, media, company, individual, unknown."),
                 origin: Optional[str] = typer.Option(None, "--origin",
                                                      help='Origin chain, originator first: "A > B" (default: the source).'),
                 reliability: Optional[str] = typer.Option(None, "--reliability", help="A..F (default by source kind)."),
                 reason: Optional[str] = typer.Option(None, "--reason", help="Why the reliability differs from the default."),
                 credibility: str = typer.Option("6", "--credibility", help="1..6 (Admiralty)."),
                 kind: Optional[str] = typer.Option(None, "--kind", help="document, image, ais_track, web_page, ..."),
                 captured_at: Optional[str] = typer.Option(None, "--captured-at"),
                 collected_at: Optional[str] = typer.Option(None, "--collected-at"),
                 collected_by: Optional[str] = typer.Option(None, "--collected-by"),
                 language: Optional[str] = typer.Option(None, "--language"),
                 machine_translated: bool = typer.Option(False, "--machine-translated"),
                 title: Optional[str] = typer.Option(None, "--title"),
                 description: Optional[str] = typer.Option(None, "--description"),
                 url: Optional[str] = typer.Option(None, "--url", help="Where it was found (recorded, never fetched)."),
                 resolution_m: Optional[float] = typer.Option(None, "--resolution-m", help="Ground sample distance."),
                 case: Optional[str] = typer.Option(None, "--case"),
                 fmt: Format = FORMAT) -> None:
    """Store a file as evidence and grade it."""
    from sanctionwatch.cases import add_evidence

    e = add_evidence(file, kind=kind, source=source, source_kind=source_kind, origin_chain=_origin(origin, source),
                     reliability=reliability, reliability_reason=reason, credibility=credibility,
                     captured_at=captured_at, collected_at=collected_at, collected_by=collected_by,
                     language=language, machine_translated=machine_translated, title=title, description=description,
                     url=url, resolution_m=resolution_m, case_id=case)
    if fmt == Format.json:
        print_json(e)
    else:
        _say(f"evidence {e['id']}: {e['filename']} {e['media_type']} {e['size']} bytes, grade {e['grade']}, "
             f"sha256 {e['sha256']}")


@evidence_app.command("show")
def evidence_show(evidence_id: int = typer.Argument(...), fmt: Format = FORMAT) -> None:
    """An evidence item's metadata (the file is re-verified)."""
    from sanctionwatch.cases import get_evidence, read_evidence

    read_evidence(evidence_id)
    e = get_evidence(evidence_id)
    if fmt == Format.json:
        print_json(e)
        return
    for key in ("id", "filename", "media_type", "size", "sha256", "kind", "title", "grade", "reliability_reason",
                "collected_at", "collected_by", "captured_at", "url", "language", "machine_translated"):
        _say(f"{key}: {e[key]}")
    _say(f"source: {e['source']['name']} ({e['source']['kind']})")
    _say(f"origin: {' > '.join(e['origin_chain'])}")
    for key, value in sorted(e["metadata"].items()):
        _say(f"{key}: {value}")


@evidence_app.command("get")
def evidence_get(evidence_id: int = typer.Argument(...),
                 out: Optional[Path] = typer.Option(None, "-o", "--out", help="Write here (default: stdout).")) -> None:
    """The file's bytes, after checking its SHA-256."""
    from sanctionwatch.cases import read_evidence

    data = read_evidence(evidence_id)
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        out.write_bytes(data)


@claim_app.command("add")
def claim_add(case: str = typer.Argument(...), text: str = typer.Argument(...),
              evidence: Optional[List[int]] = typer.Option(None, "--evidence", help="Supporting evidence id (repeat)."),
              fmt: Format = FORMAT) -> None:
    """Add a claim to a case, with its supporting evidence."""
    from sanctionwatch.cases import add_claim, corroboration

    claim = add_claim(case, text, evidence_ids=evidence or ())
    if fmt == Format.json:
        print_json(claim)
    else:
        _say(f"claim {claim['id']}: {corroboration(claim['id'])['status']}")


@claim_app.command("attach")
def claim_attach(claim_id: int = typer.Argument(...), evidence_id: int = typer.Argument(...),
                 relation: str = typer.Option("supports", help="supports or contradicts")) -> None:
    """Attach an evidence item to a claim."""
    from sanctionwatch.cases import attach_evidence, corroboration

    attach_evidence(claim_id, evidence_id, relation=relation)
    _say(f"claim {claim_id}: evidence {evidence_id} {relation}; {corroboration(claim_id)['status']}")


@claim_app.command("review")
def claim_review(claim_id: int = typer.Argument(...), reviewer: str = typer.Option(..., "--reviewer"),
                 view: str = typer.Option(..., "--view", help="concur or minority"),
                 text: str = typer.Option("", "--text")) -> None:
    """Record a reviewer's concurrence or minority view."""
    from sanctionwatch.cases import add_review

    add_review(claim_id, reviewer=reviewer, view=view, text=text)
    _say(f"claim {claim_id}: {view} view by {reviewer} recorded")


@claim_app.command("correct")
def claim_correct(claim_id: int = typer.Argument(...), text: str = typer.Argument(...),
                  reason: str = typer.Option(..., "--reason")) -> None:
    """Correct a claim's text; the earlier text stays in its history."""
    from sanctionwatch.cases import correct_claim

    claim = correct_claim(claim_id, text, reason=reason)
    _say(f"claim {claim_id} corrected ({len(claim['corrections'])} corrections)")


@claim_app.command("status")
def claim_status(claim_id: int = typer.Argument(...),
                 status: str = typer.Argument(..., help="draft, sent_for_reply, final, corrected, withdrawn")) -> None:
    """Set a claim's status."""
    from sanctionwatch.cases import set_claim_status

    set_claim_status(claim_id, status)
    _say(f"claim {claim_id}: {status}")


@letter_app.command("send")
def letter_send(case: str = typer.Argument(...), party: str = typer.Option(..., "--party"),
                party_kind: str = typer.Option(..., "--party-kind", help="state, entity, individual, un_body, other"),
                subject: str = typer.Option(..., "--subject"), summary: str = typer.Option(..., "--summary"),
                sent_at: Optional[str] = typer.Option(None, "--sent-at"),
                deadline: Optional[str] = typer.Option(None, "--deadline", help="Default: sent + reply_days."),
                claim: Optional[int] = typer.Option(None, "--claim"),
                evidence: Optional[int] = typer.Option(None, "--evidence"), fmt: Format = FORMAT) -> None:
    """Record a letter giving a party the chance to reply."""
    from sanctionwatch.cases import send_letter

    letter = send_letter(case, party=party, party_kind=party_kind, subject=subject, summary=summary,
                         sent_at=sent_at, deadline=deadline, claim_id=claim, evidence_id=evidence)
    if fmt == Format.json:
        print_json(letter)
    else:
        _say(f"letter {letter['id']} to {letter['party']}: reply due {letter['deadline']}")


@letter_app.command("reply")
def letter_reply(letter_id: int = typer.Argument(...), received_at: str = typer.Option(..., "--received-at"),
                 summary: str = typer.Option(..., "--summary"), assessment: Optional[str] = typer.Option(None),
                 evidence: Optional[int] = typer.Option(None, "--evidence")) -> None:
    """Record a reply to a letter, with its assessment."""
    from sanctionwatch.cases import record_reply

    reply = record_reply(letter_id, received_at=received_at, summary=summary, assessment=assessment,
                         evidence_id=evidence)
    _say(f"reply {reply['id']} to letter {letter_id} recorded{' (late)' if reply['late'] else ''}")


@app.command("verify")
def verify_cmd(fmt: Format = FORMAT) -> None:
    """Check the audit chain, every case row and every evidence file; exit non-zero at the first break."""
    from sanctionwatch.cases import verify_cases

    result = verify_cases()
    if fmt == Format.json:
        print_json(result)
    else:
        _say(f"checked {result['entries']} audit entries and {result['evidence_checked']} evidence files: "
             f"{'intact' if result['ok'] else str(len(result['problems'])) + ' problems'}")
    if not result["ok"]:
        raise IntegrityError(result["first_broken"])
