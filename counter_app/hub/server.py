"""Serve the hub on uvicorn: `counter-app hub --db URL --host 127.0.0.1 --port 8765`.

HTTPS when given a certificate and its key (`--tls-cert`, `--tls-key`); otherwise plain HTTP, which the command
line allows only on the loopback (behind a TLS reverse proxy on the same machine, docs/SYNC.md) unless the operator
says `--allow-plain-http`.
"""

from __future__ import annotations

import logging

from counter_app.hub.limits import RateLimits


def serve(
    db_url: str,
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    log_level: str = "info",
    limits: RateLimits | None = None,
    tls_cert: str | None = None,
    tls_key: str | None = None,
    trusted_proxies: str = "127.0.0.1",
) -> None:
    import uvicorn

    from counter_app.hub.app import create_app

    # The hub's log (one line per request, counter_app.hub.requests) goes to standard error, where a service
    # manager (systemd's journal, a Windows service wrapper) keeps it.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-8s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(getattr(logging, log_level.upper(), logging.INFO))
    app = create_app(db_url, limits=limits)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=log_level == "debug",
        proxy_headers=True,
        # The rate limits count per client address: only these proxies may say whose request it is (X-Forwarded-For)
        forwarded_allow_ips=trusted_proxies,
        ssl_certfile=tls_cert,
        ssl_keyfile=tls_key,
    )
