"""Freed memory handed back to the system once a preview window is gone (Linux, glibc).

Measured through the real window (2026-12-04, 200 intakes after 40, every other one through the print preview):
resident memory grew 42 KB per intake while Python objects (under 3 per intake) and QObjects (none) stayed flat,
and `malloc_trim(0)` at the end brought it back to 12 KB per intake, the same as with no preview at all (9–14).
So nothing was kept: each preview window (its widgets, the pages drawn at screen size beside the 17 MB 300 dpi
raster for the printer) left freed holes in glibc's heap that malloc does not give back by itself. One
`malloc_trim(0)` after a preview window is deleted gives them back; it runs from the event loop, after the
officer's Enter, never between Ctrl+Enter and the painted preview.

Large blocks are kept out of glibc's heap altogether (`hand_back_large_blocks`, called before the QApplication is
made). glibc serves a block of 128 KiB or more with a mapping of its own, but the first time such a mapping is freed
it raises that threshold to the freed block's size (up to 32 MiB), so from then on the 17 MB raster, the preview's
pages and the receipt's larger buffers come from the heap, and stay resident until the next `malloc_trim(0)`.
Measured (2026-12-05, 100 intakes through the window, the benchmark's mix): 171.9 MB with the moving threshold,
161.5 MB with it fixed at 128 KiB, and 161.4 MB with the moving threshold and a trim at the moment of measuring;
so the trims at idle above were late for ~10 MB of freed blocks, and a fixed threshold gives them back when they
are freed, whatever the order of the deletions.

Windows' heap (and macOS's) returns freed pages its own way and has no malloc_trim or mallopt: there this does
nothing (Windows' heap gives blocks of ~512 KiB and more their own virtual allocation, freed when they are).
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

from PySide6.QtCore import QTimer


def _find_malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim  # glibc; musl has none
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def _find_mallopt() -> Callable[[int, int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        mallopt = ctypes.CDLL(None).mallopt  # glibc
    except (OSError, AttributeError):
        return None
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return mallopt


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _find_mallinfo2() -> Callable[[], _MallInfo2] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        info = ctypes.CDLL(None).mallinfo2  # glibc 2.33 and later
    except (OSError, AttributeError):
        return None
    info.argtypes = []
    info.restype = _MallInfo2
    return info


_malloc_trim = _find_malloc_trim()
_mallinfo2 = _find_mallinfo2()
_mallopt = _find_mallopt()
M_MMAP_THRESHOLD = -3  # glibc's malloc.h
LARGE_BLOCK = 128 * 1024  # glibc's own starting threshold, kept from moving
_pending = False
trims = 0  # times freed memory was handed back (tests read it)


def can_trim() -> bool:
    """Whether this platform's allocator has a malloc_trim to call."""
    return _malloc_trim is not None


def heap_in_use() -> int | None:
    """Bytes malloc has handed out and not had back, over all arenas (glibc), or None where it cannot say.

    What a leak grows, whatever the allocator keeps of what was freed (which is what resident memory also counts).
    """
    if _mallinfo2 is None:
        return None
    info = _mallinfo2()
    return int(info.uordblks + info.hblkhd)


def hand_back_large_blocks() -> bool:
    """Blocks of LARGE_BLOCK bytes and more mapped on their own and unmapped when freed, for the whole process
    (glibc's mallopt; fixing the threshold also stops glibc from raising it). False where there is no mallopt
    or glibc refused the setting."""
    if _mallopt is None:
        return False
    return _mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK) == 1


def release_freed_memory() -> bool:
    """Hand the allocator's free pages back to the system now; False where there is no malloc_trim."""
    global trims
    if _malloc_trim is None:
        return False
    _malloc_trim(0)
    trims += 1
    return True


def release_soon() -> None:
    """release_freed_memory() once the event loop is back (after the deletions in progress), coalesced."""
    global _pending
    if _malloc_trim is None or _pending:
        return
    _pending = True

    def run() -> None:
        global _pending
        _pending = False
        release_freed_memory()

    QTimer.singleShot(0, run)
