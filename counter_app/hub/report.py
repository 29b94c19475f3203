"""The hub's read side: the consolidated report across agencies, and the public status look-up."""

from __future__ import annotations

import io
import json
from collections import defaultdict
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain import status_check
from counter_app.domain.calendar import as_office_time
from counter_app.domain.dossier import STATUS_LABELS
from counter_app.domain.events import DossierEvent, EventKind
from counter_app.domain.merge import merge_events
from counter_app.domain.summary import FIGURE_LABELS, figure_order
from counter_app.hub.models import Agency, Client, HubEvent, Summary


def consolidated_report(session: Session, period: str, only_agency: str | None = None) -> dict:
    """The latest revision of every station's summary for `period`, added up per agency and in total.

    Each station sends the figures of the dossiers it received itself, so an agency's figures are the sum over
    its stations, whether or not its stations share events.
    """
    latest = (
        select(Summary.client_id, func.max(Summary.revision).label("revision"))
        .where(Summary.period == period)
        .group_by(Summary.client_id)
        .subquery()
    )
    query = (
        select(Summary)
        .join(latest, (Summary.client_id == latest.c.client_id) & (Summary.revision == latest.c.revision))
        .where(Summary.period == period)
    )
    if only_agency is not None:
        query = query.where(Summary.agency_code == only_agency)
    per_agency: dict[str, dict] = {}
    for row in session.scalars(query.order_by(Summary.agency_code, Summary.client_id)):
        entry = per_agency.setdefault(
            row.agency_code,
            {
                "stations": 0,
                "computed_at": None,
                "figures": defaultdict(int),
                "groups": defaultdict(lambda: defaultdict(int)),
            },
        )
        entry["stations"] += 1
        entry["computed_at"] = max(filter(None, (entry["computed_at"], row.computed_at)))
        for key, value in json.loads(row.figures).items():
            entry["figures"][key] += value
        for group, figures in json.loads(row.groups).items():
            for key, value in figures.items():
                entry["groups"][group][key] += value
    names = {a.code: a.name for a in session.scalars(select(Agency))}
    total: dict[str, int] = defaultdict(int)
    agencies = []
    for code in sorted(per_agency):
        entry = per_agency[code]
        for key, value in entry["figures"].items():
            total[key] += value
        agencies.append(
            {
                "agency": code,
                "name": names.get(code, ""),
                "stations": entry["stations"],
                "computed_at": entry["computed_at"],
                "figures": dict(sorted(entry["figures"].items(), key=lambda kv: figure_order(kv[0]))),
                "groups": {
                    g: dict(sorted(f.items(), key=lambda kv: figure_order(kv[0])))
                    for g, f in sorted(entry["groups"].items())
                },
            }
        )
    return {
        "period": period,
        "agencies": agencies,
        "total": dict(sorted(total.items(), key=lambda kv: figure_order(kv[0]))),
    }


def report_xlsx(report: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    keys: list[str] = sorted(
        {k for a in report["agencies"] for k in a["figures"]} | set(report["total"]), key=figure_order
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    ws.append([f"BÁO CÁO TỔNG HỢP KỲ {report['period']}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    header = ["Mã cơ quan", "Tên cơ quan", "Số máy trạm", *[FIGURE_LABELS.get(k, k) for k in keys]]
    ws.append(header)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for agency in report["agencies"]:
        ws.append([agency["agency"], agency["name"], agency["stations"], *[agency["figures"].get(k, 0) for k in keys]])
    ws.append(
        ["TỔNG CỘNG", "", sum(a["stations"] for a in report["agencies"]), *[report["total"].get(k, 0) for k in keys]]
    )
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 36
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _event(row: HubEvent) -> DossierEvent:
    return DossierEvent(
        id=row.id,
        dossier_id=row.dossier_id,
        station_id=row.station_id,
        station_seq=row.station_seq,
        kind=EventKind(row.kind),
        officer=row.officer,
        occurred_at=datetime.fromisoformat(row.occurred_at),
        payload=json.loads(row.payload),
    )


def public_status(session: Session, code: str, check: str | None) -> dict | None:
    """Status and appointment date of the dossier `code`, merged from its events exactly as stations do, when
    `check` is the check value printed on its receipt (domain/status_check); None otherwise, exactly as for a code
    that does not exist.

    Nothing personal is returned: no name, no number, no address, no officer.
    """
    received = session.scalar(
        select(HubEvent)
        .where(HubEvent.code == code, HubEvent.kind == EventKind.RECEIVED.value)
        .order_by(HubEvent.hub_seq)
        .limit(1)
    )
    if received is None:
        return None
    if not status_check.matches(json.loads(received.payload).get(status_check.PAYLOAD_KEY), check):
        return None
    rows = session.scalars(select(HubEvent).where(HubEvent.dossier_id == received.dossier_id)).all()
    merged = merge_events(_event(r) for r in rows)
    state = merged.state
    if state is None:
        return None
    return {
        "code": state.code,
        "status": state.status.value,
        "status_label": STATUS_LABELS[state.status],
        "appointment_date": as_office_time(state.due_at).date(),
    }


def station_count(session: Session, agency: str) -> int:
    return session.scalar(select(func.count()).select_from(Client).where(Client.agency_code == agency)) or 0
