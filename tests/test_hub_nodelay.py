"""The hub's connections have TCP_NODELAY with several workers too (hub/nodelay.py; issue 15 item 4).

uvicorn's supervisor (`--workers N`) binds the listening socket with its protocol number at 0, and asyncio then
leaves Nagle's algorithm on for the connections it accepts: each request on a kept-alive connection after the
first waited ~40 ms for the client's delayed ACK. Real uvicorn, real sockets on 127.0.0.1, served from a socket
bound the way the supervisor binds it."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
import uvicorn

from counter_app.hub.nodelay import NODELAY_PROTOCOL


async def _ok(scope, receive, send) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": b'{"status":"ok"}'})


def _nodelay_of_accepted(http: str) -> int:
    """TCP_NODELAY of the server's side of a kept-alive connection, served by uvicorn with protocol `http` from a
    listener bound as uvicorn's Config.bind_socket binds it for its workers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # protocol number 0, as bind_socket leaves it
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(_ok, http=http, loop="asyncio", lifespan="off", log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            if time.monotonic() > deadline:
                raise TimeoutError("uvicorn did not start")
            time.sleep(0.01)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", trust_env=False) as client:
            for _ in range(3):  # one kept-alive connection
                assert client.get("/").json() == {"status": "ok"}
            (connection,) = server.server_state.connections  # uvicorn's own record of its open connections
            return connection.transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    finally:
        server.should_exit = True
        thread.join(20)
        listener.close()


def test_the_hubs_protocol_sets_tcp_nodelay_on_a_socket_the_supervisor_bound():
    assert _nodelay_of_accepted(NODELAY_PROTOCOL) == 1


@pytest.mark.parametrize("http", ["auto"])
def test_uvicorn_alone_leaves_nagle_on_there(http):
    """What hub/nodelay.py works around (uvicorn issue #3149). When an upgrade of uvicorn makes this fail, the bug is
    fixed upstream and hub/nodelay.py can go."""
    assert _nodelay_of_accepted(http) == 0
