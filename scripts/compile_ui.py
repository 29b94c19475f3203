"""Regenerate counter_app/gui/forms/ui_*.py from ui/*.ui (pyside6-uic). `--check` only reports stale forms."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from counter_app.gui.build_forms import main

if __name__ == "__main__":
    sys.exit(main())
