"""uvicorn's HTTP protocol, with TCP_NODELAY set on every connection the hub accepts.

`counter-app hub --workers N` (N > 1) runs uvicorn's supervisor, which binds the listening socket itself
(`Config.bind_socket`) with its protocol number left at 0. Accepted connections inherit it, and asyncio turns
TCP_NODELAY on only for sockets that say IPPROTO_TCP, so Nagle's algorithm stayed on: uvicorn writes a response's
head and body separately, and the body waited for the station's delayed ACK. Every request on a kept-alive
connection after the first (the station's HubClient keeps its connection) took ~44 ms instead of ~2 on Linux,
measured 2026-12-05 with /api/v1/health (tests/test_hub_nodelay.py; uvicorn issue #3149, open for 0.54). With one
worker uvicorn lets asyncio build the listener from getaddrinfo, which says IPPROTO_TCP, and the delay never showed.
Setting the option again on such a socket changes nothing.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.auto import AutoHTTPProtocol

NODELAY_PROTOCOL = "counter_app.hub.nodelay:NoDelayHTTPProtocol"  # uvicorn.run(http=…), importable in every worker


class NoDelayHTTPProtocol(AutoHTTPProtocol):  # type: ignore[misc,valid-type]
    def connection_made(self, transport: asyncio.Transport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:  # the connection is already gone: the protocol below sees it too
                pass
        super().connection_made(transport)
