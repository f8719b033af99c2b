"""A loopback TCP proxy that adds a fixed delay each way: a registry across the internet.

Bytes are relayed as they are (TLS passes through untouched); each chunk is delivered
`one_way` seconds after it arrived, in order, so a request and its answer cost one round
trip of 2 × `one_way` while several in flight overlap as they would on a real link. A new
connection costs one round trip before its first bytes go on (TCP's handshake).

It counts what crosses it: connections, and round trips – each burst of bytes from the
client after the server had the last word (an HTTP request, a TLS handshake's flight).
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass


@dataclass
class Traffic:
    """What crossed one proxy."""

    connections: int = 0
    round_trips: int = 0
    bytes_up: int = 0
    bytes_down: int = 0


class LatencyProxy:
    """Listen on 127.0.0.1 (a free port) and relay to `host:port`, `one_way` seconds each way."""

    def __init__(self, host: str, port: int, one_way: float) -> None:
        self.upstream = (host, port)
        self.one_way = one_way
        self.traffic = Traffic()
        self.port = 0
        self._loop = asyncio.new_event_loop()

    def start(self) -> LatencyProxy:
        """Serve in a daemon thread; return once listening."""
        ready = threading.Event()

        async def listen() -> None:
            server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
            self.port = server.sockets[0].getsockname()[1]
            ready.set()
            async with server:
                await server.serve_forever()

        thread = threading.Thread(
            target=self._loop.run_until_complete, args=(listen(),), name="latency-proxy", daemon=True
        )
        thread.start()
        if not ready.wait(timeout=30):
            raise RuntimeError("the latency proxy did not start")
        return self

    async def _relay(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        self.traffic.connections += 1
        self.traffic.round_trips += 1  # the TCP handshake
        await asyncio.sleep(2 * self.one_way)
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            client_writer.close()
            return
        last = ["down"]  # who had the last word on this connection
        await asyncio.gather(
            self._pipe(client_reader, server_writer, "up", last),
            self._pipe(server_reader, client_writer, "down", last),
        )

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, direction: str, last: list[str]
    ) -> None:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            while True:
                due, chunk = await queue.get()
                wait = due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not chunk:
                    break
                writer.write(chunk)
                await writer.drain()
            if writer.can_write_eof():
                writer.write_eof()

        delivering = asyncio.create_task(deliver())
        try:
            while chunk := await reader.read(65536):
                if direction == "up":
                    self.traffic.bytes_up += len(chunk)
                    if last[0] == "down":
                        self.traffic.round_trips += 1
                else:
                    self.traffic.bytes_down += len(chunk)
                last[0] = direction
                queue.put_nowait((loop.time() + self.one_way, chunk))
        except (ConnectionError, OSError):
            pass
        queue.put_nowait((loop.time() + self.one_way, b""))
        try:
            await delivering
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()
