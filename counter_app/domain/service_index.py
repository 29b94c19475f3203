"""The service index a one-stop office is scored on (Decision 766/QĐ-TTg, 23/06/2022): the four figures the counter
can compute itself, by period and by field, each with the dossiers behind it.

Plain Python (no Qt, no store): `compute_service_index` folds each dossier's events, the way `reports.naive_counts`
does, so the figures agree with Biểu 06 on what "handled in the period" and "on time" mean. docs/REPORTS.md
("Chỉ số phục vụ người dân, doanh nghiệp") gives the definitions with their sources; `DEFINITIONS` is the same
text as the panel, the CLI and the JSON print it.

- on_time (Tỷ lệ hồ sơ giải quyết đúng hạn): of the dossiers whose handling ended in the period (Biểu 06 col. 7),
  the share closed early or on time under the report's own choices (settings reports.*) AND asked for
  supplements at most once — the index counts a dossier asked more than once as overdue.
- multi_supplement (Tỷ lệ hồ sơ yêu cầu bổ sung quá một lần): of the same dossiers, the share asked for
  supplements two times or more before handling ended. Lower is better.
- digitised (Tỷ lệ hồ sơ được số hóa): of the dossiers received in the period, the share with at least one scan
  of its papers attached by the end of the period (`file_attached` events, DossierState.scans; domain/files.py).
  A caller may pass digitised=True/False per dossier instead (IndexDossier.digitised).
- satisfied (Tỷ lệ hài lòng): of the dossiers whose latest rating (before the end of the period) was given in the
  period, the share rated "Rất hài lòng" or "Hài lòng" (SATISFIED_LEVELS).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.dossier import DossierState
from counter_app.domain.events import DossierEvent, EventKind
from counter_app.domain.lifecycle import apply_event
from counter_app.domain.policy import ReportPolicy
from counter_app.domain.reports import OPEN_STATUSES, ReportPeriod, Timeliness, is_excused, judge_closure
from counter_app.domain.satisfaction import LEVELS, SATISFIED_LEVELS, level_of

__all__ = [
    "DEFINITIONS",
    "INDICATORS",
    "IndexDossier",
    "IndexRow",
    "Indicator",
    "ServiceIndex",
    "compute_service_index",
    "percent",
]

ON_TIME, MULTI_SUPPLEMENT, DIGITISED, SATISFIED = "on_time", "multi_supplement", "digitised", "satisfied"
INDICATORS: dict[str, str] = {
    ON_TIME: "Tỷ lệ hồ sơ giải quyết đúng hạn",
    MULTI_SUPPLEMENT: "Tỷ lệ hồ sơ yêu cầu bổ sung quá một lần (tính là quá hạn)",
    DIGITISED: "Tỷ lệ hồ sơ được số hóa",
    SATISFIED: "Tỷ lệ hài lòng",
}
NO_DATA = "chưa có dữ liệu"
SOURCE = "Quyết định 766/QĐ-TTg ngày 23/6/2022 (Bộ chỉ số phục vụ người dân, doanh nghiệp)"
DEFINITIONS: dict[str, str] = {
    ON_TIME: "Trong số hồ sơ kết thúc giải quyết trong kỳ (cột 7 Biểu 06: có kết quả, từ chối, dừng, rút), số hồ sơ "
    "trước hạn hoặc đúng hạn theo cách tính của báo cáo VÀ không bị yêu cầu bổ sung quá một lần.",
    MULTI_SUPPLEMENT: "Trong số hồ sơ kết thúc giải quyết trong kỳ, số hồ sơ đã bị yêu cầu bổ sung từ hai lần trở lên; "
    "chỉ số phục vụ tính các hồ sơ này là quá hạn.",
    DIGITISED: "Trong số hồ sơ tiếp nhận trong kỳ, số hồ sơ có bản quét thành phần hồ sơ được đính kèm (đến hết kỳ). "
    "Khi không có hồ sơ nào tiếp nhận trong kỳ, chỉ tiêu ghi «—».",
    SATISFIED: "Trong số hồ sơ có đánh giá trong kỳ (lấy đánh giá sau cùng của mỗi hồ sơ), số hồ sơ được đánh giá "
    "«Rất hài lòng» hoặc «Hài lòng».",
}


def percent(numerator: int, denominator: int) -> str:
    """ "85,7 %" (Vietnamese decimal comma), or "—" with nothing to divide."""
    if denominator == 0:
        return "—"
    return f"{100 * numerator / denominator:.1f}".replace(".", ",") + " %"


@dataclass(frozen=True)
class IndexDossier:
    """What the index needs of one dossier: its code, field, events in the merge order, and whether it was
    digitised (None: the store does not say)."""

    code: str
    field_code: str
    events: tuple[DossierEvent, ...]
    digitised: bool | None = None  # None: from its events (a scan attached by the end of the period)


@dataclass(frozen=True)
class Indicator:
    """One figure: the dossiers counted (numerator) among the dossiers it is a share of (denominator)."""

    key: str
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    known: bool = True  # False: the data needed does not exist ("chưa có dữ liệu")

    @property
    def label(self) -> str:
        return INDICATORS[self.key]

    @property
    def share(self) -> float | None:
        if not self.known or not self.denominator:
            return None
        return len(self.numerator) / len(self.denominator)

    def text(self) -> str:
        """ "85,7 % (6/7)", "— (0/0)" or "chưa có dữ liệu"."""
        if not self.known:
            return NO_DATA
        return f"{percent(len(self.numerator), len(self.denominator))} ({len(self.numerator)}/{len(self.denominator)})"

    def to_json(self) -> dict:
        return {
            "label": self.label,
            "numerator": len(self.numerator),
            "denominator": len(self.denominator),
            "share": None if self.share is None else round(self.share, 4),
            "known": self.known,
            "text": self.text(),
            "dossiers": list(self.numerator),
            "of_dossiers": list(self.denominator),
        }


@dataclass(frozen=True)
class IndexRow:
    key: str  # field code; "" for the total
    label: str
    indicators: dict[str, Indicator]
    levels: dict[int, tuple[str, ...]] = field(default_factory=dict)  # satisfaction: the dossiers at each level

    def __getitem__(self, key: str) -> Indicator:
        return self.indicators[key]

    def to_json(self) -> dict:
        return {
            "field": self.key or None,
            "field_name": self.label,
            **{key: ind.to_json() for key, ind in self.indicators.items()},
            "ratings": {
                str(level.number): {"label": level.label, "count": len(self.levels.get(level.number, ()))}
                for level in LEVELS
            },
        }


@dataclass(frozen=True)
class ServiceIndex:
    period: ReportPeriod
    rows: tuple[IndexRow, ...]  # per field, in the labels' order
    total: IndexRow
    as_of: datetime | None  # a period still running: counted up to this moment
    generated_at: datetime

    def row(self, key: str) -> IndexRow:
        return self.total if not key else next(r for r in self.rows if r.key == key)

    def period_line(self) -> str:
        line = self.period.range_text()
        if self.as_of is not None:
            line += f", tính đến {self.as_of:%H:%M} ngày {self.as_of:%d/%m/%Y}"
        return line

    def to_json(self) -> dict:
        return {
            "period": self.period.to_json(),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "generated_at": self.generated_at.isoformat(),
            "source": SOURCE,
            "definitions": dict(DEFINITIONS),
            "total": self.total.to_json(),
            "fields": [r.to_json() for r in self.rows],
        }


class _Acc:
    def __init__(self) -> None:
        self.handled: list[str] = []
        self.on_time: list[str] = []
        self.multi: list[str] = []
        self.received: list[str] = []
        self.digitised: list[str] = []
        self.digitised_known = True  # the store keeps the scans: always known (Indicator.known stays for a caller
        # whose data cannot tell, e.g. a hub without the stations' files)
        self.rated: list[str] = []
        self.satisfied: list[str] = []
        self.levels: dict[int, list[str]] = {level.number: [] for level in LEVELS}

    def add(self, other: _Acc) -> None:
        for name in ("handled", "on_time", "multi", "received", "digitised", "rated", "satisfied"):
            getattr(self, name).extend(getattr(other, name))
        self.digitised_known = self.digitised_known and other.digitised_known
        for number, codes in other.levels.items():
            self.levels[number].extend(codes)

    def row(self, key: str, label: str) -> IndexRow:
        def t(codes: list[str]) -> tuple[str, ...]:
            return tuple(sorted(codes))

        return IndexRow(
            key,
            label,
            {
                ON_TIME: Indicator(ON_TIME, t(self.on_time), t(self.handled)),
                MULTI_SUPPLEMENT: Indicator(MULTI_SUPPLEMENT, t(self.multi), t(self.handled)),
                DIGITISED: Indicator(DIGITISED, t(self.digitised), t(self.received), known=self.digitised_known),
                SATISFIED: Indicator(SATISFIED, t(self.satisfied), t(self.rated)),
            },
            {number: t(codes) for number, codes in self.levels.items()},
        )


def compute_service_index(
    dossiers: Iterable[IndexDossier],
    period: ReportPeriod,
    now: datetime,
    policy: ReportPolicy | None = None,
    labels: Mapping[str, str] | None = None,
) -> ServiceIndex:
    """The index for `period` (counted up to `now` while it runs), per field (`labels`: code -> name, in the order
    to show; a field with dossiers but no label is shown by its code) and in total."""
    policy = policy or ReportPolicy()
    as_of = period.as_of(now)
    start = period.start_moment
    # A running period counts every event recorded so far (up to the end of today), as the report does.
    end = datetime.combine(as_of.date() + timedelta(days=1), time(0), OFFICE_TZ) if as_of else period.end_moment
    accs: dict[str, _Acc] = {}
    for dossier in dossiers:
        a = accs.setdefault(dossier.field_code, _Acc())
        # One fold: the states up to the end of the period, and the final one (a result returned late after the
        # period still counts late under reports.late_return = late, as in the report's recount).
        state: DossierState | None = None
        final: DossierState | None = None
        rating: DossierEvent | None = None
        closure: tuple[datetime, DossierState, DossierState] | None = None
        for event in dossier.events:
            final = apply_event(final, event)
            if event.occurred_at >= end:
                continue
            prev, state = state, final
            if event.kind == EventKind.RATED:
                rating = event
            if prev is not None and prev.status in OPEN_STATUSES and state.status not in OPEN_STATUSES:
                closure = (event.occurred_at, prev, state)  # the closure (nothing re-opens a dossier)
        if state is None or final is None:
            continue
        if closure is not None and closure[0] >= start:  # handling ended in the period
            t, prev, closed = closure
            a.handled.append(dossier.code)
            timeliness = judge_closure(
                t,
                prev.due_at,
                prev.paused_since,
                excused=is_excused(prev, closed),
                returned_late=final.returned_late,
                policy=policy,
            )
            many = prev.supplement_rounds >= 2
            if many:
                a.multi.append(dossier.code)
            if timeliness != Timeliness.LATE and not many:
                a.on_time.append(dossier.code)
        if start <= state.received_at < end:
            a.received.append(dossier.code)
            digitised = dossier.digitised if dossier.digitised is not None else state.scans > 0
            if digitised:
                a.digitised.append(dossier.code)
        if rating is not None and rating.occurred_at >= start:
            level = level_of(rating.payload.get("level"))
            if level is not None:
                a.rated.append(dossier.code)
                a.levels[level.number].append(dossier.code)
                if level.number in SATISFIED_LEVELS:
                    a.satisfied.append(dossier.code)
    labels = dict(labels or {})
    for key in sorted(set(accs) - set(labels)):
        labels[key] = key
    rows = tuple(
        row
        for row in (accs[key].row(key, name) for key, name in labels.items() if key in accs)
        if any(indicator.denominator for indicator in row.indicators.values())  # a field with something to show
    )
    total = _Acc()
    for acc in accs.values():
        total.add(acc)
    return ServiceIndex(period, rows, total.row("", "Tổng cộng"), as_of, now)
