"""`counter-app slip CODE FORM --pdf FILE` and `counter-app register`: the file is written from the committed
dossier, its path printed, the print recorded (a second print says BẢN IN LẠI); a slip that does not apply is
refused on stderr with nothing written or recorded."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from counter_app.cli import SLIP_FORM_HELP, main
from counter_app.services.slips import SLIP_FORMS
from tests.conftest import CERT_CODE, MINI_CATALOGUE, set_up_station


@pytest.fixture
def code(data_dir, capsys) -> str:
    """A dossier received Mon 02/11/2026 09:00 (due Mon 16/11 17:00), refused on 03/11, through the CLI."""
    from counter_app.services.app import open_services

    services = open_services(data_dir, load_demo=False)
    services.catalogue.ensure_demo_catalogue(MINI_CATALOGUE)
    set_up_station(services.settings)
    services.close()
    assert (
        main(
            [
                "intake",
                "--procedure",
                CERT_CODE,
                "--applicant",
                "Nguyễn Thị Hương",
                "--received-at",
                "2026-11-02T09:00",
            ]
        )
        == 0
    )
    code = capsys.readouterr().out.strip()
    assert main(["event", code, "refused", "--reason", "Hồ sơ không thuộc thẩm quyền", "--at", "2026-11-03T08:00"]) == 0
    capsys.readouterr()
    return code


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def _text(path: Path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext is not on PATH (Debian: poppler-utils)")
    out = subprocess.run([exe, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True)
    return " ".join(out.stdout.decode("utf-8").split())


def _prints(code: str, capsys) -> list[dict]:
    """The slip_printed events' details, without the id of the event each paper was printed from."""
    assert main(["show", code, "--json"]) == 0
    timeline = json.loads(capsys.readouterr().out)["timeline"]
    return [{k: v for k, v in e["details"].items() if k != "source"} for e in timeline if e["kind"] == "slip_printed"]


def test_help_lists_every_form(capsys):
    assert set(SLIP_FORM_HELP) == set(SLIP_FORMS)
    with pytest.raises(SystemExit):
        main(["slip", "--help"])
    out = capsys.readouterr().out
    for form in SLIP_FORMS:
        assert f"  {form} " in out


def test_slip_writes_the_pdf_prints_its_path_and_records_the_print(code, capsys, tmp_path):
    target = tmp_path / "out" / "tu-choi.pdf"
    rc, out, err = _run(capsys, "slip", code, "refusal", "--pdf", str(target))
    assert (rc, out.strip(), err) == (0, str(target), "")
    text = _text(target)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text and "Hồ sơ không thuộc thẩm quyền" in text
    assert f"Mã hồ sơ: {code}" in text and "BẢN IN LẠI" not in text
    assert _prints(code, capsys) == [{"form": "refusal", "copies": 1, "reprint": False}]

    again = tmp_path / "lan-2.pdf"
    rc, out, _ = _run(capsys, "slip", code.lower(), "refusal", "--pdf", str(again), "--paper", "A5")
    assert rc == 0 and out.strip() == str(again)
    assert "BẢN IN LẠI" in _text(again)
    assert [p["reprint"] for p in _prints(code, capsys)] == [False, True]


def test_slip_that_does_not_apply_is_refused_and_nothing_is_written(code, capsys, tmp_path):
    target = tmp_path / "xin-loi.pdf"
    rc, out, err = _run(capsys, "slip", code, "apology", "--pdf", str(target))
    assert rc == 3 and out == ""
    assert err.startswith(f"Lỗi: Hồ sơ {code} chưa có văn bản xin lỗi/gia hạn")
    assert not target.exists() and not target.with_name(target.name + ".part").exists()
    assert _prints(code, capsys) == []

    rc, _, err = _run(capsys, "slip", "H61.22-261102-9999", "control", "--pdf", str(target))
    assert rc == 3 and err.strip() == "Lỗi: Không tìm thấy hồ sơ mã H61.22-261102-9999."
    with pytest.raises(SystemExit):
        main(["slip", code, "bogus", "--pdf", str(target)])


def test_receipt_and_control_sheet_from_the_cli(code, capsys, tmp_path):
    for form in ("receipt", "control"):
        target = tmp_path / f"{form}.pdf"
        rc, out, err = _run(capsys, "slip", code, form, "--pdf", str(target))
        assert rc == 0, err
        assert target.read_bytes().startswith(b"%PDF-")
    assert [p["form"] for p in _prints(code, capsys)] == ["receipt", "control"]


def test_register_for_a_date_range(code, capsys, tmp_path):
    target = tmp_path / "so-theo-doi.pdf"
    rc, out, err = _run(capsys, "register", "--from", "2026-11-01", "--to", "30/11/2026", "--pdf", str(target))
    assert (rc, out.strip()) == (0, str(target)), err
    text = _text(target)
    assert "SỔ THEO DÕI HỒ SƠ" in text and "Từ ngày 01/11/2026 đến ngày 30/11/2026" in text
    assert code in text and "Nguyễn Thị Hương" in text and "Từ chối" in text

    rc, _, err = _run(capsys, "register", "--from", "2026-12-01", "--to", "2026-11-01", "--pdf", str(target))
    assert rc == 2 and "sau ngày kết thúc" in err
    rc, _, err = _run(capsys, "register", "--from", "hôm qua", "--to", "2026-11-01", "--pdf", str(target))
    assert rc == 2 and "--from: 'hôm qua' không phải ngày" in err
