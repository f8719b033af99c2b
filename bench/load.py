"""A bounded load generator: raw HTTP/1.1 keep-alive connections on loopback, TLS optional.

wrk cannot present a client certificate and httpx is no load generator (STACK.md,
gotcha 10), so each benchmark sends prepared bodies through these few connections.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from urllib.parse import urlsplit


async def _connection(
    url: str,
    bodies: list[bytes],
    cursor: list[int],
    statuses: list[int],
    tls: ssl.SSLContext | None,
    action: str,
    expect: bytes,
) -> None:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    reader, writer = await asyncio.open_connection(host, port, ssl=tls)
    try:
        while cursor[0] < len(bodies):
            body = bodies[cursor[0]]
            cursor[0] += 1
            head = (
                f"POST {parts.path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                "Content-Type: text/xml; charset=utf-8\r\n"
                f'SOAPAction: "{action}"\r\nContent-Length: {len(body)}\r\n\r\n'
            )
            writer.write(head.encode() + body)
            status_line = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            reply = await reader.readexactly(length)
            status = int(status_line.split()[1])
            statuses.append(status if expect in reply else -status)
    finally:
        writer.close()


async def _load(
    url: str, bodies: list[bytes], connections: int, tls: ssl.SSLContext | None, action: str, expect: bytes
) -> tuple[float, list[int]]:
    cursor: list[int] = [0]
    statuses: list[int] = []
    started = time.perf_counter()
    await asyncio.gather(
        *(_connection(url, bodies, cursor, statuses, tls, action, expect) for _ in range(connections))
    )
    return time.perf_counter() - started, statuses


def run(
    url: str,
    bodies: list[bytes],
    *,
    connections: int = 8,
    tls: ssl.SSLContext | None = None,
    action: str = "",
    expect: bytes = b"",
) -> float:
    """Requests per second for sending `bodies` to `url`.

    Every answer must be HTTP 200 and contain `expect` (e.g. the operation's success
    code), so a benchmark never measures a fast refusal by mistake.
    """
    seconds, statuses = asyncio.run(_load(url, bodies, connections, tls, action, expect))
    wrong = [status for status in statuses if status != 200]
    if wrong or len(statuses) != len(bodies):
        raise RuntimeError(
            f"{url}: {len(wrong)} answers were not HTTP 200 containing {expect!r} "
            f"(first: {wrong[:3]}; a negative status lacked it)"
        )
    return len(bodies) / seconds
