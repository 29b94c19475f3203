"""What was printed for one dossier, paper by paper: the base of a reprint (issue 10, item 6).

A slip printed from an event (form 02 from a supplement request, form 04 from an extension, …) is one paper per
such event: a dossier asked twice for supplements has two forms 02, and either can be reprinted as it was. The
receipt and the control sheet are printed from the dossier itself: one paper each. Every print is a slip_printed
event naming its form and (since issue 10) the event it was printed from; an older print without that name was
printed from the latest event of its kind before it, which is what is assumed for it.

Plain Python over the timeline: no store, no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.event_kinds import SLIPS
from counter_app.domain.events import DossierEvent, EventKind

# form -> the kind of event its paper is printed from (None: the dossier itself), in the order papers are listed.
SOURCES: dict[str, EventKind | None] = {form: slip.source for form, slip in SLIPS.items() if slip.per_dossier}
FORMS: tuple[str, ...] = tuple(SOURCES)


class NoSuchPaper(ValueError):
    """The event named as a paper's source is not one it can be printed from; str() says so in Vietnamese."""


@dataclass(frozen=True)
class PrintedPaper:
    """One paper of a dossier: its form, the event it is printed from, and each time it went to a printer."""

    form: str
    source_id: str | None  # the event it is printed from; None: from the dossier itself (receipt, control sheet)
    source_at: datetime | None
    prints: tuple[DossierEvent, ...]  # slip_printed events, oldest first; empty: never printed yet

    @property
    def count(self) -> int:
        return len(self.prints)

    @property
    def reprints(self) -> int:
        return max(self.count - 1, 0)

    @property
    def last(self) -> DossierEvent | None:
        return self.prints[-1] if self.prints else None

    @property
    def key(self) -> str:
        """How a script or a list names this paper: the form, and the source event's id when it has one."""
        return f"{self.form}:{self.source_id}" if self.source_id else self.form


def print_source(
    timeline: Iterable[DossierEvent], event: DossierEvent, sources: Mapping[str, EventKind | None] = SOURCES
) -> str | None:
    """The id of the event a slip_printed `event` printed from: named in its payload, else the latest event of its
    form's source kind before it; None for a paper printed from the dossier itself."""
    named = (event.payload or {}).get("source")
    if named:
        return str(named)
    kind = sources.get((event.payload or {}).get("form") or "")
    if kind is None:
        return None
    latest: str | None = None
    for e in timeline:
        if e.id == event.id:
            break
        if e.kind == kind:
            latest = e.id
    return latest


def printed_papers(
    timeline: Iterable[DossierEvent],
    sources: Mapping[str, EventKind | None] = SOURCES,
    forms: Iterable[str] = FORMS,
) -> list[PrintedPaper]:
    """Every paper the dossier has (`forms` in their order; `sources`: form -> the kind of event it is printed
    from, None for the dossier itself), with its prints; a paper that applies but was never printed has none.

    Papers from an event are listed once per event of that kind, oldest first."""
    events = list(timeline)
    order = list(forms)
    by_kind: dict[EventKind, list[DossierEvent]] = {}
    for e in events:
        by_kind.setdefault(e.kind, []).append(e)
    papers: dict[tuple[str, str | None], list[DossierEvent]] = {}
    when: dict[str | None, datetime | None] = {None: None}
    for form in order:
        kind = sources.get(form)
        if kind is None:
            papers[(form, None)] = []
            continue
        for source_event in by_kind.get(kind, ()):
            papers[(form, source_event.id)] = []
            when[source_event.id] = source_event.occurred_at
    for e in events:
        if e.kind != EventKind.SLIP_PRINTED:
            continue
        form = (e.payload or {}).get("form") or ""
        source = print_source(events, e, sources)
        papers.setdefault((form, source), []).append(e)
        when.setdefault(source, None)
    rank = {form: i for i, form in enumerate(order)}
    out = [PrintedPaper(form, source, when.get(source), tuple(prints)) for (form, source), prints in papers.items()]
    out.sort(key=lambda p: (rank.get(p.form, len(rank)), p.source_at is not None, p.source_at or datetime.min))
    return out


def prints_of(
    timeline: Iterable[DossierEvent],
    form: str,
    source_id: str | None,
    sources: Mapping[str, EventKind | None] = SOURCES,
) -> int:
    """How many times the paper (`form`, printed from `source_id`) went to a printer: the next print is a reprint."""
    events = list(timeline)
    return sum(
        1
        for e in events
        if e.kind == EventKind.SLIP_PRINTED
        and (e.payload or {}).get("form") == form
        and print_source(events, e, sources) == source_id
    )


def paper_source(
    timeline: Iterable[DossierEvent],
    form: str,
    source_id: str | None = None,
    sources: Mapping[str, EventKind | None] = SOURCES,
) -> DossierEvent | None:
    """The event paper `form` is printed from: `source_id` when given (it must be an event of the form's source
    kind in this dossier, else NoSuchPaper), else the latest such event; None for a paper from the dossier itself
    (or a slip whose event has not happened: the caller says why it does not apply)."""
    kind = sources.get(form)
    events = [e for e in timeline if kind is not None and e.kind == kind]
    if source_id:
        found = next((e for e in events if e.id == source_id), None)
        if found is None:
            raise NoSuchPaper(f"Hồ sơ không có sự kiện «{source_id}» để in lại giấy tờ «{form}» từ đó.")
        return found
    return events[-1] if events else None


def paper_title(paper: PrintedPaper, papers: list[PrintedPaper]) -> str:
    """The paper's name in a list: its form, and for a form printed from several events, which one ("lần 2")."""
    title = SLIPS[paper.form].short if paper.form in SLIPS else paper.form
    same = [p for p in papers if p.form == paper.form]
    if len(same) > 1 and paper.source_at is not None:
        title += f" — lần {same.index(paper) + 1}, ngày {paper.source_at:%d/%m/%Y}"
    return title


def paper_line(paper: PrintedPaper, papers: list[PrintedPaper]) -> str:
    """The paper and its prints in one line: "… · in 2 lần (1 bản in lại), lần cuối 09:30 25/11/2026 (officer)"."""
    title = paper_title(paper, papers)
    last = paper.last
    if last is None:
        return f"{title} · chưa in"
    times = f"in {paper.count} lần" + (f" ({paper.reprints} bản in lại)" if paper.reprints else "")
    return f"{title} · {times}, lần cuối {last.occurred_at:%H:%M %d/%m/%Y} ({last.officer})"


def number_of(paper: PrintedPaper, papers: list[PrintedPaper]) -> int:
    """Which paper of its form this is, from 1 (the order `paper_title` says "lần N" in)."""
    return [p for p in papers if p.form == paper.form].index(paper) + 1
