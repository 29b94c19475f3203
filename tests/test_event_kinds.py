"""Each event kind and slip form described once (domain.event_kinds): the CLI, the dossier window, the lifecycle
service and the slip service are built from that description, and typed requests reach the service."""

from __future__ import annotations

import ast
import contextlib
import io
from dataclasses import fields
from datetime import datetime
from pathlib import Path

import pytest

from counter_app import cli
from counter_app.domain.event_kinds import (
    COMMON_DETAILS,
    DETAILS,
    EVENT_KINDS,
    EVENT_LABELS,
    SLIP_FORMS,
    SLIPS,
    EventRequest,
    HandOver,
    Refuse,
    Resolve,
    details_for,
)
from counter_app.domain.events import EventKind
from counter_app.domain.lifecycle import TRANSITIONS
from counter_app.domain.validation import ValidationError
from counter_app.services.intake import IntakeRequest
from counter_app.services.slips import SlipNotApplicable
from tests.conftest import CERT_CODE

# The words scripts type (README, `event` section): never renamed.
CLI_WORDS = {
    "handover": "handed_over",
    "returned-from-division": "returned_from_division",
    "supplement-requested": "supplement_requested",
    "supplement-received": "supplement_received",
    "refused": "refused",
    "extended": "extended",
    "stopped": "stopped",
    "resolved": "resolved",
    "returned": "result_returned",
    "withdrawn": "withdrawn",
    "rated": "rated",
    "file-stored": "file_stored",
}
CLI_OPTIONS = (
    "--at --to --from --reason --missing --new-due --receiver --receiver-id --method --result --level --comment "
    "--confirm-second-supplement "
    "--collector --tracking-number --original --result-kind --result-number --file-location --stored-by "
    "--note --officer --json"
).split()


def test_every_kind_is_described_once_and_the_table_is_built_from_it():
    assert list(EVENT_KINDS) == list(EventKind)
    for kind, details in EVENT_KINDS.items():
        assert details.KIND == kind and EVENT_LABELS[kind] == details.LABEL
        assert TRANSITIONS[kind].sources == details.SOURCES and TRANSITIONS[kind].target == details.TARGET
        for name in details.INPUTS:
            assert name in DETAILS or name in COMMON_DETAILS, (kind, name)
        for field in fields(details):
            assert field.name in DETAILS, (kind, field.name)
        if details.SLIP:
            assert details.SLIP in SLIP_FORMS
    assert sum(1 for d in EVENT_KINDS.values() if d.ACTION) == 14  # 10 + 3 fee entries + the paper file's location


def test_the_cli_words_and_options_are_the_ones_scripts_use():
    assert cli.EVENT_KINDS == CLI_WORDS
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    event = sub.choices["event"]
    options = [o for a in event._actions for o in a.option_strings if o.startswith("--") and o != "--help"]
    assert options == CLI_OPTIONS
    kinds = next(a for a in event._actions if a.dest == "kind")
    assert list(kinds.choices) == list(CLI_WORDS)
    method = next(a for a in event._actions if a.dest == "method")
    assert list(method.choices) == ["counter", "post"]
    slip = sub.choices["slip"]
    forms = next(a for a in slip._actions if a.dest == "form")
    assert (
        list(forms.choices)
        == list(SLIP_FORMS)
        == [
            "receipt",
            "supplement",
            "refusal",
            "apology",
            "stop",
            "control",
            "return",
        ]
    )
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        parser.parse_args(["slip", "--help"])
    for form in SLIP_FORMS:
        assert SLIPS[form].help in out.getvalue()


def test_loose_values_become_the_typed_request_or_a_vietnamese_refusal():
    request = EventRequest.of("h61.22-261125-1001", "handed_over", to_unit="Phòng A", receiver="", note="gấp")
    assert request.details == HandOver(to_unit="Phòng A") and request.kind == EventKind.HANDED_OVER
    assert request.note == "gấp"
    assert details_for("supplement_requested", {"missing": "2"}).missing == ("2",)
    with pytest.raises(ValidationError) as info:
        details_for(EventKind.RESOLVED, {"reason": "xong", "result": "Giấy phép"})
    assert info.value.message == "Lý do: không dùng cho «Có kết quả giải quyết»."
    with pytest.raises(ValidationError) as info:
        details_for("approved", {})
    assert info.value.message == "Loại sự kiện: không có loại sự kiện 'approved'."


def test_typed_requests_reach_the_service(services, clock):
    code = services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Nguyễn Thị Hương")).code
    at = datetime.fromisoformat("2026-11-25T09:30+07:00")
    handed = services.lifecycle.record(EventRequest(code, HandOver(to_unit="  Phòng   Quản lý "), at=at, note="gấp"))
    one_stop = services.settings.get("agency.unit_name")  # where the dossier is: the office's own name for it
    assert handed.event.payload == {"from_unit": one_stop, "to_unit": "Phòng Quản lý", "note": "gấp"}
    with pytest.raises(ValidationError) as info:
        services.lifecycle.record(EventRequest(code, Refuse(reason="   ")))
    assert info.value.message == "Lý do: không được để trống."
    done = services.lifecycle.record(EventRequest(code, Resolve(result="Chứng chỉ số 12")))
    assert done.status == "resolved" and done.event.payload == {"result": "Chứng chỉ số 12"}


def test_a_slip_printed_from_an_event_is_refused_with_its_own_sentence(services):
    code = services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Nguyễn Thị Hương")).code
    from_events = [form for form in SLIP_FORMS if SLIPS[form].source]
    assert from_events == ["supplement", "refusal", "apology", "stop", "return"]
    for form in from_events:
        with pytest.raises(SlipNotApplicable) as info:
            services.slips.data(code, form)
        expected = SLIPS[form].not_applicable.format(
            code=code, status="Đã tiếp nhận", event=EVENT_LABELS[SLIPS[form].source]
        )
        assert str(info.value) == expected and "{" not in expected


def test_no_module_keeps_its_own_list_of_kinds():
    """The lists that used to be written out in the CLI, the dossier window and the services are gone: a module that
    spells out event kinds in a dict literal (three or more EventKind members as keys) is keeping its own list."""
    root = Path(__file__).resolve().parents[1] / "counter_app"
    allowed = {root / "domain" / "event_kinds.py"}
    offenders = []
    for path in root.rglob("*.py"):
        if path in allowed or "forms" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                members = [
                    k
                    for k in node.keys
                    if isinstance(k, ast.Attribute) and isinstance(k.value, ast.Name) and k.value.id == "EventKind"
                ]
                if len(members) >= 3:
                    offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == []


@pytest.mark.gui
def test_the_dossier_window_asks_for_what_the_description_says(qtbot, services):
    from counter_app.gui.dossier_detail import ACTION_LABELS, SLIP_FOR_EVENT, EventDialog
    from counter_app.gui.operations import Operations, load_bundle

    code = services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Nguyễn Thị Hương")).code
    bundle = load_bundle(services.dossiers, services.dossier_list, services.catalogue, code)
    assert ACTION_LABELS == {k: d.ACTION for k, d in EVENT_KINDS.items() if d.ACTION}
    assert SLIP_FOR_EVENT == {k: d.SLIP for k, d in EVENT_KINDS.items() if d.SLIP}
    for kind, details in EVENT_KINDS.items():
        if not details.ACTION or kind == EventKind.RESULT_RETURNED:  # the return dialog asks for a return
            continue
        dialog = EventDialog(bundle, kind, ops=Operations(services), parent=None)
        qtbot.addWidget(dialog)
        assert tuple(dialog.inputs) == details.INPUTS, kind
        assert dialog.print_after.isVisible() == bool(details.SLIP) or not dialog.isVisible()
        # The fee receipt is printed after a collection (printing/fee_receipt.py), not a slip of SLIPS.
        assert dialog.print_after.isChecked() == (bool(details.SLIP) or kind == EventKind.FEE_COLLECTED)
