"""A real Neo4j Community server on 127.0.0.1, for tests and benchmarks, with no Docker.

``tests/neo4j/`` holds a Maven project (``pom.xml``, the pinned Neo4j release) and one Java class,
``kg.neo4j.Launcher``, that starts Neo4j's embedded DBMS with its Bolt connector on a free port,
authentication on, its data in a folder of ours. Maven resolves Neo4j from Maven Central into its
own local repository (``~/.m2/kg-neo4j``, or ``$KG_NEO4J_M2``) once; later runs resolve nothing.

    with Neo4jServer(tmp_path / "neo4j") as server:
        store = Neo4jStore(server.uri, server.user, server.password)

The same class path runs ``neo4j-admin`` (:func:`neo4j_admin`), so ``neo4j-admin database import
full`` fills a home folder that a :class:`Neo4jServer` then serves.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

HOST = "127.0.0.1"
LAUNCHER = Path(__file__).resolve().parent / "neo4j"
POM = LAUNCHER / "pom.xml"
CLASSES = LAUNCHER / "target" / "classes"
CLASSPATH = LAUNCHER / "target" / "classpath.txt"
MAIN_CLASS = "kg.neo4j.Launcher"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"


def neo4j_version() -> str:
    """The Neo4j release the launcher pins (``neo4j.version`` in tests/neo4j/pom.xml)."""
    found = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", POM.read_text("utf-8"))
    assert found, f"{POM}: no <neo4j.version>"
    return found.group(1)


def maven_repo() -> Path:
    """Maven's local repository for the launcher (its own cache, not the user's ~/.m2)."""
    return Path(os.environ.get("KG_NEO4J_M2") or Path.home() / ".m2" / "kg-neo4j")


def java() -> str | None:
    """The java command: $JAVA_HOME/bin/java, else java on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def available() -> str | None:
    """Why a Neo4j server cannot be started here, or None when it can."""
    if java() is None:
        return "no Java here (Neo4j 5.26 needs Java 17): install openjdk-17-jre-headless"
    if not _built() and shutil.which("mvn") is None:
        return "no Maven here to resolve Neo4j from Maven Central: install maven"
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _built() -> bool:
    """The launcher is compiled, newer than its sources, and every jar it needs is there."""
    target = CLASSES / "kg" / "neo4j" / "Launcher.class"
    if not (target.is_file() and CLASSPATH.is_file()):
        return False
    sources = [POM, *LAUNCHER.glob("src/**/*.java")]
    if max(p.stat().st_mtime for p in sources) > min(target.stat().st_mtime,
                                                        CLASSPATH.stat().st_mtime):
        return False
    return all(Path(jar).is_file() for jar in _read_classpath())


def _read_classpath() -> list[str]:
    return [p for p in CLASSPATH.read_text(encoding="utf-8").strip().split(os.pathsep) if p]


def prepare() -> list[str]:
    """Resolve and compile the launcher if needed (Maven); its class path."""
    if not _built():
        command = ["mvn", "-B", "-q", "-f", str(POM), f"-Dmaven.repo.local={maven_repo()}",
                   "compile"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).splitlines()[-20:])
            raise RuntimeError(f"building the Neo4j launcher failed: {' '.join(command)}\n{tail}")
    return [str(CLASSES), *_read_classpath()]


def _java_command(main: str, heap: str) -> list[str]:
    runner = java()
    if runner is None:
        raise RuntimeError(available() or "no Java")
    return [runner, f"-Xmx{heap}", "-XX:+UseSerialGC", "-Dfile.encoding=UTF-8",
            "-cp", os.pathsep.join(prepare()), main]


def neo4j_admin(home: Path, *args: str, cwd: Path | None = None,
                heap: str = "1g") -> subprocess.CompletedProcess[str]:
    """Run ``neo4j-admin ARGS`` (Neo4j's AdminTool, from the same Maven artifacts) on ``home``
    (its NEO4J_HOME), in ``cwd`` (default: ``home``), raising with its output when it fails."""
    home = Path(home).resolve()
    (home / "conf").mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    done = subprocess.run([*_java_command(ADMIN_CLASS, heap), *args], cwd=cwd or home, env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"neo4j-admin {' '.join(args)} exited with {done.returncode}:\n"
                           f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
    return done


class Neo4jServer:
    """A throw-away Neo4j server with Bolt on 127.0.0.1, stopped on exit.

    ``home`` holds its data and logs (``home/server.log`` is the JVM's output). Attributes:
    ``uri``, ``user``, ``password``, ``database``, ``port``, ``start_seconds``.
    """

    user = "neo4j"

    def __init__(self, home: Path, *, password: str = "kg-test-password",
                 database: str = "neo4j", heap: str = "1g",
                 startup_timeout: float = 240.0) -> None:
        self.home = Path(home).resolve()
        self.password = password
        self.database = database
        self.heap = heap
        self.startup_timeout = startup_timeout
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.start_seconds: float | None = None

    @property
    def uri(self) -> str:
        return f"bolt://{HOST}:{self.port}"

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)

    @property
    def log(self) -> Path:
        return self.home / "server.log"

    def start(self) -> Neo4jServer:
        """Start the JVM and wait until Bolt answers a query with our credentials."""
        command = [*_java_command(MAIN_CLASS, self.heap), str(self.home), str(self.port),
                   self.password, self.database]
        self.home.mkdir(parents=True, exist_ok=True)
        began = time.monotonic()
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=self.home, stdin=subprocess.PIPE,
                                            stdout=log, stderr=subprocess.STDOUT)
        deadline = began + self.startup_timeout
        while not self._answers():
            if self.process.poll() is not None:
                raise RuntimeError(f"Neo4j exited with {self.process.returncode} while "
                                   f"starting; see {self.log}:\n{self._tail()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"Neo4j did not answer on {self.uri} in "
                                   f"{self.startup_timeout:.0f}s; see {self.log}:\n{self._tail()}")
            time.sleep(0.25)
        self.start_seconds = time.monotonic() - began
        return self

    def _answers(self) -> bool:
        if b"kg-neo4j ready" not in (self.log.read_bytes() if self.log.exists() else b""):
            return False
        import neo4j

        try:
            with neo4j.GraphDatabase.driver(self.uri, auth=self.auth) as driver:
                driver.execute_query("RETURN 1", database_=self.database)
        except Exception:  # not up yet
            return False
        return True

    def clear(self) -> None:
        """Empty the database: every node and relationship, every constraint and index."""
        import neo4j

        with neo4j.GraphDatabase.driver(self.uri, auth=self.auth) as driver, \
                driver.session(database=self.database) as session:
            # relationships first: a DETACH DELETE of a node with thousands of them (a concept
            # every paper mentions) in a batch of nodes exceeds the server's memory pool
            session.run("MATCH ()-[r]->() CALL (r) { DELETE r } "
                        "IN TRANSACTIONS OF 10000 ROWS").consume()
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } "
                        "IN TRANSACTIONS OF 10000 ROWS").consume()
            for record in list(session.run("SHOW CONSTRAINTS YIELD name")):
                session.run(f"DROP CONSTRAINT {_quoted(record['name'])} IF EXISTS").consume()
            for record in list(session.run("SHOW INDEXES YIELD name, type "
                                           "WHERE type <> 'LOOKUP' RETURN name")):
                session.run(f"DROP INDEX {_quoted(record['name'])} IF EXISTS").consume()

    def stop(self) -> None:
        """Ask the JVM to stop (its stdin closes), then make sure it is gone."""
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
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _tail(self, lines: int = 30) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> Neo4jServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def _quoted(name: str) -> str:
    """A schema name as a Cypher identifier (names cannot be parameters)."""
    return "`" + name.replace("`", "``") + "`"
