"""Start-up of `kg --help`, `kg stats` and `kg query` (a statement run before, and one the plan
cache has not seen), each as a ratio against `python -c pass` measured in the same run, and
optionally against a baseline tree (e.g. a `git archive` of main), run alternately; median of N
runs (and the fastest, nearest to a quiet machine); wall time and the child's CPU time (user +
system, less sensitive to other load on the machine, which is printed with the figures).

By default modules are imported from bytecode, as an installed kg is (a private
$PYTHONPYCACHEPREFIX, warmed by one untimed run); --no-bytecode compiles kg's modules on every
run, as under $PYTHONDONTWRITEBYTECODE.

    kg build --sample --model rules --store /tmp/kg-bench
    git archive main | tar -x -C /tmp/kg-main
    python scripts/bench_startup.py /tmp/kg-bench --baseline /tmp/kg-main --runs 5

A baseline older than the store's format needs a store of its own, built by that tree
(``--baseline-store``).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
QUERY = "MATCH (c:Concept) RETURN count(c)"


def run(tree: Path | None, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``python ARGS`` importing kg from ``tree``."""
    env = {**env, "PYTHONPATH": str(tree)} if tree else env
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], env=env, cwd="/", check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        bench(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def bench(scratch: Path) -> None:
    """Parse the arguments, time every command in every tree, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", help="an embedded store every tree can read")
    parser.add_argument("--baseline", type=Path, help="a kg source tree to compare against")
    parser.add_argument("--baseline-store",
                        help="the baseline's own store (default: STORE), for a baseline that "
                             "cannot read this tree's store format")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-bytecode", action="store_true",
                        help="compile kg's modules on every run ($PYTHONDONTWRITEBYTECODE)")
    options = parser.parse_args()
    stores = {"this tree": str(Path(options.store).resolve()),
              "baseline": str(Path(options.baseline_store or options.store).resolve())}
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX", "KG_CACHE_DIR")}
    if options.no_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env["PYTHONPYCACHEPREFIX"] = str(scratch / "bytecode")
    commands = {"python -c pass": ["-c", "pass"],
                "kg --help": ["-m", "kg", "--help"],
                "kg stats": ["-m", "kg", "stats", "--store", "{store}"],
                "kg query": ["-m", "kg", "query", QUERY, "--store", "{store}"],
                "kg query, new": ["-m", "kg", "query", QUERY, "--store", "{store}"]}
    trees = {"this tree": HERE, **({"baseline": options.baseline.resolve()}
                                   if options.baseline else {})}
    plans = {name: scratch / f"plans-{index}" for index, name in enumerate(trees)}

    def argv(name: str, args: list[str]) -> list[str]:
        return [stores[name] if arg == "{store}" else arg for arg in args]

    def environment(name: str, command: str, index: int) -> dict[str, str]:
        new = command.endswith("new")  # a plan cache of its own, empty, for every run
        folder = scratch / f"new-{name}-{index}" if new else plans[name]
        return {**env, "KG_CACHE_DIR": str(folder)}

    load_before = os.getloadavg()[0]
    for name, tree in trees.items():  # untimed: writes bytecode and the repeated query's plan
        for command, args in commands.items():
            run(tree, argv(name, args), environment(name, command, -1))
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for index in range(options.runs):
        for command, args in commands.items():
            for name, tree in trees.items():
                times.setdefault((name, command), []).append(
                    run(tree, argv(name, args), environment(name, command, index)))
    base_wall = statistics.median(t[0] for t in times[("this tree", "python -c pass")])
    print(f"median of {options.runs} runs, "
          f"{'no bytecode' if options.no_bytecode else 'from bytecode'}; "
          f"wall (x `python -c pass` = {base_wall:.3f} s; the fastest run), CPU")
    for command in commands:
        if command == "python -c pass":
            continue
        cells = []
        for name in trees:
            wall = statistics.median(t[0] for t in times[(name, command)])
            fastest = min(t[0] for t in times[(name, command)])
            cpu = statistics.median(t[1] for t in times[(name, command)])
            cells.append(f"{name}: {wall:.2f} s ({wall / base_wall:.0f}x pass; fastest "
                         f"{fastest:.2f} s), CPU {cpu:.2f} s")
        print(f"{command:14} " + "; ".join(cells))
    print(f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on "
          f"{os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
