"""Bounded caches for what repeats from one document to the next, and only that.

The slips cache parsed paragraphs, line breaks and encoded strings across documents, because most of a slip
repeats (headings, motto, notes, signature titles). A dossier's own text (its code, the applicant's name, the
dates) appears in one document only; keeping it would fill the caches with entries never used again, about
10 KB a receipt until the caps are reached — the slow growth of a counter left open for weeks (issue 17).

`RecentCache` therefore keeps two things apart:
- what the document being rendered has computed (a receipt is wrapped once to fit it, again to build it):
  kept until the next document starts, then dropped;
- what an earlier document computed too: kept across documents, least recently used first out.
A key is remembered across documents by its hash alone (a few dozen bytes) until it comes back in another
document. So repeated text is cached from its second document on; a dossier's own text never is, unless it is
printed again (a reprint), and then only until newer entries push it out. `layout.build_pdf` calls
`document_done()` after each document. Not thread-safe: the slips are rendered on the one worker.

Text known to be a dossier's own — the applicant's name, address, phone, ID number — is rendered inside
`dossier_own()` (layout.OwnParagraph): there nothing is remembered across documents, even when the same text comes
back in another document. Names and streets do repeat between citizens; before this, a day of 2,000 receipts with a
thousand distinct names filled the caches to their caps with the names' lines (~9 MB, docs/BENCHMARKS.md), and kept
citizens' names in the counter's memory until newer entries pushed them out.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from typing import Any

_generation = 0  # documents finished so far (by this process)
_keeping = True  # False inside dossier_own()


def document_done() -> None:
    """The document being rendered is finished: what it alone computed is no longer worth keeping."""
    global _generation
    _generation += 1


@contextmanager
def dossier_own() -> Iterator[None]:
    """What is computed inside is the document's own text: kept for the document being rendered only."""
    global _keeping
    previous = _keeping
    _keeping = False
    try:
        yield
    finally:
        _keeping = previous


class RecentCache:
    def __init__(self, limit: int, seen_limit: int | None = None):
        self.limit = limit
        self.seen_limit = seen_limit if seen_limit is not None else limit
        self._values: OrderedDict[Hashable, Any] = OrderedDict()  # repeated across documents
        self._current: dict[Hashable, Any] = {}  # computed for the document being rendered
        self._seen: OrderedDict[int, int] = OrderedDict()  # hash of a key -> the document that first had it
        self._generation = _generation

    def _sync(self) -> None:
        if self._generation != _generation:
            self._current.clear()
            self._generation = _generation

    def __len__(self) -> int:
        """Entries kept across documents."""
        return len(self._values)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._values

    @property
    def current_size(self) -> int:
        self._sync()
        return len(self._current)

    def get(self, key: Hashable) -> Any:
        """The value kept for `key` (it becomes the most recent), or None."""
        value = self._values.get(key)
        if value is not None:
            self._values.move_to_end(key)
            return value
        self._sync()
        return self._current.get(key)

    def put(self, key: Hashable, value: Any) -> bool:
        """Offer `value` for `key`; True when it is kept across documents (an earlier document had the key).
        Inside dossier_own(), kept for this document only, and the key is not remembered."""
        self._sync()
        if not _keeping:
            self._current[key] = value
            return False
        if key in self._values:
            self._values[key] = value
            self._values.move_to_end(key)
            return True
        marker = hash(key)
        first = self._seen.get(marker)
        if first is None or first == self._generation:
            self._current[key] = value
            if first is None:
                self._seen[marker] = self._generation
                if len(self._seen) > self.seen_limit:
                    self._seen.popitem(last=False)
            return False
        del self._seen[marker]
        self._current.pop(key, None)
        self._values[key] = value
        if len(self._values) > self.limit:
            self._values.popitem(last=False)
        return True

    def clear(self) -> None:
        self._values.clear()
        self._current.clear()
        self._seen.clear()


class LruDict(OrderedDict):
    """A dict of at most `limit` entries, the least recently used (read by `get` or written) first out: for what is
    kept whatever the document (a font's subsets and formatted dictionaries, the receipts' fitting hints)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def get(self, key: Hashable, default: Any = None) -> Any:
        if key not in self:
            return default
        self.move_to_end(key)
        return self[key]

    def __setitem__(self, key: Hashable, value: Any) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)
