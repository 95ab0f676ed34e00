"""A small loopback TCP proxy that makes network faults deterministic.

Modes (switchable while it runs):

- ``pass``: forward both ways.
- ``reset``: accept, then close at once with a TCP reset (the client sees the connection dropped).
- ``stall``: accept and read, never forward or answer (the client times out).
- ``cut``: forward, but close both sides once ``limit`` bytes of a request have gone upstream
  (small requests pass; a large upload is cut in the middle).
- ``reject``: answer ``413 Payload Too Large`` to a request whose body is larger than ``limit``,
  as a reverse proxy with a body-size limit does; forward smaller requests.

Each client connection gets its own upstream connection; ``connections`` counts them.
"""

from __future__ import annotations

import socket
import struct
import threading

from store_servers import free_port


class FaultProxy:
    def __init__(self, target_port: int, mode: str = "pass", limit: int = 0):
        self.target_port = target_port
        self.mode, self.limit = mode, limit
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.connections = 0
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", self.port))
        self._listener.listen(16)
        self._closed = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def set(self, mode: str, limit: int = 0) -> None:
        self.mode, self.limit = mode, limit

    def close(self) -> None:
        self._closed = True
        try:
            self._listener.close()
        except OSError:
            pass
        with self._lock:
            for sock in self._sockets:
                _close(sock)
            self._sockets.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --------------------------------------------------------------------- internals

    def _track(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._sockets.append(sock)
        return sock

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._handle, args=(self._track(client), self.mode, self.limit),
                             daemon=True).start()

    def _handle(self, client: socket.socket, mode: str, limit: int) -> None:
        if mode == "reset":
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.close()
            return
        if mode == "stall":
            try:
                while client.recv(65536):
                    pass
            except OSError:
                pass
            return
        head = b""
        if mode == "reject":
            while b"\r\n\r\n" not in head:
                chunk = _recv(client)
                if not chunk:
                    _close(client)
                    return
                head += chunk
            length = 0
            for line in head.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            if length > limit:
                body = b"request body larger than the limit of this proxy\n"
                client.sendall(b"HTTP/1.1 413 Payload Too Large\r\nContent-Type: text/plain\r\n"
                               b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
                _close(client)
                return
        try:
            upstream = self._track(socket.create_connection(("127.0.0.1", self.target_port)))
        except OSError:
            _close(client)
            return
        if head:
            upstream.sendall(head)
        budget = [limit - len(head)] if mode == "cut" else None
        threading.Thread(target=self._pump, args=(client, upstream, budget), daemon=True).start()
        self._pump(upstream, client, None)

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket, budget: list[int] | None) -> None:
        try:
            while True:
                data = _recv(source)
                if not data:
                    break
                if budget is not None:
                    if len(data) >= budget[0]:
                        sink.sendall(data[: max(budget[0], 0)])
                        break  # the cut: close both sides mid-request
                    budget[0] -= len(data)
                sink.sendall(data)
        except OSError:
            pass
        _close(source)
        _close(sink)


def _recv(sock: socket.socket) -> bytes:
    try:
        return sock.recv(65536)
    except OSError:
        return b""


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass
