"""Serve the hub on uvicorn: `counter-app hub --db URL --host 127.0.0.1 --port 8765`.

Plain HTTP on the address given: in production put it behind a TLS reverse proxy (docs/SYNC.md) and keep the
listening address on the loopback or the office network.
"""

from __future__ import annotations

import logging


def serve(db_url: str, host: str = "127.0.0.1", port: int = 8765, *, log_level: str = "info") -> None:
    import uvicorn

    from counter_app.hub.app import create_app

    logging.basicConfig(
        level=getattr(logging, log_level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    app = create_app(db_url)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=log_level == "debug", proxy_headers=True)
