"""A station is set up before it issues anything: the explicit state, the CLI's refusal, `settings set` of pairs."""

from __future__ import annotations

from pathlib import Path

from counter_app.cli import main
from counter_app.services.settings import SET_UP_AT, SETUP_KEYS
from tests.conftest import CERT_CODE, MINI_CATALOGUE, station_setup


def _open(data_dir: Path, clock):
    from counter_app.services.app import open_services

    services = open_services(data_dir, load_demo=False, clock=clock)
    services.catalogue.ensure_demo_catalogue(MINI_CATALOGUE)
    return services


def test_a_new_store_is_not_set_up_until_every_key_is_given(data_dir, clock):
    services = _open(data_dir, clock)
    try:
        assert services.settings.missing_setup() == list(SETUP_KEYS)
        values = station_setup()
        services.settings.set_many({k: values[k] for k in SETUP_KEYS[:-1]})
        assert services.settings.missing_setup() == ["officer.name"] and not services.settings.is_set_up()
        assert SET_UP_AT not in services.settings.all()
        services.settings.set("officer.name", "Đặng Thị Thu Hà")
        assert services.settings.is_set_up()
        assert services.settings.all()[SET_UP_AT] == "2026-11-25T09:30:00+07:00"  # the test clock
    finally:
        services.close()


def test_cli_intake_is_refused_on_a_store_never_set_up(data_dir, clock, capsys):
    _open(data_dir, clock).close()
    argv = ["intake", "--procedure", CERT_CODE, "--applicant", "Nguyễn Thị Hương", "--received-at", "2026-11-24T09:00"]
    assert main(argv) == 3  # not allowed yet
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: Máy trạm chưa được thiết lập")
    for key in SETUP_KEYS:
        assert key in err
    services = _open(data_dir, clock)
    try:
        assert services.dossier_list is not None
        from sqlalchemy import text

        with services.db.read() as session:
            assert session.execute(text("select count(*) from dossiers")).scalar_one() == 0  # nothing written
    finally:
        services.close()


def test_a_script_sets_a_station_up_in_one_command(data_dir, clock, capsys):
    _open(data_dir, clock).close()
    pairs = [part for item in {**station_setup(), "station.counter": "3"}.items() for part in item]
    assert main(["settings", "set", *pairs]) == 0
    out = capsys.readouterr()
    assert "station.counter = 3" in out.out and out.err == ""
    argv = ["intake", "--procedure", CERT_CODE, "--applicant", "Nguyễn Thị Hương", "--received-at", "2026-11-24T09:00"]
    assert main(argv) == 0
    assert capsys.readouterr().out.strip().endswith("-3001")  # counter 3's block
    assert main(["settings", "show"]) == 0
    assert f"{SET_UP_AT} = 2026-11-25T09:30:00+07:00" in capsys.readouterr().out


def test_settings_set_is_all_or_nothing(data_dir, clock, capsys):
    _open(data_dir, clock).close()
    assert main(["settings", "set", "agency.name", "Sở Tư pháp", "station.counter", "12"]) == 2
    assert "Số quầy" in capsys.readouterr().err
    assert main(["settings", "set", "agency.name", "Sở Tư pháp", "officer.name"]) == 2
    assert "Thiếu giá trị cho thiết lập 'officer.name'" in capsys.readouterr().err
    services = _open(data_dir, clock)
    try:
        assert services.settings.missing_setup() == list(SETUP_KEYS)  # agency.name was not written either
    finally:
        services.close()
    assert main(["settings", "set", "agency.name", "Sở Tư pháp"]) == 0
    assert main(["intake", "--procedure", CERT_CODE, "--applicant", "Lê Thu"]) == 3
    assert "agency.code" in capsys.readouterr().err  # still not set up: the refusal names what is missing
