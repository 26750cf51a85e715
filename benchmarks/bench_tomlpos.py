"""Speed of locating key positions in a 1 MB TOML document, beside tomllib parsing it.

Run: `.venv/bin/python benchmarks/bench_tomlpos.py`. locate() runs only when a register has
errors, so the goal is modest: linear time, no slower than tomllib on the same text.
"""

from __future__ import annotations

import statistics
import time
import tomllib

from rekisteri.register.tomlpos import locate

BLOCK = """\
[register{i}]
name = "Rekisteri {i}"  # comment [x]
tags = ["a", "b", 'c', {{ id = {i}, nested.key = [1, 2, [3]] }}]
[[register{i}.purposes]]
id = "p{i}"
legal_basis = ["contract", "consent"]
"""


def median(func: object, doc: str, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func(doc)  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    doc = "".join(BLOCK.format(i=i) for i in range(6000))
    size = len(doc.encode()) / 1e6
    parse = median(tomllib.loads, doc)
    positions = median(locate, doc)
    print(f"document {size:.2f} MB")
    print(f"tomllib.loads  median {parse:.3f} s")
    print(f"locate         median {positions:.3f} s  (ratio {positions / parse:.2f} × tomllib)")


if __name__ == "__main__":
    main()
