"""domain.printed: a dossier's papers, one per form (and per event for a slip printed from an event), with prints."""

from __future__ import annotations

from datetime import datetime, timedelta

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.events import DossierEvent, EventKind
from counter_app.domain.printed import print_source, printed_papers, prints_of

SOURCES = {"receipt": None, "supplement": EventKind.SUPPLEMENT_REQUESTED, "control": None}  # a smaller table
FORMS = ("receipt", "supplement", "control")
START = datetime(2026, 11, 20, 9, 0, tzinfo=OFFICE_TZ)


def timeline(*steps: tuple[str, EventKind, dict]) -> list[DossierEvent]:
    return [
        DossierEvent(
            id=name,
            dossier_id="d",
            station_id="s",
            station_seq=i,
            kind=kind,
            officer="Cán bộ",
            occurred_at=START + timedelta(hours=i),
            payload=payload,
        )
        for i, (name, kind, payload) in enumerate(steps)
    ]


def test_each_supplement_request_is_its_own_paper_and_old_prints_find_their_source():
    events = timeline(
        ("r", EventKind.RECEIVED, {}),
        ("p1", EventKind.SLIP_PRINTED, {"form": "receipt"}),
        ("s1", EventKind.SUPPLEMENT_REQUESTED, {}),
        ("p2", EventKind.SLIP_PRINTED, {"form": "supplement"}),  # before issue 10: no source named
        ("b1", EventKind.SUPPLEMENT_RECEIVED, {}),
        ("s2", EventKind.SUPPLEMENT_REQUESTED, {}),
        ("p3", EventKind.SLIP_PRINTED, {"form": "supplement", "source": "s2"}),
        ("p4", EventKind.SLIP_PRINTED, {"form": "supplement", "source": "s1", "reprint": True}),  # round 1 again
        ("p5", EventKind.SLIP_PRINTED, {"form": "receipt", "reprint": True}),
    )
    assert print_source(events, events[3], SOURCES) == "s1"
    papers = printed_papers(events, SOURCES, FORMS)
    assert [(p.form, p.source_id, [e.id for e in p.prints]) for p in papers] == [
        ("receipt", None, ["p1", "p5"]),
        ("supplement", "s1", ["p2", "p4"]),
        ("supplement", "s2", ["p3"]),
        ("control", None, []),  # applies, never printed: listed so it can be printed
    ]
    assert [p.reprints for p in papers] == [1, 1, 0, 0]
    assert papers[1].key == "supplement:s1" and papers[0].key == "receipt"
    assert prints_of(events, "supplement", "s2", SOURCES) == 1
    assert prints_of(events, "supplement", "s1", SOURCES) == 2


def test_a_slip_without_its_event_is_not_listed():
    events = timeline(("r", EventKind.RECEIVED, {}))
    assert [p.form for p in printed_papers(events, SOURCES, FORMS)] == ["receipt", "control"]
