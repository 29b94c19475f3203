"""Period summaries the station sends to the hub: the figures of the dossiers this station received.

INTERIM: the figures come from a small query of our own over the `dossiers` projection, not yet from the report
engine of issue 5 (counter_app/services/reports*), which was being written at the same time. The figure names
and the identities are the report's (domain.summary); the rules below are the interim ones and must be replaced
by a call to the report engine (restricted to the dossiers this station received) once it lands:

- received in the period: received_day within it; online = channel online, direct = direct or postal;
- carried over: received before the period and not finished before it;
- finished: resolved (at resolved_at) or refused / stopped / withdrawn (at the dossier's last event);
- resolved early / on time / late: finished on a day before the due day / by the due moment / after it;
- pending at the end of the period (or now, for a period still open): within or past the due moment.

Each station sends only the dossiers it received, so the hub adds stations up without counting a dossier twice,
whether or not the agency's stations share events; a station's own report over all the dossiers it knows
(`station_id=None`) equals the hub's figure for its agency once everyone is in sync.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from counter_app.domain.calendar import OFFICE_TZ, as_office_time
from counter_app.domain.summary import FIGURE_KEYS, month_period_of, period_range
from counter_app.store.models import Dossier

INTERIM = True
_FINISHING = ("refused", "stopped", "withdrawn")


def periods_to_send(today: date) -> list[str]:
    """The monthly periods a station keeps current at the hub: this one and the one before."""
    current = month_period_of(today)
    start, _ = period_range(current)
    return [month_period_of(start - timedelta(days=1)), current]


def compute_summary(session: Session, period: str, station_id: str | None, now: datetime) -> dict:
    start, end = period_range(period)
    end_moment = datetime.combine(end + timedelta(days=1), time(0), OFFICE_TZ)
    as_of = min(as_office_time(now), end_moment)
    start_moment = datetime.combine(start, time(0), OFFICE_TZ)
    query = select(
        Dossier.received_day,
        Dossier.channel,
        Dossier.field_code,
        Dossier.due_at,
        Dossier.resolved_at,
        Dossier.outcome,
        Dossier.last_event_at,
    ).where(
        Dossier.received_day <= end,
        # finished before the period opened: not in it (text order is time order: every station writes +07:00)
        or_(Dossier.outcome.is_(None), Dossier.last_event_at >= start_moment, Dossier.resolved_at >= start_moment),
    )
    if station_id is not None:
        query = query.where(Dossier.station_id == station_id)
    figures: dict[str, int] = dict.fromkeys(FIGURE_KEYS, 0)
    groups: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIGURE_KEYS, 0))
    for received_day, channel, field_code, due_at, resolved_at, outcome, last_event_at in session.execute(query):
        finished = resolved_at if outcome == "resolved" else (last_event_at if outcome in _FINISHING else None)
        if finished is not None and as_office_time(finished).date() < start:
            continue
        keys: list[str] = []
        if received_day < start:
            keys.append("carried_over")
        elif channel == "online":
            keys.append("received_online")
        else:
            keys.append("received_direct")
        keys.append("received_total")
        if finished is not None and as_office_time(finished) < end_moment:
            keys.append("resolved_total")
            if as_office_time(finished).date() < as_office_time(due_at).date():
                keys.append("resolved_early")
            elif finished <= due_at:
                keys.append("resolved_on_time")
            else:
                keys.append("resolved_late")
        else:
            keys.append("pending_total")
            keys.append("pending_within" if due_at >= as_of else "pending_overdue")
        for key in keys:
            figures[key] += 1
            groups[field_code][key] += 1
    return {"period": period, "figures": figures, "groups": {k: groups[k] for k in sorted(groups)}}


def fingerprint(summary: dict) -> str:
    text = json.dumps({"figures": summary["figures"], "groups": summary["groups"]}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()
