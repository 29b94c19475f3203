"""Serve the hub on uvicorn: `counter-app hub --db URL --host 127.0.0.1 --port 8765`.

Plain HTTP on the address given: in production put it behind a TLS reverse proxy (docs/SYNC.md) and keep the
listening address on the loopback or the office network.
"""

from __future__ import annotations

import logging


def serve(db_url: str, host: str = "127.0.0.1", port: int = 8765, *, log_level: str = "info") -> None:
    import uvicorn

    from counter_app.hub.app import create_app

    # The hub's log (one line per request, counter_app.hub.requests) goes to standard error, where a service
    # manager (systemd's journal, a Windows service wrapper) keeps it.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-8s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(getattr(logging, log_level.upper(), logging.INFO))
    app = create_app(db_url)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=log_level == "debug", proxy_headers=True)
