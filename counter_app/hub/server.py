"""Serve the hub on uvicorn: `counter-app hub --db URL --host 127.0.0.1 --port 8765 [--workers N]`.

With `--workers N` (N > 1) uvicorn's supervisor binds the port once and starts N worker processes that share it
(the kernel hands each new connection to one of them); each worker builds its own application with `worker_app()`
from the settings this process puts in the environment (COUNTER_APP_HUB_CONFIG) and keeps its own pool of
database connections. The workers share nothing but the database, which holds everything they must agree on
(hub/app.py, hub/limits.py); a worker that dies is replaced by the supervisor.

HTTPS when given a certificate and its key (`--tls-cert`, `--tls-key`); otherwise plain HTTP, which the command
line allows only on the loopback (behind a TLS reverse proxy on the same machine, docs/SYNC.md) unless the operator
says `--allow-plain-http`.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict

from counter_app.hub.limits import RateLimits

CONFIG_ENV = "COUNTER_APP_HUB_CONFIG"


def _log_to_stderr(log_level: str, workers: bool = False) -> None:
    """Several workers write to the same standard error: each line then names its process."""
    handler = logging.StreamHandler()
    where = "[%(process)d] " if workers else ""
    handler.setFormatter(logging.Formatter(f"%(asctime)s %(levelname)-8s {where}%(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(getattr(logging, log_level.upper(), logging.INFO))


def worker_app():
    """The application of one worker process (uvicorn's factory, `--workers N`): built from COUNTER_APP_HUB_CONFIG.
    The schema was migrated by the supervisor before any worker started."""
    from counter_app.hub.app import create_app
    from counter_app.hub.db import open_hub_database

    config = json.loads(os.environ[CONFIG_ENV])
    _log_to_stderr(config["log_level"], workers=True)
    db = open_hub_database(config["db_url"], migrate=False, read_url=config.get("read_url"))
    return create_app(db=db, limits=RateLimits(**config["limits"]), portal_mapping_file=config.get("portal_mapping"))


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
    workers: int = 1,
    read_url: str | None = None,
    portal_mapping: str | None = None,
) -> None:
    import uvicorn

    from counter_app.hub.app import create_app
    from counter_app.hub.db import open_hub_database

    # The hub's log (one line per request, counter_app.hub.requests) goes to standard error, where a service
    # manager (systemd's journal, a Windows service wrapper) keeps it.
    app: object
    if workers > 1:
        os.environ[CONFIG_ENV] = json.dumps(
            {
                "db_url": db_url,
                "read_url": read_url,
                "log_level": log_level,
                "limits": asdict(limits or RateLimits()),
                "portal_mapping": portal_mapping,
            }
        )
        app = "counter_app.hub.server:worker_app"
    else:
        _log_to_stderr(log_level)
        app = create_app(
            db=open_hub_database(db_url, read_url=read_url), limits=limits, portal_mapping_file=portal_mapping
        )
    from counter_app.hub.nodelay import NODELAY_PROTOCOL

    uvicorn.run(
        app,
        http=NODELAY_PROTOCOL,  # TCP_NODELAY on every connection, whatever the number of workers (hub/nodelay.py)
        factory=workers > 1,
        workers=workers if workers > 1 else None,
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
