"""`make bench`: runs every benchmark (bench/<area>/bench_*.py) one after another, so they do
not compete for the machine's cores. Each writes its own figures to bench/results/."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    wanted = set(argv)
    modules = sorted(p for p in BENCH.glob("*/bench_*.py") if not wanted or p.parent.name in wanted)
    failed = []
    for path in modules:
        module = ".".join(path.relative_to(BENCH.parent).with_suffix("").parts)
        print(f"== {module}", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", module], cwd=BENCH.parent, check=False)
        outcome = "ok" if result.returncode == 0 else "FAILED"
        print(f"   {outcome} in {time.perf_counter() - started:.0f} s")
        if result.returncode:
            failed.append(module)
    print(f"{len(modules) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
