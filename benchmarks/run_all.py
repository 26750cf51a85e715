"""`make bench`: every benchmark, then one table of all their figures, and
``benchmarks/results.json`` (issue 17, item 1).

Each ``bench_*.py`` runs as its own process, in turn, its own report shown as it goes; each
hands its figures to :func:`table.report`, which appends them to a scratch file this script
names. The table prints the machine's 1-minute load average before and after, because every
figure on a shared machine stretches with the load; the ratios to the peers measured in the
same run stretch much less.
Run: `.venv/bin/python benchmarks/run_all.py [bench_name ...]`; with names, only those run
again, and the other benchmarks' figures are kept from ``results.json``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from table import FIGURES_ENV, Figure, lines, read

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"


def main() -> None:
    wanted = set(sys.argv[1:])
    scripts = [s for s in sorted(HERE.glob("bench_*.py")) if not wanted or s.stem in wanted]
    load_before = os.getloadavg()
    started = time.time()
    failed: list[str] = []
    measured: list[tuple[str, Figure]] = []
    # rekisteri as installed: pip compiles its bytecode, so no process of a benchmark compiles
    # the package from source (about 30 ms a run) because the environment says not to keep it.
    plain = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory(prefix="bench-figures-") as scratch:
        for script in scripts:
            print(f"\n== {script.name}", flush=True)
            figures_file = Path(scratch) / f"{script.stem}.jsonl"
            env = {**plain, FIGURES_ENV: str(figures_file)}
            done = subprocess.run([sys.executable, str(script)], env=env, check=False)
            if done.returncode:
                failed.append(script.name)
            measured += [(script.stem, figure) for figure in read(figures_file)]
    if wanted and RESULTS.exists():
        # Some benchmarks again: the others keep the figures of their last run.
        earlier = json.loads(RESULTS.read_text(encoding="utf-8"))["figures"]
        kept = [
            (entry.get("script", ""), Figure(**{k: entry[k] for k in Figure.__dataclass_fields__}))
            for entry in earlier
            if entry.get("script") not in wanted
        ]
        measured = sorted(kept + measured, key=lambda pair: pair[0])
    figures = [figure for _, figure in measured]
    load_after = os.getloadavg()
    print(f"\n== every figure ({len(figures)}), {os.cpu_count()} CPUs")
    print(f"1-minute load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print("\n".join(lines(figures)))
    if failed:
        print(f"failed: {', '.join(failed)}")
    RESULTS.write_text(
        json.dumps(
            {
                "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
                "seconds": round(time.time() - started, 1),
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "load_before": round(load_before[0], 2),
                    "load_after": round(load_after[0], 2),
                },
                "failed": failed,
                "figures": [
                    {
                        "script": script,
                        **asdict(f),
                        "ratio": f.ratio,
                        "met": f.met,
                        "goal_text": f.goal_text(),
                    }
                    for script, f in measured
                ],
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {RESULTS.relative_to(HERE.parent)}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
