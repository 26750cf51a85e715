"""How fast and how lean is `rekisteri render`, measured against printing with Chromium.

Prints figures, not a test: timings on a shared machine vary too much to fail a build on.
Every figure is a whole process, start-up included, because that is what a person waits for:

(a) `rekisteri render examples/terhi-kallio/register.toml --lang fi,en --format html,pdf`
(b) Chromium `--headless --print-to-pdf` of the same two HTML pages, one process each, summed
(c) `rekisteri render … --format html` alone

Goals (issue 3): (a) ≤ 0.8 × (b); (c) ≤ 0.3 s; peak memory of (a) ≤ 150 MiB.

Then, before and after (issue 13: layered, shorter notices): the page count of each language's
PDF and the median whole-process time of (a) for this checkout and for a git revision
(``--before``, default f76487b, the last commit before issue 13), each run as
``python -m rekisteri`` from its own source folder (benchmarks/baseline.py), taking turns, with
the ratio to Chromium printing that side's own two pages. Shorter notices should render faster.

Run: `.venv/bin/python benchmarks/bench_render.py [--runs N] [--before REV]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdf

from baseline import command, medians, v1_checkout
from table import Figure, report

ROOT = Path(__file__).resolve().parent.parent
REGISTER = ROOT / "examples" / "terhi-kallio" / "register.toml"
CLI = Path(sys.executable).parent / "rekisteri"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]
MIB = 1024 * 1024

GOAL_RATIO = 0.8
GOAL_HTML_SECONDS = 0.3
GOAL_PEAK_MIB = 150
# The last commit before issue 13 shortened the notice.
BEFORE = "f76487b"
GOAL_PAGES = 6


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float
    peak_rss_bytes: int


def run(command: Sequence[str | Path]) -> Run:
    """One whole process: its wall time and its own peak resident memory.

    os.wait4 gives the rusage of exactly this child; RUSAGE_CHILDREN would be the maximum over
    every child so far, Chromium's included.
    """
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(part) for part in command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode != 0:
        joined = " ".join(str(part) for part in command)
        sys.exit(f"failed ({process.returncode}): {joined}\n{errors}")
    # ru_maxrss is in KiB on Linux. CPU time includes the children a process waited for
    # (Chromium's renderer and GPU processes).
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)


def render_command(out: Path, formats: str) -> list[str | Path]:
    return [CLI, "render", REGISTER, "-o", out, "--lang", "fi,en", "--format", formats]


def chromium_command(page: Path, pdf: Path, profile: Path) -> list[str | Path]:
    return [
        CHROMIUM,
        *CHROMIUM_ARGS,
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf}",
        page.resolve().as_uri(),
    ]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def page_counts(folder: Path) -> dict[str, int]:
    """The number of pages of each language's PDF in ``folder``."""
    return {
        pdf.stem.rsplit(".", 1)[-1]: len(pypdf.PdfReader(pdf).pages)
        for pdf in sorted(folder.glob("*.pdf"))
    }


def per_page(seconds: float, counts: dict[str, int]) -> float:
    return seconds / max(sum(counts.values()), 1)


def chromium_seconds(pages: Sequence[Path], scratch: Path, runs: int) -> float:
    """The median time Chromium takes to print ``pages``, one process each, summed."""
    totals = []
    for index in range(runs):
        total = 0.0
        for page in pages:
            profile = scratch / f"profile-{index}-{page.stem}"
            pdf = scratch / f"chromium-{index}-{page.stem}.pdf"
            total += run(chromium_command(page, pdf, profile)).seconds
            shutil.rmtree(profile, ignore_errors=True)
        totals.append(total)
    return statistics.median(totals)


# The PDFs alone, in one warm process: what the notice's layout costs WeasyPrint, apart from
# start-up and from whatever else the command does.
IN_PROCESS = """
import sys, time
from rekisteri.notice.render import render_pdf
from rekisteri.register.loading import load_register
register = load_register(sys.argv[1])
render_pdf(register, "en")
started = time.process_time()
for lang in ("fi", "en"):
    render_pdf(register, lang)
print(time.process_time() - started)
"""


def in_process_seconds(checkout: Path | None, register: Path) -> float:
    line, env = command(checkout, "render")
    done = subprocess.run(
        [line[0], "-c", IN_PROCESS, str(register)],
        capture_output=True,
        env=env,
        check=True,
        text=True,
    )
    return float(done.stdout.strip())


def before_and_after(revision: str, runs: int, scratch: Path) -> None:
    """Page counts and render times of ``revision`` beside this checkout's."""
    with v1_checkout(revision) as before:
        sides = {"before": before, "after": None}
        commands = []
        for name, checkout in sides.items():
            register = (checkout or ROOT) / "examples" / "terhi-kallio" / "register.toml"
            out = scratch / name
            commands.append(
                command(
                    checkout, "render", str(register), "-o", str(out), "--lang", "fi,en",
                    "--format", "html,pdf", "--force",
                )
            )  # fmt: skip
        seconds = dict(zip(sides, medians(commands, runs), strict=True))
        layout: dict[str, list[float]] = {name: [] for name in sides}
        for _ in range(runs):
            for name, checkout in sides.items():
                register = (checkout or ROOT) / "examples" / "terhi-kallio" / "register.toml"
                layout[name].append(in_process_seconds(checkout, register))
    cpu = {name: statistics.median(times) for name, times in layout.items()}
    print()
    print(
        f"before: revision {revision}; after: this checkout (python -m rekisteri, median of {runs})"
    )
    print(f"{'':<34}{'before':>12}{'after':>12}")
    counts = {name: page_counts(scratch / name) for name in sides}
    for lang in counts["after"]:
        before_pages, after_pages = counts["before"].get(lang), counts["after"][lang]
        ok = verdict(after_pages <= GOAL_PAGES)
        print(
            f"{'pages, ' + lang:<34}{before_pages!s:>12}{after_pages:>12}"
            f"   goal ≤ {GOAL_PAGES}  {ok}"
        )
    print(f"{'render html+pdf, fi+en':<34}{seconds['before']:>10.3f} s{seconds['after']:>10.3f} s")
    label = "2 PDFs in one process (CPU)"
    print(f"{label:<34}{cpu['before']:>10.3f} s{cpu['after']:>10.3f} s")
    print(
        f"{'  per page':<34}{per_page(cpu['before'], counts['before']):>10.3f} s"
        f"{per_page(cpu['after'], counts['after']):>10.3f} s"
    )
    printed = {
        name: chromium_seconds(sorted((scratch / name).glob("*.html")), scratch, runs)
        for name in sides
    }
    label = "chromium --print-to-pdf, 2 pages"
    print(f"{label:<34}{printed['before']:>10.3f} s{printed['after']:>10.3f} s")
    ratios = {name: seconds[name] / printed[name] for name in sides}
    print(f"{'ratio render / chromium':<34}{ratios['before']:>12.2f}{ratios['after']:>12.2f}")
    print(f"{'after / before':<34}{seconds['after'] / seconds['before']:>24.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (at least 5)")
    parser.add_argument("--before", default=BEFORE, help="git revision to compare with")
    arguments = parser.parse_args()
    runs = max(arguments.runs, 5)

    if not CLI.exists():
        sys.exit(f"{CLI} is missing: install rekisteri into this virtual environment first")
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install chromium")

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-render-") as scratch_name:
        scratch = Path(scratch_name)

        # The pages Chromium prints are the very pages rekisteri publishes.
        pages_dir = scratch / "pages"
        run(render_command(pages_dir, "html"))
        pages = sorted(pages_dir.glob("*.html"))
        if len(pages) != 2:
            sys.exit(f"expected two HTML pages (fi, en) in {pages_dir}, found {pages}")

        full: list[Run] = []
        html_only: list[Run] = []
        chromium: list[Run] = []
        # Interleaved, so that a burst of load from elsewhere on the machine hits all three.
        for index in range(runs):
            full.append(run(render_command(scratch / f"full-{index}", "html,pdf")))
            html_only.append(run(render_command(scratch / f"html-{index}", "html")))
            printed: list[Run] = []
            for page in pages:
                profile = scratch / f"profile-{index}-{page.stem}"
                pdf = scratch / f"chromium-{index}-{page.stem}.pdf"
                printed.append(run(chromium_command(page, pdf, profile)))
                shutil.rmtree(profile, ignore_errors=True)
                if not pdf.is_file():
                    sys.exit(f"Chromium wrote no PDF for {page}")
            chromium.append(
                Run(
                    sum(r.seconds for r in printed),
                    sum(r.cpu_seconds for r in printed),
                    max(r.peak_rss_bytes for r in printed),
                )
            )

    a = statistics.median(r.seconds for r in full)
    b = statistics.median(r.seconds for r in chromium)
    a_cpu = statistics.median(r.cpu_seconds for r in full)
    b_cpu = statistics.median(r.cpu_seconds for r in chromium)
    html = statistics.median(r.seconds for r in html_only)
    peak = max(r.peak_rss_bytes for r in full) / MIB
    ratio = a / b
    load_after = os.getloadavg()[0]

    print(f"rekisteri render benchmark: {REGISTER.relative_to(ROOT)}, fi+en, median of {runs}")
    # Wall time is what the goals are about, but on a shared machine it stretches with the
    # load; CPU time shows what the work itself costs.
    print(
        f"{os.cpu_count()} CPUs; 1-minute load average {load_before:.2f} before,"
        f" {load_after:.2f} after"
    )
    print(f"{'figure':<48}{'measured':>12}{'goal':>12}  verdict")
    rows = [
        ("(a) rekisteri render html+pdf, whole process", f"{a:.3f} s", "", ""),
        ("(b) chromium --print-to-pdf, 2 processes", f"{b:.3f} s", "", ""),
        ("ratio a/b", f"{ratio:.2f}", f"≤ {GOAL_RATIO}", verdict(ratio <= GOAL_RATIO)),
        ("(a) CPU time (user+sys)", f"{a_cpu:.3f} s", "", ""),
        ("(b) CPU time (user+sys, all its processes)", f"{b_cpu:.3f} s", "", ""),
        ("ratio a/b in CPU time", f"{a_cpu / b_cpu:.2f}", "", ""),
        (
            "(c) rekisteri render html only, whole process",
            f"{html:.3f} s",
            f"≤ {GOAL_HTML_SECONDS} s",
            verdict(html <= GOAL_HTML_SECONDS),
        ),
        (
            "peak memory of (a)",
            f"{peak:.1f} MiB",
            f"≤ {GOAL_PEAK_MIB} MiB",
            verdict(peak <= GOAL_PEAK_MIB),
        ),
    ]
    for name, measured, goal, ok in rows:
        print(f"{name:<48}{measured:>12}{goal:>12}  {ok}")
    chromium_name = "chromium --print-to-pdf"
    report(
        [
            # Issue 17, item 3: at most 0.6 of Chromium's time, and no more CPU time than it.
            Figure("render html+pdf fi+en", a, peer=b, peer_name=chromium_name, goal=0.6,
                   of_ratio=True),
            Figure("render html+pdf fi+en, CPU time", a_cpu, peer=b_cpu, peer_name=chromium_name,
                   goal=1.0, of_ratio=True),
            Figure("render html+pdf fi+en, peak memory", peak, unit="MiB", goal=GOAL_PEAK_MIB),
        ]
    )  # fmt: skip

    with tempfile.TemporaryDirectory(prefix="bench-render-sides-") as scratch_name:
        before_and_after(arguments.before, runs, Path(scratch_name))


if __name__ == "__main__":
    main()
