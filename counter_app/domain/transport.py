"""Which network addresses may carry the hub's token and the dossiers' personal data in plain HTTP.

One rule for the hub and the station: plain `http://` is fine on the loopback (the hub behind a TLS reverse proxy
on the same machine, a test on one PC); anywhere else the station's token and citizens' names, ID numbers and
phones would cross the network unencrypted, so it is refused unless the operator explicitly allows it — the hub
with `counter-app hub --allow-plain-http`, a station with the setting `hub.allow_plain_http = yes` — and then it
is warned about on every start and in the sync status.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

ALLOW_SETTING = "hub.allow_plain_http"  # a station's explicit permission for http:// off the loopback
ALLOW_OPTION = "--allow-plain-http"  # the hub's


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and `localhost` (a name other machines cannot reach)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def plain_http_host(url: str) -> str | None:
    """The host of an `http://` URL that is not on the loopback (what would travel unencrypted); None when the
    URL is https://, on the loopback, or empty."""
    text = url.strip()
    if not text.lower().startswith("http://"):
        return None
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return None
    return None if is_loopback(host) else (host or text)


def station_refusal(host: str) -> str:
    return (
        f"Địa chỉ máy chủ dùng http:// (không mã hoá) tới {host}: mã truy cập và dữ liệu cá nhân (họ tên, số giấy tờ, "
        f"điện thoại) sẽ đi trên mạng ai cũng đọc được. Hãy dùng https://. Chỉ khi mạng nội bộ đã được bảo vệ cách "
        f"khác mới đặt {ALLOW_SETTING} = yes để cho phép."
    )


def station_warning(host: str) -> str:
    return (
        f"Đồng bộ qua http:// không mã hoá tới {host} (được cho phép bởi {ALLOW_SETTING} = yes): mã truy "
        "cập và dữ liệu cá nhân đi trên mạng không mã hoá. Nên chuyển sang https://."
    )


def hub_refusal(host: str) -> str:
    return (
        f"--host {host}: máy chủ nói HTTP thường, mã truy cập và dữ liệu cá nhân sẽ đi trên mạng không mã hoá. "
        "Hãy dùng --tls-cert và --tls-key (HTTPS), hoặc để 127.0.0.1 sau một proxy TLS (docs/SYNC.md); "
        f"chỉ khi proxy TLS ở máy khác trong mạng nội bộ mới thêm {ALLOW_OPTION}."
    )


def hub_warning(host: str) -> str:
    return (
        f"CẢNH BÁO: máy chủ nghe HTTP không mã hoá trên {host} ({ALLOW_OPTION}); chỉ dùng sau một proxy TLS, "
        "trong mạng nội bộ được bảo vệ."
    )
