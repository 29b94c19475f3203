"""The hub: the central service the stations sync with (FastAPI on uvicorn, SQLAlchemy on PostgreSQL or SQLite).

Its dependencies are the package's optional extra `hub` (`pip install counter-app[hub]`), so a counter's
installer does not carry them. `create_app(db_url)` builds the application; `counter-app hub` serves it.
"""

from __future__ import annotations


def create_app(db_url: str, **kwargs):
    from counter_app.hub.app import create_app as _create_app

    return _create_app(db_url, **kwargs)
