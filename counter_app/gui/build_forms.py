"""Compile the Qt Designer forms in ui/ into counter_app/gui/forms/ui_*.py with pyside6-uic.

The generated modules are committed (no runtime .ui loading: real attributes for type checkers, nothing
extra for PyInstaller); tests/test_gui_forms.py regenerates them and fails when they are stale.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI_DIR = ROOT / "ui"
FORMS_DIR = Path(__file__).resolve().parent / "forms"
REGENERATE_COMMAND = "uv run python scripts/compile_ui.py"
# uic writes its own version into the header; a different PySide6 patch release must not fail the check.
UIC_VERSION_MARKER = "## Created by: Qt User Interface Compiler version"


def header(ui_name: str) -> str:
    return f"# Generated from ui/{ui_name} by pyside6-uic — do not edit.\n# Regenerate with: {REGENERATE_COMMAND}\n"


def forms() -> list[Path]:
    return sorted(UI_DIR.glob("*.ui"))


def target_for(ui_file: Path, out_dir: Path = FORMS_DIR) -> Path:
    return out_dir / f"ui_{ui_file.stem}.py"


def _uic_command() -> list[str]:
    exe = shutil.which("pyside6-uic", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-uic")
    if exe:
        return [exe]
    # The console script may be missing (a bare wheel install): call PySide6's own launcher.
    return [sys.executable, "-c", "import sys; from PySide6.scripts.pyside_tool import uic; sys.exit(uic())"]


def compile_form(ui_file: Path) -> str:
    """The Python source for one form: our header, then uic's output verbatim."""
    result = subprocess.run(
        [*_uic_command(), "--generator", "python", str(ui_file)],
        check=True,
        capture_output=True,
    )
    source = result.stdout.decode("utf-8").replace("\r\n", "\n")
    return header(ui_file.name) + source


def normalise(source: str) -> str:
    """For comparisons: drop uic's version line, which changes with PySide6 releases."""
    return "\n".join(line for line in source.splitlines() if not line.startswith(UIC_VERSION_MARKER))


def build(out_dir: Path = FORMS_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for ui_file in forms():
        target = target_for(ui_file, out_dir)
        target.write_text(compile_form(ui_file), encoding="utf-8", newline="\n")
        written.append(target)
    return written


def stale(out_dir: Path = FORMS_DIR) -> list[Path]:
    """Committed forms that differ from what their .ui compiles to now."""
    return [
        target_for(ui)
        for ui in forms()
        if not target_for(ui, out_dir).exists()
        or normalise(target_for(ui, out_dir).read_text(encoding="utf-8")) != normalise(compile_form(ui))
    ]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--check" in args:
        outdated = stale()
        for path in outdated:
            print(f"stale: {path.relative_to(ROOT)} (run: {REGENERATE_COMMAND})", file=sys.stderr)
        return 1 if outdated else 0
    for path in build():
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
