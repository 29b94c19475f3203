"""The sync client trusts the operating system's certificate store (truststore), not certifi's bundle alone.

A real HTTPS server on 127.0.0.1 with a certificate from an office's own authority: certifi alone refuses it,
the client accepts it once the authority is in the system's store (on Linux, OpenSSL's SSL_CERT_FILE; on
Windows, the certificate store IT fills through group policy).
"""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import certifi
import httpx
import pytest

from counter_app.sync.client import HubClient, HubError, tls_context

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def office_ca(tmp_path_factory) -> Path:
    """An office CA and a certificate for 127.0.0.1 signed by it."""
    d = tmp_path_factory.mktemp("pki")
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650", "-subj", "/CN=So KHCN CA",
             "-keyout", "ca.key", "-out", "ca.pem", cwd=d)  # fmt: skip
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "hub.key",
             "-out", "hub.csr", cwd=d)  # fmt: skip
    (d / "ext.cnf").write_text("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n")
    _openssl("x509", "-req", "-in", "hub.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
             "-days", "3650", "-extfile", "ext.cnf", "-out", "hub.pem", cwd=d)  # fmt: skip
    return d


class _Me(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        body = json.dumps({"agency": "H99.01", "counter": 2}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def https_hub(office_ca: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Me)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(office_ca / "hub.pem", office_ca / "hub.key")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_client_uses_the_system_trust_store():
    import truststore

    assert isinstance(tls_context(), truststore.SSLContext)


def test_an_office_authority_in_the_system_store_is_trusted(https_hub, office_ca, monkeypatch):
    # certifi's bundle alone does not know the office's authority
    with (
        pytest.raises(httpx.ConnectError),
        httpx.Client(verify=ssl.create_default_context(cafile=certifi.where())) as c,
    ):
        c.get(https_hub + "/api/v1/me")
    monkeypatch.setenv("SSL_CERT_FILE", str(office_ca / "ca.pem"))  # what "installed in the OS store" is on Linux
    with HubClient(https_hub, "token") as client:
        assert client.me().body == {"agency": "H99.01", "counter": 2}


def test_an_unknown_authority_is_refused(https_hub, monkeypatch, tmp_path):
    monkeypatch.setenv("SSL_CERT_FILE", certifi.where())
    with HubClient(https_hub, "token") as client, pytest.raises(HubError) as caught:
        client.me()
    assert caught.value.kind == "unreachable"
