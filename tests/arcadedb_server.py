"""An ArcadeDB server speaking Bolt on 127.0.0.1, in a child process, for tests and benchmarks.

ArcadeDB (``arcadedb-embedded`` on PyPI, with its own JRE) answers the official Neo4j driver as a
Neo4j 5 server, so the Neo4j store's code runs for real, through the real driver, over real Bolt.
The server runs in its own process with its own working folder: its JVM, its log files
(``log/arcadedb.log.*`` land in the working folder) and its console output stay out of the test
process and out of the test output.

    with ArcadeDBBolt(tmp_path) as server:
        store = Neo4jStore(server.uri, server.user, server.password, work=tmp_path / "work")

Run as a script it is the child: ``python tests/arcadedb_server.py ROOT PORT PASSWORD DATABASE``
starts the server, writes ``ROOT/ready`` and serves until its standard input closes.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"
HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def available() -> str | None:
    """Why ArcadeDB cannot be started here, or None when it can."""
    try:
        import arcadedb_embedded  # noqa: F401
    except ImportError as error:
        return f"arcadedb-embedded is not installed ({error}): pip install arcadedb-embedded"
    return None


class ArcadeDBBolt:
    """A throw-away ArcadeDB server with its Bolt plugin, stopped on exit."""

    user = "root"

    def __init__(self, root: Path, *, password: str = "kg-test-password",
                 database: str = "kg", startup_timeout: float = 180.0) -> None:
        self.root = Path(root)
        self.password = password
        self.database = database
        self.startup_timeout = startup_timeout
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"bolt://{HOST}:{self.port}"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def start(self) -> ArcadeDBBolt:
        """Start the child process and wait until the server accepts Bolt connections."""
        self.root.mkdir(parents=True, exist_ok=True)
        ready = self.root / "ready"
        ready.unlink(missing_ok=True)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, __file__, str(self.root), str(self.port), self.password,
                 self.database],
                cwd=self.root, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.startup_timeout
        while not ready.exists():
            if self.process.poll() is not None:
                raise RuntimeError(f"ArcadeDB exited with {self.process.returncode} while "
                                   f"starting; see {self.log}:\n{self._tail()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"ArcadeDB did not start in {self.startup_timeout:.0f}s; "
                                   f"see {self.log}:\n{self._tail()}")
            time.sleep(0.2)
        return self

    def stop(self) -> None:
        """Ask the child to stop (its stdin closes), then make sure it is gone."""
        process, self.process = self.process, None
        if process is None:
            return
        with contextlib.suppress(OSError):
            process.stdin.close()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _tail(self, lines: int = 20) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> ArcadeDBBolt:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def serve(root: Path, port: int, password: str, database: str) -> None:
    """The child: run the server until standard input closes."""
    import arcadedb_embedded

    server = arcadedb_embedded.create_server(
        root_path=str(root), root_password=password,
        config={"host": HOST, "http_port": free_port(), "server_plugins": BOLT_PLUGIN,
                "bolt_port": port})
    server.start()
    try:
        server.create_database(database)
        (root / "ready").write_text(f"{HOST}:{port}\n", encoding="utf-8")
        sys.stdin.read()  # returns when the parent closes our stdin (or dies)
    finally:
        server.stop()


if __name__ == "__main__":
    serve(Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4])
