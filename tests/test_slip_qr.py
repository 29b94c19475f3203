"""The signed QR on the receipt and the return slip (issue 13 item 6): rendered into the PDF beside the Code128
barcode, read back with pdftoppm + zbarimg, and checked by `counter-app verify-slip` (exit 0 genuine, 1 otherwise,
with the reason); a changed character or date, an unknown key, another agency's key and a moved appointment fail."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from counter_app.cli import main
from counter_app.domain import slip_code
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.services.intake import IntakeRequest
from counter_app.services.lifecycle import EventRequest
from counter_app.services.slip_signing import KEY_FILE, SlipSigner
from tests.conftest import CERT_CODE


def _decode(pdf_bytes: bytes, tmp_path: Path, name: str) -> list[str]:
    """Every symbol zbarimg reads on the first page rasterised at 300 dpi, as "TYPE:text" lines."""
    pdftoppm, zbarimg = shutil.which("pdftoppm"), shutil.which("zbarimg")
    if not pdftoppm or not zbarimg:
        pytest.skip("pdftoppm (poppler-utils) and zbarimg (zbar-tools) are needed")
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(pdf_bytes)
    subprocess.run([pdftoppm, "-r", "300", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(tmp_path / name)])
    out = subprocess.run([zbarimg, "-q", str(tmp_path / f"{name}.png")], capture_output=True, check=False)
    return out.stdout.decode("utf-8").splitlines()


def _symbols(lines: list[str]) -> dict[str, str]:
    return {line.split(":", 1)[0]: line.split(":", 1)[1] for line in lines}


def _verify(capsys, text: str, *extra: str) -> tuple[int, str, str]:
    rc = main(["verify-slip", text, *extra])
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


@pytest.fixture
def received(services, clock):
    clock.moment = datetime(2026, 11, 25, 9, 30, tzinfo=OFFICE_TZ)
    return services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Nguyễn Thị Hương"))


@pytest.mark.parametrize("paper", ["A5", "A4", "80MM"])
def test_receipt_qr_and_barcode_decode_and_the_qr_verifies(services, received, tmp_path, capsys, paper):
    pdf = services.dossiers.receipt_pdf(received.code, paper)
    found = _symbols(_decode(pdf, tmp_path, f"receipt-{paper}"))
    assert found.get("CODE-128") == received.code  # the barcode still reads as before
    text = found["QR-Code"]
    claim = slip_code.parse(text)
    assert text.startswith(f"CA1|{received.code}|")
    assert claim.appointment == received.due_at.astimezone(OFFICE_TZ).date()
    rc, out, err = _verify(capsys, text)
    assert rc == 0, err
    assert "Phiếu thật" in out and received.code in out and "quầy số 1" in out


def test_a_changed_character_or_date_does_not_verify(services, received, capsys):
    text = services.dossiers.receipt_data(received.code).slip_qr
    version, code, day, kid, sig = text.split("|")
    other_code = code[:-1] + ("2" if code[-1] != "2" else "3")
    later = f"{int(day) + 1}"
    flipped = sig[:10] + ("A" if sig[10] != "A" else "B") + sig[11:]
    for changed in (f"{version}|{other_code}|{day}|{kid}|{sig}", f"{version}|{code}|{later}|{kid}|{sig}"):
        rc, out, err = _verify(capsys, changed)
        assert rc == 1 and out == ""
        assert "Chữ ký không khớp" in err
    rc, _out, err = _verify(capsys, f"{version}|{code}|{day}|{kid}|{flipped}")
    assert rc == 1 and "Chữ ký không khớp" in err


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "Chưa có nội dung"),
        ("https://example.org/abc", "không phải mã QR"),
        ("CA2|H61.22-261125-1001|20261209|abcdefgh|xx", "không được phiên bản phần mềm này đọc"),
        ("CA1|H61.22-261125-1001|20261209|abcdefgh", "thiếu hoặc thừa phần"),
        ("CA1|not a code|20261209|abcdefgh|" + "A" * 86, "không phải mã hồ sơ"),
        ("CA1|H61.22-261125-1001|20261340|abcdefgh|" + "A" * 86, "không phải ngày hẹn trả"),
        ("CA1|H61.22-261125-1001|20261209|abcdefgh|AAAA", "bị cắt hoặc hỏng"),
    ],
)
def test_malformed_texts_are_refused_saying_why(services, capsys, text, words):
    rc, out, err = _verify(capsys, text)
    assert rc == 1 and out == ""
    assert words in err


def test_unknown_station_and_foreign_agency(services, received, capsys):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    stranger = Ed25519PrivateKey.generate()
    public = stranger.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    kid = slip_code.key_id(public)
    forged = slip_code.compose(received.code, date(2026, 12, 9), kid, stranger.sign)
    rc, _out, err = _verify(capsys, forged)
    assert rc == 1 and "Không biết khoá ký" in err

    # The key of another agency's station (pulled from the hub) cannot vouch for this agency's dossier.
    assert services.slip_signer.store_pulled([{"key_id": kid, "public_key": slip_code.b64url(public), "agency": "X99"}])
    rc, _out, err = _verify(capsys, forged)
    assert rc == 1 and "thuộc cơ quan X99" in err
    # A pulled key whose id is not its own is ignored.
    assert not services.slip_signer.store_pulled([{"key_id": "AAAAAAAA", "public_key": slip_code.b64url(public)}])


def test_a_slip_of_another_station_of_the_agency_verifies_offline_after_its_key_is_pulled(services, capsys):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    other = Ed25519PrivateKey.generate()
    public = other.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    kid = slip_code.key_id(public)
    text = slip_code.compose("H61.22-261120-2001", date(2026, 12, 4), kid, other.sign)
    services.slip_signer.store_pulled(
        [{"key_id": kid, "public_key": slip_code.b64url(public), "agency": "H61.22", "counter": 2}]
    )
    rc, out, _err = _verify(capsys, text, "--json")
    verdict = json.loads(out)
    assert rc == 0 and verdict["genuine"] and verdict["counter"] == 2
    assert "chưa so được" in verdict["message"]  # this station has not got the dossier


def test_an_appointment_moved_since_the_slip_fails_with_the_new_date(services, received, capsys, clock):
    text = services.dossiers.receipt_data(received.code).slip_qr
    clock.moment = datetime(2026, 11, 26, 8, 0, tzinfo=OFFICE_TZ)
    services.lifecycle.record(
        EventRequest.of(received.code, "supplement_requested", missing=["Giấy đề nghị"], reason="thiếu")
    )
    clock.moment = datetime(2026, 11, 30, 8, 0, tzinfo=OFFICE_TZ)
    services.lifecycle.record(EventRequest.of(received.code, "supplement_received"))
    rc, _out, err = _verify(capsys, text)
    assert rc == 1 and "ngày hẹn đã thay đổi" in err
    fresh = services.dossiers.receipt_data(received.code).slip_qr  # the reprinted receipt promises the new date
    assert fresh != text
    assert _verify(capsys, fresh)[0] == 0


def test_return_slip_carries_a_verifying_qr(services, received, tmp_path, capsys, clock):
    clock.moment = datetime(2026, 11, 27, 9, 0, tzinfo=OFFICE_TZ)
    services.lifecycle.record(EventRequest.of(received.code, "resolved", result="Giấy chứng nhận số 12/GCN"))
    services.lifecycle.record(EventRequest.of(received.code, "result_returned", receiver="Nguyễn Thị Hương"))
    pdf = services.slips.render(received.code, "return")
    found = _symbols(_decode(pdf, tmp_path, "return"))
    assert found.get("CODE-128") == received.code
    rc, out, _err = _verify(capsys, found["QR-Code"])
    assert rc == 0 and "Đã trả kết quả" in out


def test_the_private_key_stays_beside_the_store_out_of_the_backup_and_the_log(services, received, tmp_path):
    old_text = services.dossiers.receipt_data(received.code).slip_qr  # signing made the key
    folder = Path(services.db.path).parent
    key_file = folder / KEY_FILE
    pem = key_file.read_bytes()
    assert b"PRIVATE KEY" in pem
    secret = pem.split(b"\n")[1]
    copy = services.db.backup_to(tmp_path / "copy.sqlite3")
    assert secret not in Path(copy).read_bytes()
    with services.db.read() as session:  # nothing of the private key in the store
        from sqlalchemy import text

        dump = "\n".join(str(row) for row in session.execute(text("SELECT * FROM slip_keys")))
    assert secret.decode() not in dump
    for log in folder.glob("logs/*.log"):
        assert secret not in log.read_bytes()
    # The public half is in the store (kept by backups): own slips stay checkable after a new key.
    key_file.unlink()
    fresh = SlipSigner(services.db, services.settings)  # a restored store on another PC: no key file
    assert fresh.own_key().key_id != slip_code.parse(old_text).key_id
    assert fresh.verify(old_text).genuine


def test_a_scanner_reading_the_slip_qr_opens_the_dossier_like_the_barcode(services, received):
    from counter_app.gui.scanner import KIND_CODE, recognise

    text = services.dossiers.receipt_data(received.code).slip_qr
    assert recognise(text) == (KIND_CODE, received.code)
    assert recognise(text[:-10]) is None  # a damaged read is not taken for a code
