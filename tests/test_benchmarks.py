"""The benchmark table (issue 17, item 1): its verdicts and the runner that gathers every
benchmark's figures. The benchmarks themselves measure; they are not run here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from table import FIGURES_ENV, Figure, lines, read, report  # noqa: E402


def test_a_goal_bounds_the_figure_or_its_ratio_to_the_peer() -> None:
    assert Figure("t", 0.09, goal=0.10).met is True
    assert Figure("t", 0.11, goal=0.10).met is False
    # A speed: the ratio to the peer must be at least the goal.
    rate = Figure("r", 900, unit="/s", peer=1000, goal=0.8, at_most=False, of_ratio=True)
    assert rate.ratio == pytest.approx(0.9) and rate.met is True
    assert Figure("r", 700, peer=1000, goal=0.8, at_most=False, of_ratio=True).met is False
    # No goal, or a ratio with no peer: no verdict.
    assert Figure("t", 1.0).met is None
    assert Figure("t", 1.0, goal=2.0, of_ratio=True).met is None
    assert Figure("t", 1.0, goal=2.0, of_ratio=True).goal_text() == "ratio ≤ 2"


def test_the_table_shows_each_figure_with_its_peer_ratio_goal_and_verdict() -> None:
    rows = lines(
        [
            Figure("validate", 0.2, peer=0.4, peer_name="check-jsonschema", goal=0.1),
            Figure("bulk", 900.0, unit="/s", peer=1000.0, peer_name="loop", goal=0.8,
                   at_most=False, of_ratio=True),
        ]
    )  # fmt: skip
    assert rows[0].split() == ["figure", "rekisteri", "peer", "ratio", "goal", "verdict"]
    assert rows[2].split() == ["validate", "0.200", "s", "0.400", "s", "check-jsonschema",
                               "0.50", "≤", "0.1", "s", "MISS"]  # fmt: skip
    assert rows[3].split()[-4:] == ["ratio", "≥", "0.8", "PASS"]


def test_report_hands_the_figures_to_the_runner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = [Figure("a", 1.0, goal=2.0), Figure("b", 3.0, peer=1.0, peer_name="p")]
    monkeypatch.setenv(FIGURES_ENV, str(tmp_path / "figures.jsonl"))
    report(figures)
    assert "a" in capsys.readouterr().out
    assert read(tmp_path / "figures.jsonl") == figures


def test_make_bench_gathers_every_benchmark_into_one_table_and_results_json(
    tmp_path: Path,
) -> None:
    """run_all.py over two stand-in benchmarks: one table of both, and results.json; with a
    name, that one is run again and the other keeps its figures."""
    bench = tmp_path / "benchmarks"
    bench.mkdir()
    for name in ("run_all.py", "table.py"):
        (bench / name).write_bytes((ROOT / "benchmarks" / name).read_bytes())
    for name, value in (("bench_one", 1.5), ("bench_two", 0.5)):
        (bench / f"{name}.py").write_text(
            f"from table import Figure, report\nreport([Figure({name!r}, {value}, goal=1.0)])\n",
            encoding="utf-8",
        )
    run = [sys.executable, str(bench / "run_all.py")]
    done = subprocess.run(run, capture_output=True, text=True, check=True)
    assert "== every figure (2)" in done.stdout and "load average" in done.stdout
    results = json.loads((bench / "results.json").read_text(encoding="utf-8"))
    assert [(f["script"], f["met"]) for f in results["figures"]] == [
        ("bench_one", False),
        ("bench_two", True),
    ]
    (bench / "bench_two.py").write_text(
        "from table import Figure, report\nreport([Figure('bench_two', 2.0, goal=1.0)])\n",
        encoding="utf-8",
    )
    subprocess.run([*run, "bench_two"], capture_output=True, text=True, check=True)
    again = json.loads((bench / "results.json").read_text(encoding="utf-8"))
    assert [(f["script"], f["ours"]) for f in again["figures"]] == [
        ("bench_one", 1.5),
        ("bench_two", 2.0),
    ]


def test_every_benchmark_runs_rekisteri_as_installed_with_its_bytecode(tmp_path: Path) -> None:
    """An environment with PYTHONDONTWRITEBYTECODE would have each rekisteri process compile
    its own modules from source, which an installed rekisteri never does: run_all.py gives
    the benchmarks an environment without it."""
    bench = tmp_path / "benchmarks"
    bench.mkdir()
    for name in ("run_all.py", "table.py"):
        (bench / name).write_bytes((ROOT / "benchmarks" / name).read_bytes())
    (bench / "bench_env.py").write_text(
        "import os, sys\nfrom table import Figure, report\n"
        "report([Figure('off', float(sys.dont_write_bytecode)),"
        " Figure('variable', float('PYTHONDONTWRITEBYTECODE' in os.environ))])\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run(
        [sys.executable, str(bench / "run_all.py")], capture_output=True, env=env, check=True
    )
    results = json.loads((bench / "results.json").read_text(encoding="utf-8"))
    assert {f["name"]: f["ours"] for f in results["figures"]} == {"off": 0.0, "variable": 0.0}
