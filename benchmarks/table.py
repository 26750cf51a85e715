"""The one table of every benchmark (issue 17): each figure beside the peer measured in the same
run, the ratio, the goal and the verdict.

A benchmark script hands its figures to :func:`report`, which prints them as a table; under
``make bench`` (``run_all.py``) it also appends them to the file ``REKISTERI_BENCH_FIGURES``
names, from which ``run_all.py`` prints the table of all of them and writes
``benchmarks/results.json``.
"""

from __future__ import annotations

import json
import operator
import os
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

FIGURES_ENV = "REKISTERI_BENCH_FIGURES"


@dataclass(frozen=True)
class Figure:
    """One measured figure. ``goal`` bounds ``ours`` (or, with ``of_ratio``, ours / peer)."""

    name: str
    ours: float
    unit: str = "s"
    peer: float | None = None
    peer_name: str = ""
    goal: float | None = None
    at_most: bool = True
    """The goal is an upper bound (a time); False for a lower one (a rate, a ratio of speed)."""
    of_ratio: bool = False
    """The goal bounds the ratio to the peer, not the figure itself."""

    @property
    def ratio(self) -> float | None:
        return self.ours / self.peer if self.peer else None

    @property
    def met(self) -> bool | None:
        if self.goal is None:
            return None
        value = self.ratio if self.of_ratio else self.ours
        if value is None:
            return None
        compare: Callable[[float, float], bool] = operator.le if self.at_most else operator.ge
        return compare(value, self.goal)

    def goal_text(self) -> str:
        if self.goal is None:
            return ""
        sign = "≤" if self.at_most else "≥"
        if self.of_ratio:
            return f"ratio {sign} {self.goal:g}"
        return f"{sign} {self.goal:g} {self.unit}"


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    digits = 3 if unit == "s" and value < 10 else 1
    return f"{value:.{digits}f} {unit}"


def lines(figures: Iterable[Figure]) -> list[str]:
    """The figures as an aligned table, one row each."""
    header = f"{'figure':<52}{'rekisteri':>13}  {'peer':<28}{'ratio':>7}  {'goal':<14}verdict"
    rows = [header, "-" * len(header)]
    for figure in figures:
        peer = f"{_number(figure.peer, figure.unit)} {figure.peer_name}".strip()
        ratio = f"{figure.ratio:.2f}" if figure.ratio is not None else ""
        verdict = {True: "PASS", False: "MISS", None: ""}[figure.met]
        rows.append(
            f"{figure.name:<52}{_number(figure.ours, figure.unit):>13}  {peer:<28}{ratio:>7}  "
            f"{figure.goal_text():<14}{verdict}".rstrip()
        )
    return rows


def report(figures: list[Figure]) -> None:
    """Print the figures; under ``make bench`` also hand them to ``run_all.py``."""
    print("\n".join(lines(figures)))
    target = os.environ.get(FIGURES_ENV)
    if target:
        with Path(target).open("a", encoding="utf-8") as out:
            for figure in figures:
                out.write(json.dumps(asdict(figure), ensure_ascii=False) + "\n")


def read(path: Path) -> list[Figure]:
    if not path.exists():
        return []
    return [Figure(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()]
