"""A minimal RFC 6455 websocket client (stdlib only) for Chrome's DevTools endpoint.

Enough for CDP over loopback: the opening handshake, masked text frames out, text,
binary, ping/pong, close and fragmented frames in. No extensions, no TLS.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import socket
import struct

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_TEXT, _BINARY, _CONT, _CLOSE, _PING, _PONG = 0x1, 0x2, 0x0, 0x8, 0x9, 0xA


class WebSocketError(RuntimeError):
    """The handshake failed or the peer broke the protocol or closed the connection."""


class WebSocket:
    """A blocking client connection; every read honours the socket's timeout.

    A read that times out consumes nothing: a frame leaves the buffer only once it is
    whole, and the parts of a fragmented message are kept until its last frame.
    """

    def __init__(self, host: str, port: int, path: str, *, timeout: float) -> None:
        self._sock = socket.create_connection((host, port), timeout=timeout)
        self._buffer = bytearray()
        self._parts: list[bytes] = []
        key = base64.b64encode(os.urandom(16))
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key.decode()}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n"
        )
        self._sock.sendall(request.encode("ascii"))
        head = self._read_until(b"\r\n\r\n").decode("latin-1")
        status, *header_lines = head.split("\r\n")
        if " 101 " not in f"{status} ":
            raise WebSocketError(f"handshake refused: {status}")
        headers = {
            name.strip().lower(): value.strip()
            for name, _, value in (line.partition(":") for line in header_lines if line)
        }
        accept = base64.b64encode(hashlib.sha1(key + _GUID).digest()).decode()
        if headers.get("sec-websocket-accept") != accept:
            raise WebSocketError("handshake: wrong Sec-WebSocket-Accept")

    def settimeout(self, seconds: float) -> None:
        self._sock.settimeout(seconds)

    def send_text(self, text: str) -> None:
        self._send(_TEXT, text.encode("utf-8"))

    def receive_text(self) -> str:
        """The next complete text or binary message (pings answered, pongs ignored)."""
        while True:
            fin, opcode, payload = self._read_frame()
            if opcode == _PING:
                self._send(_PONG, payload)
            elif opcode == _PONG:
                continue
            elif opcode == _CLOSE:
                raise WebSocketError("connection closed by the peer")
            elif opcode in (_TEXT, _BINARY, _CONT):
                self._parts.append(payload)
                if fin:
                    message, self._parts = b"".join(self._parts), []
                    return message.decode("utf-8")
            else:
                raise WebSocketError(f"unknown opcode {opcode:#x}")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._send(_CLOSE, struct.pack("!H", 1000))
        self._sock.close()

    def _send(self, opcode: int, payload: bytes) -> None:
        size = len(payload)
        if size < 126:
            head = struct.pack("!BB", 0x80 | opcode, 0x80 | size)
        elif size < 1 << 16:
            head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, size)
        else:
            head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, size)
        mask = os.urandom(4)
        self._sock.sendall(head + mask + _masked(payload, mask))

    def _read_frame(self) -> tuple[bool, int, bytes]:
        while (frame := _frame_size(self._buffer)) is None:
            self._fill()
        head, size = frame
        first, second = self._buffer[0], self._buffer[1]
        mask = bytes(self._buffer[head - 4 : head]) if second & 0x80 else b""
        payload = bytes(self._buffer[head : head + size])
        del self._buffer[: head + size]
        return bool(first & 0x80), first & 0x0F, _masked(payload, mask) if mask else payload

    def _read_until(self, marker: bytes) -> bytes:
        while marker not in self._buffer:
            self._fill()
        head, _, rest = self._buffer.partition(marker)
        self._buffer = bytearray(rest)
        return bytes(head)

    def _fill(self) -> None:
        chunk = self._sock.recv(1 << 16)
        if not chunk:
            raise WebSocketError("connection closed")
        self._buffer += chunk


def _frame_size(buffer: bytearray) -> tuple[int, int] | None:
    """(header length, payload length) of the frame that starts the buffer; None until it is whole."""
    if len(buffer) < 2:
        return None
    size, head = buffer[1] & 0x7F, 2
    if size == 126:
        if len(buffer) < 4:
            return None
        (size,) = struct.unpack_from("!H", buffer, 2)
        head = 4
    elif size == 127:
        if len(buffer) < 10:
            return None
        (size,) = struct.unpack_from("!Q", buffer, 2)
        head = 10
    head += 4 if buffer[1] & 0x80 else 0
    return (head, size) if len(buffer) >= head + size else None


def _masked(payload: bytes, mask: bytes) -> bytes:
    """XOR payload with the repeating 4-byte mask (fast: one big-integer XOR)."""
    if not payload:
        return payload
    repeated = (mask * (len(payload) // 4 + 1))[: len(payload)]
    as_int = int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")
    return as_int.to_bytes(len(payload), "big")
