"""What every payment provider's stand-in shares: an HTTP server on a free local port, run on a
thread, and the provider's side of the story (its state), which each test starts afresh."""

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


class StandInServer[State]:
    """A stand-in's server and state; subclasses answer the requests (`handler`) and add the
    test controls. `_lock` guards `_state` between the server's threads and the test."""

    def __init__(self, new_state: Callable[[], State], handler: type[BaseHTTPRequestHandler]):
        self._lock = threading.RLock()
        self._new_state = new_state
        self._state = new_state()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self._state = self._new_state()
