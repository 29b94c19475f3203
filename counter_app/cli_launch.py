"""`counter-app`'s entry point. Without a sub-command (the window) the first window is shown before anything heavy
is imported, and the rest loads behind it while the officer types (gui/early_window.py); every other command goes
straight to the command line (cli.py)."""

from __future__ import annotations

import sys


def main() -> int:
    argv = sys.argv[1:]
    if not argv or argv == ["gui"]:
        from counter_app.gui.app import create_application
        from counter_app.gui.early_window import show_early_window

        show_early_window(create_application(sys.argv[:1]))  # gui.app.run finds this application
    from counter_app.cli import main as cli_main

    return cli_main(argv)
