"""Period summaries the station sends to the hub: Biểu 06's figures of the dossiers this station received.

The figures are the report engine's (services.reports.station_summary: the rules of domain/reports.py, see
docs/REPORTS.md), restricted to the dossiers the station received. Each station sends only those, so the hub adds
stations up without counting a dossier twice, whether or not the agency's stations share events; once an office
is in sync, the hub's figures for an agency equal each station's own Biểu 06 (tests/test_report_consolidation.py).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta

from counter_app.domain.summary import month_period_of, period_range
from counter_app.services.reports import station_summary


def periods_to_send(today: date) -> list[str]:
    """The monthly periods a station keeps current at the hub: this one and the one before."""
    current = month_period_of(today)
    start, _ = period_range(current)
    return [month_period_of(start - timedelta(days=1)), current]


def compute_summary(session, period: str, station_id: str | None, now: datetime) -> dict:
    """{"period", "figures", "groups"} of the dossiers `station_id` received (None: all this store knows)."""
    return station_summary(session, period, station_id, now)


def fingerprint(summary: dict) -> str:
    text = json.dumps({"figures": summary["figures"], "groups": summary["groups"]}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()
