"""Names are what the paper shows (issue 10): characters the receipt font cannot print are refused with a message,
never stored; an over-long field is refused, never cut — in the services and the CLI alike."""

from __future__ import annotations

import pytest

from counter_app.cli import main
from counter_app.domain.validation import PRINTABLE_RANGES, ValidationError, is_printable_char, text_problem
from counter_app.services.intake import IntakeRequest
from tests.conftest import MINI_CATALOGUE, XRAY_CODE


def test_every_allowed_character_is_in_the_receipt_font():
    from reportlab.pdfbase.ttfonts import TTFont

    from counter_app.printing.fonts import register_fonts

    fonts = register_fonts()
    from reportlab.pdfbase import pdfmetrics

    for name in (fonts.regular, fonts.bold):
        face = pdfmetrics.getFont(name).face
        assert isinstance(pdfmetrics.getFont(name), TTFont)
        missing = [
            f"U+{code:04X}"
            for low, high in PRINTABLE_RANGES
            for code in range(low, high + 1)
            if code not in face.charToGlyph
        ]
        assert missing == [], f"{name} cannot print {missing[:10]}"


def test_vietnamese_is_printable_and_emoji_control_zero_width_bidi_are_not():
    assert text_problem("Nguyễn Thị Hương — Đặng Văn Ấn, số 5/12 “Phố Huế”") is None
    assert all(is_printable_char(ch) for ch in "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ")
    assert "biểu tượng" in text_problem("Hương 😀")
    assert "U+200B" in text_problem("Hư\u200bơng") and "vô hình" in text_problem("Hư\u200bơng")
    assert "U+202E" in text_problem("Hương\u202e")
    assert "điều khiển" in text_problem("Hương\x07")
    assert "U+4E2D" in text_problem("中")


@pytest.mark.parametrize(
    "name",
    ["Nguyễn Văn 😀", "Trần\u200b Thị Hà", "Lê\u202eVăn", "A" * 300],
)
def test_the_service_refuses_and_writes_nothing(services, name):
    with pytest.raises(ValidationError) as caught:
        services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name=name))
    error = caught.value.for_field("applicant_name")
    assert error is not None
    if len(name) == 300:
        assert "dài quá 150 ký tự (hiện có 300)" in error.message
    assert services.dossiers.received_on(services.intake._clock().date()) == []


def test_an_address_with_an_emoji_is_refused(services):
    with pytest.raises(ValidationError) as caught:
        services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Lê Hà", address="Số 5 🏠"))
    assert caught.value.for_field("address") is not None


def test_the_cli_refuses_with_one_line(data_dir, capsys):
    from counter_app.services.app import open_services
    from tests.conftest import set_up_station

    services = open_services(data_dir, load_demo=False)
    services.catalogue.ensure_demo_catalogue(MINI_CATALOGUE)
    set_up_station(services.settings)  # a station never set up refuses intake before reading it
    services.close()
    rc = main(["intake", "--procedure", XRAY_CODE, "--applicant", "Hà\u200bNội"])
    captured = capsys.readouterr()
    assert rc == 2 and captured.out == ""
    assert "U+200B" in captured.err and len(captured.err.strip().splitlines()) == 1
