"""A short torture run (benchmarks/torture.py has the long one): intake, backup and migration killed with SIGKILL
at random moments (fixed seed), a few times each; nothing lost, nothing duplicated, no misleading file left."""

from __future__ import annotations

from benchmarks.torture import torture


def test_killed_intake_backup_and_migration_lose_nothing_and_mislead_no_one(tmp_path):
    report = torture(tmp_path, iterations=2, seed=14)
    assert report.kills + report.completed_before_kill == 6
    assert not report.problems, "\n".join(report.problems)
