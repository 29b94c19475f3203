"""Emptying typed fields for the next citizen.

`QLineEdit.clear()` is itself an edit that can be undone: after it, Ctrl+Z in the emptied field brings back the
previous citizen's name, CCCD number or phone, and the field's undo history keeps every character typed into it
all day (two entries a character, its typing and its removal: ~30 bytes a character typed, measured on a bare
field; issue 15). `setText` forgets the history, whatever the text it sets.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit


def empty(*edits: QLineEdit) -> None:
    """Empty each field and its undo history (see the module's docstring)."""
    for edit in edits:
        edit.setText("")


def forget_history(edit: QLineEdit) -> None:
    """Keep the field's text and forget how it was typed (the same text set again: no textChanged)."""
    edit.setText(edit.text())


def forget_history_when_emptied(edit: QLineEdit) -> None:
    """A search box the officer empties by hand (its ✕ button calls clear(); or Backspace) forgets its history."""

    def emptied(text: str) -> None:
        if not text and edit.isUndoAvailable():
            empty(edit)

    edit.textChanged.connect(emptied)
