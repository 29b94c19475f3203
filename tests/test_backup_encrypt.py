"""Encrypted backups (issue 12 item 4): `backup --encrypt` with the admin's key, restore asks for it; a wrong key
changes nothing; daily copies encrypted by the setting backup.key_file; the restore window asks for the key."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from conftest import CERT_CODE

from counter_app.cli import main
from counter_app.services import backup_crypto
from counter_app.services.backup import BackupService
from counter_app.services.backup_crypto import BackupKeyError, WrongKey
from counter_app.services.intake import IntakeRequest

PASSPHRASE = "mùa thu Hà Nội 2026"
CCCD = "001190012345"


def _count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    finally:
        conn.close()


def _run(capsys, *args: str) -> tuple[int, str, str]:
    rc = main(list(args))
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def _intake(services, name: str, id_number: str | None = None) -> str:
    return services.intake.intake(
        IntakeRequest(procedure_code=CERT_CODE, applicant_name=name, id_number=id_number)
    ).code


# --- the format ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, 999, 1000, 1001, 4321])
def test_chunks_round_trip_and_any_tampering_is_refused(tmp_path, monkeypatch, size):
    monkeypatch.setattr(backup_crypto, "CHUNK", 1000)  # several chunks from a small file
    plain = tmp_path / "plain"
    plain.write_bytes(os.urandom(size))
    sealed = backup_crypto.encrypt_file(plain, tmp_path / "sealed.enc", b"mot-khoa-du-dai-12")
    assert backup_crypto.is_encrypted(sealed)
    # A few random bytes turn up in any random-looking ciphertext by chance (one byte: 1 in 16 here): the
    # plaintext must not appear in it only where that cannot be chance (a 16-byte run: 2^-128).
    if size >= 16:
        assert plain.read_bytes()[:64] not in sealed.read_bytes()[backup_crypto._HEADER.size :]
    opened = backup_crypto.decrypt_file(sealed, tmp_path / "opened", b"mot-khoa-du-dai-12")
    assert opened.read_bytes() == plain.read_bytes()
    with pytest.raises(WrongKey, match="Sai khoá"):
        backup_crypto.decrypt_file(sealed, tmp_path / "wrong", b"mot-khoa-khac-12")
    assert not (tmp_path / "wrong").exists() and not (tmp_path / "wrong.part").exists()
    data = sealed.read_bytes()
    if size > 1000:  # cut after the first chunk: the right key, a file too short
        (tmp_path / "cut.enc").write_bytes(data[: backup_crypto._HEADER.size + 1016])
        with pytest.raises(BackupKeyError, match="thiếu phần cuối") as cut:
            backup_crypto.decrypt_file(tmp_path / "cut.enc", tmp_path / "cut", b"mot-khoa-du-dai-12")
        assert not isinstance(cut.value, WrongKey)
    flipped = bytearray(data)
    flipped[-1] ^= 1
    (tmp_path / "flipped.enc").write_bytes(bytes(flipped))
    with pytest.raises(BackupKeyError):
        backup_crypto.decrypt_file(tmp_path / "flipped.enc", tmp_path / "flipped", b"mot-khoa-du-dai-12")
    assert not (tmp_path / "flipped").exists()


def test_keys_short_passphrases_and_key_files(tmp_path):
    with pytest.raises(BackupKeyError, match="ít nhất 12 ký tự"):
        backup_crypto.passphrase_key("ngắn")
    key_file = backup_crypto.new_key_file(tmp_path / "khoa.key")
    assert len(backup_crypto.key_file_key(key_file)) == 44
    with pytest.raises(BackupKeyError, match="đã có"):
        backup_crypto.new_key_file(key_file)
    with pytest.raises(BackupKeyError, match="Không tìm thấy tệp khoá"):
        backup_crypto.key_file_key(tmp_path / "khong-co.key")
    (tmp_path / "anh.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe" * 4)
    with pytest.raises(BackupKeyError, match="không phải tệp khoá"):
        backup_crypto.key_file_key(tmp_path / "anh.png")


# --- the command line --------------------------------------------------------------------------------------------


def test_cli_encrypted_backup_and_restore_with_the_right_key_only(services, capsys, monkeypatch, tmp_path, data_dir):
    kept = _intake(services, "Nguyễn Thị Hương", CCCD)
    services.close()
    monkeypatch.setenv("COUNTER_APP_BACKUP_KEY", PASSPHRASE)
    rc, out, err = _run(capsys, "backup", "--encrypt", "--to", str(tmp_path / "usb"))
    assert rc == 0, err
    copy = Path(out.strip())
    assert copy.parent == tmp_path / "usb" and copy.name.endswith(".sqlite3.enc")
    raw = copy.read_bytes()
    assert raw.startswith(b"COUNTERAPP-ENC1\n") and b"SQLite format 3" not in raw and CCCD.encode() not in raw
    assert sorted(p.name for p in (tmp_path / "usb").iterdir()) == [copy.name]  # nothing plain on the stick
    assert not list(data_dir.glob("ma-hoa-*"))  # the plain copy made beside the store is gone

    from counter_app.services.app import open_services

    later = open_services(data_dir, load_demo=False)
    lost = _intake(later, "Lê Thị Lan")
    later.close()
    store = data_dir / "counter.sqlite3"

    monkeypatch.delenv("COUNTER_APP_BACKUP_KEY")
    rc, out, err = _run(capsys, "restore", str(copy))  # no key, no terminal to ask at
    assert rc == 2 and "Cần khoá sao lưu" in err and err.count("\n") == 1
    monkeypatch.setenv("COUNTER_APP_BACKUP_KEY", "một khoá sai hoàn toàn")
    rc, out, err = _run(capsys, "restore", str(copy))
    assert rc == 2 and err.startswith("Lỗi: Sai khoá giải mã bản sao lưu") and "Chưa thay đổi gì" in err
    assert _count(store) == 2 and not list((data_dir / "backups").glob("before-restore-*"))
    assert not list(data_dir.glob("giai-ma-*"))
    monkeypatch.setenv("COUNTER_APP_BACKUP_KEY", PASSPHRASE)
    rc, out, err = _run(capsys, "restore", str(copy))
    assert rc == 0, err
    assert f"Đã khôi phục từ {copy}" in out and lost in out
    assert _count(store) == 1 and not list(data_dir.glob("giai-ma-*"))
    rc, out, err = _run(capsys, "show", kept)
    assert rc == 0 and "Nguyễn Thị Hương" in out
    rc, out, err = _run(capsys, "audit", "show", "--json")
    assert '"restore"' in out and copy.name in out


def test_cli_key_file_made_by_make_key(services, capsys, tmp_path, data_dir):
    services.close()
    key = tmp_path / "admin" / "sao-luu.key"
    rc, out, err = _run(capsys, "backup", "--make-key", str(key))
    assert rc == 0 and out.strip() == str(key) and "Giữ tệp khoá" in err
    rc, out, err = _run(capsys, "backup", "--make-key", str(key))
    assert rc == 2 and "đã có" in err
    rc, out, err = _run(capsys, "backup", "--key-file", str(key))
    assert rc == 0 and out.strip().endswith(".sqlite3.enc")
    copy = Path(out.strip())
    rc, out, err = _run(capsys, "restore", str(copy), "--key-file", str(tmp_path / "khong-co.key"))
    assert rc == 2 and "Không tìm thấy tệp khoá" in err
    rc, out, err = _run(capsys, "restore", str(copy), "--key-file", str(key))
    assert rc == 0, err


def test_daily_copies_are_encrypted_with_the_key_file_setting(services, clock, tmp_path):
    key = backup_crypto.new_key_file(tmp_path / "khoa.key")
    services.settings.set_many({"backup.key_file": str(key)})
    backups = BackupService(services.db, clock)
    made = backups.ensure_daily(services.settings.get("backup.key_file"))
    assert made is not None and made.path.name.endswith(".sqlite3.enc")
    assert backups.ensure_daily(str(key)) is None  # today's encrypted copy counts
    listed = backups.list_copies()
    assert [(c.path, c.encrypted, c.usable) for c in listed] == [(made.path, True, True)]
    preview = backups.preview_restore(made.path, backup_crypto.key_file_key(key))
    assert preview.copy.encrypted and preview.copy.dossiers == 0
    from counter_app.services.backup import RestoreRefused

    with pytest.raises(RestoreRefused, match="đã được mã hoá"):
        backups.preview_restore(made.path)
    key.unlink()
    clock.moment = clock.moment.replace(day=26)
    with pytest.raises(BackupKeyError, match="Không tìm thấy tệp khoá"):
        backups.ensure_daily(str(key))
    with pytest.raises(Exception, match="đường dẫn đầy đủ"):
        services.settings.set_many({"backup.key_file": "khoa.key"})


# --- the restore window ------------------------------------------------------------------------------------------


@pytest.mark.gui
def test_the_restore_window_asks_for_the_key_of_an_encrypted_copy(qtbot, services, clock, worker, tmp_path):
    from PySide6.QtCore import QSettings

    from counter_app.gui import app as gui_app

    kept = _intake(services, "Nguyễn Thị Hương", CCCD)
    key_file = backup_crypto.new_key_file(tmp_path / "khoa.key")
    BackupService(services.db, clock).backup_now(key=backup_crypto.key_file_key(key_file))
    lost = _intake(services, "Lê Thị Lan")

    gui_app.create_application([])
    window = gui_app.build_main_window(
        services, worker, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    next(a for a in window.actions() if a.text() == "Khôi phục từ bản sao lưu…").trigger()
    qtbot.waitUntil(lambda: getattr(window, "restore_dialog", None) is not None, timeout=20_000)
    dialog = window.restore_dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=20_000)
    assert dialog.table.item(0, 2).text() == "Đã mã hoá (cần khoá để xem)"
    dialog.table.selectRow(0)
    assert dialog.key_row.isVisible() and "đã được mã hoá" in dialog.details.text()
    assert not dialog.restore_button.isEnabled()

    dialog.key_edit.setText("khoá này sai rồi")
    dialog.open_button.click()
    qtbot.waitUntil(lambda: "Sai khoá giải mã" in dialog.details.text(), timeout=20_000)
    assert not dialog.restore_button.isEnabled() and dialog.key_row.isVisible()
    dialog.open_with_key_file(key_file)
    qtbot.waitUntil(dialog.restore_button.isEnabled, timeout=20_000)
    text = dialog.details.text()
    assert "1 hồ sơ" in text and kept in text and lost in text
    assert dialog.key == backup_crypto.key_file_key(key_file)
    dialog.grab().save(str(tmp_path / "restore-encrypted.png"))
    dialog.close()
