"""Deterministic merge of a dossier's events written on several stations, some of them offline.

Every station (and the hub's status look-up) rebuilds a dossier the same way: all its events sorted by
(UTC second, station id, station sequence, event id) — a total order every station computes alike from the
events alone — and folded through the lifecycle rules. An event the rules refuse in that order (a second
return of one result, a handover after the dossier was resolved elsewhere, a second intake of the same dossier)
is not folded: it is kept, and reported as a conflict for a supervisor to resolve. Nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from counter_app.domain.dossier import DossierState
from counter_app.domain.events import DossierEvent
from counter_app.domain.lifecycle import apply_event


def utc_key(moment: datetime) -> str:
    """ "YYYY-MM-DDTHH:MM:SSZ": sortable across offsets (the store's occurred_utc column holds the same text)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def event_order_key(event: DossierEvent) -> tuple[str, str, int, str]:
    return (utc_key(event.occurred_at), event.station_id, event.station_seq, event.id)


@dataclass(frozen=True)
class RejectedEvent:
    event: DossierEvent
    reason: str  # a Vietnamese sentence from the lifecycle rules


@dataclass(frozen=True)
class MergeResult:
    state: DossierState | None  # None: the dossier's intake event is not (yet) among the events
    applied: tuple[DossierEvent, ...]
    rejected: tuple[RejectedEvent, ...]

    @property
    def conflicts(self) -> tuple[RejectedEvent, ...]:
        return self.rejected


def merge_events(events: Iterable[DossierEvent]) -> MergeResult:
    """Fold all events of one dossier in the merge order; the ones the rules refuse are returned, not lost.

    Events that come before the dossier's intake event in that order (only possible with a station clock that
    is wrong) and events that arrive while the intake event itself has not arrived yet are told apart: with no
    intake event at all the result's state is None and nothing is rejected (the rest is simply waiting).
    """
    from counter_app.domain.events import EventKind
    from counter_app.domain.lifecycle import TransitionError

    ordered = sorted(events, key=event_order_key)
    if not any(EventKind(e.kind) == EventKind.RECEIVED for e in ordered):
        return MergeResult(None, (), ())
    state: DossierState | None = None
    applied: list[DossierEvent] = []
    rejected: list[RejectedEvent] = []
    for event in ordered:
        try:
            state = apply_event(state, event)
        except (TransitionError, KeyError, ValueError, TypeError) as exc:
            rejected.append(RejectedEvent(event, str(exc) or type(exc).__name__))
        else:
            applied.append(event)
    return MergeResult(state, tuple(applied), tuple(rejected))
