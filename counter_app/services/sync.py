"""Sync as the window and the CLI use it: status, one cycle now, the background loop, the conflicts list.

The work is counter_app.sync's (engine, client, loop); this is the service the GUI may import (it never
imports the store).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from counter_app.services.settings import SettingsService
from counter_app.store.db import Database
from counter_app.sync.engine import ConflictInfo, CycleResult, SyncEngine, SyncStatus
from counter_app.sync.loop import SyncLoop

__all__ = ["ConflictInfo", "CycleResult", "SyncService", "SyncStatus"]


class SyncService:
    def __init__(
        self, db: Database, settings: SettingsService, clock: Callable[[], datetime] | None = None, **engine_options
    ):
        self._settings = settings
        self.engine = SyncEngine(db, settings, clock=clock, **engine_options)
        self._loop: SyncLoop | None = None

    def status(self) -> SyncStatus:
        return self.engine.status()

    def sync_once(self) -> CycleResult:
        return self.engine.run_cycle()

    def conflicts(self, include_resolved: bool = False) -> list[ConflictInfo]:
        return self.engine.conflicts(include_resolved)

    def resolve_conflict(self, conflict_id: int, note: str, by: str | None = None) -> bool:
        from counter_app.domain.roles import Action

        self._settings.access.require(Action.CONFLICTS)
        who = by or self._settings.all().get("officer.name", "")
        return self.engine.resolve_conflict(conflict_id, who, note.strip() or "Đã xem xét")

    def start_background(
        self,
        on_status: Callable[[SyncStatus], None] | None = None,
        on_cycle: Callable[[CycleResult], None] | None = None,
        **loop_options,
    ) -> SyncLoop:
        if self._loop is None:
            self._loop = SyncLoop(self.engine, on_status=on_status, on_cycle=on_cycle, **loop_options)
            self._loop.start()
        return self._loop

    def request_now(self) -> None:
        if self._loop is not None:
            self._loop.request_now()

    def poke(self) -> None:
        if self._loop is not None:
            self._loop.poke()

    def stop_background(self) -> None:
        if self._loop is not None:
            self._loop.stop()
            self._loop = None
