"""How fast and how lean is reading a booking system's exports, against sqlite3's own import.

Prints figures, not a test. One run writes, in a temporary folder, the exports of a big salon:
100,000 clients and 1,000,000 bookings, as CSV in a Finnish spreadsheet's dialect (semicolons,
d.m.yyyy dates, decimal commas). Then, taking turns, each a whole process:

(a) rekisteri reading them into SQLite in memory (``rekisteri.access.exports.load_exports``:
    encoding, dialect, type inference, conversion, the indexes a request looks rows up by)
(b) the ``sqlite3`` command-line shell's ``.import --csv`` of the same two files into an
    in-memory database (it converts nothing: every value stays text, and no index is made);
    beside it, (a) without the indexes, and the floor of any reader in Python: the standard
    library's csv into sqlite3, as text, with nothing checked

(c) one client's access bundle (json, csv, html; no PDF) from those exports, the first time
    (reading them and writing the cache) and then from the warm cache, with the part of it that
    is the exports' own (reading and hashing the files, opening the cached database)

Goals (issue 15): (a) ≤ 1.5 × (b); peak memory of (a) ≤ 300 MiB; (c) warm ≤ 0.4 s.

Run: `.venv/bin/python benchmarks/bench_exports.py [--runs N] [--clients N]`.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

GOAL_RATIO = 1.5
GOAL_PEAK_MIB = 300
GOAL_BUNDLE_SECONDS = 0.4
LOAD = """
import resource, sys
from pathlib import Path
from rekisteri.access.exports import load_exports
indexes = [("varaukset", "asiakas")] if sys.argv[2] == "indexed" else []
connection = load_exports(Path(sys.argv[1]), indexes=indexes)
count = connection.execute("SELECT COUNT(*) FROM varaukset").fetchone()[0]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(count, round(peak, 1))
"""
# The floor for any reader in Python: the standard library's csv into sqlite3, every value kept
# as text as the shell's .import keeps it, nothing checked, no types, no index.
FLOOR = """
import csv, sqlite3, sys
from pathlib import Path
connection = sqlite3.connect(":memory:")
for name in ("asiakkaat", "varaukset"):
    with (Path(sys.argv[1]) / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle, delimiter=";")
        header = next(rows)
        names = ", ".join(f"c{i}" for i in range(len(header)))
        connection.execute(f"CREATE TABLE {name} ({names})")
        marks = ", ".join("?" * len(header))
        connection.executemany(f"INSERT INTO {name} VALUES ({marks})", rows)
print(connection.execute("SELECT COUNT(*) FROM varaukset").fetchone()[0])
"""
# The exports' own part of a warm bundle: read and hash the files, open the cached database.
WARM_PART = """
import sys, time
from pathlib import Path
from rekisteri.access.exports import cached_exports
started = time.perf_counter()
cached_exports(Path(sys.argv[1]), Path(sys.argv[2]), indexes=[("varaukset", "asiakas")])
print(time.perf_counter() - started)
"""


def write_exports(folder: Path, clients: int, bookings: int) -> None:
    rng = random.Random(15)
    first = ["Aino", "Eeva", "Helmi", "Juho", "Laura", "Mikko", "Sanna", "Ville", "Öljy", "Äijä"]
    last = ["Virtanen", "Korhonen", "Nieminen", "Mäkinen", "Hämäläinen", "Koskinen", "Laine"]
    with (folder / "asiakkaat.csv").open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            ["Asiakasnumero", "Etunimi", "Sukunimi", "Sähköposti", "Puhelin", "Syntymäaika"]
        )
        for n in range(1, clients + 1):
            born = date(1940, 1, 1) + timedelta(days=rng.randrange(25000))
            writer.writerow(
                [
                    n,
                    rng.choice(first),
                    rng.choice(last),
                    f"asiakas{n}@example.com",
                    f"040 {n % 1000:03d} {n % 10000:04d}",
                    f"{born.day}.{born.month}.{born.year}",
                ]
            )
    with (folder / "varaukset.csv").open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Varausnumero", "asiakas", "Alkaa", "Palvelu", "Hinta"])
        services = ["Hiustenleikkuu", "Värjäys", "Kampaus", "Parranajo"]
        for n in range(1, bookings + 1):
            day = date(2020, 1, 1) + timedelta(days=rng.randrange(2000))
            writer.writerow(
                [
                    n,
                    rng.randrange(1, clients + 1),
                    f"{day.day}.{day.month}.{day.year} "
                    f"{rng.randrange(8, 18)}.{rng.choice(['00', '30'])}",
                    rng.choice(services),
                    f"{rng.randrange(20, 150)},{rng.choice(['00', '50'])}",
                ]
            )


REGISTER = """\
name = { fi = "Kampaamon asiakasrekisteri", en = "Salon client register" }
schema_version = 2
[notice]
languages = ["fi", "en"]

[controller]
name = "Kampaamo Testi"
email = "tietosuoja@example.com"

[[purposes]]
id = "bookings"
name = { fi = "Ajanvaraukset", en = "Bookings" }
legal_basis = "contract"

[[data_categories]]
id = "contact"
name = { fi = "Yhteystiedot", en = "Contact details" }
purposes = ["bookings"]

[[data_categories]]
id = "bookings"
name = { fi = "Varaukset", en = "Bookings" }
purposes = ["bookings"]

[store]
url = "exports"

[store.subject]
table = "asiakkaat"
key = "Asiakasnumero"
email = "Sähköposti"

[[store.sources]]
category = "contact"
table = "asiakkaat"
columns = ["Etunimi", "Sukunimi", "Sähköposti", "Puhelin"]

[[store.sources]]
category = "bookings"
table = "varaukset"
columns = ["Alkaa", "Palvelu", "Hinta"]
subject_column = "asiakas"
"""


def time_bundle(register: Path, out: Path) -> float:
    """One client's bundle (json, csv, html: no PDF) as a whole process."""
    shutil.rmtree(out, ignore_errors=True)
    cli = Path(sys.executable).parent / "rekisteri"
    started = time.perf_counter()
    subprocess.run(
        [str(cli), "access", str(register), "--email", "asiakas77@example.com", "-o", str(out),
         "--format", "json,csv,html"],
        capture_output=True, check=True,
    )  # fmt: skip
    return time.perf_counter() - started


def time_process(*arguments: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(arguments, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout


def time_rekisteri(folder: Path, indexed: bool) -> tuple[float, float]:
    mode = "indexed" if indexed else "bare"
    elapsed, out = time_process(sys.executable, "-c", LOAD, str(folder), mode)
    _count, peak = out.split()
    return elapsed, float(peak)


def time_sqlite3(folder: Path, sqlite3: str) -> float:
    # A table that does not exist yet is created from the file's first row, as rekisteri does.
    script = (
        ".mode csv\n.separator ;\n"
        f".import {folder / 'asiakkaat.csv'} asiakkaat\n"
        f".import {folder / 'varaukset.csv'} varaukset\n"
        "SELECT COUNT(*) FROM varaukset;\n"
    )
    started = time.perf_counter()
    subprocess.run([sqlite3, ":memory:"], input=script, capture_output=True, text=True, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", type=int, default=100_000)
    args = parser.parse_args()
    sqlite3 = shutil.which("sqlite3")
    if sqlite3 is None:
        sys.exit("the sqlite3 shell is missing: apt-get install sqlite3")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "exports"
        folder.mkdir()
        write_exports(folder, args.clients, args.clients * 10)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1024 / 1024
        ours, bare, floor, theirs, peaks = [], [], [], [], []
        for _ in range(args.runs):
            elapsed, peak = time_rekisteri(folder, indexed=True)
            ours.append(elapsed)
            peaks.append(peak)
            bare.append(time_rekisteri(folder, indexed=False)[0])
            floor.append(time_process(sys.executable, "-c", FLOOR, str(folder))[0])
            theirs.append(time_sqlite3(folder, sqlite3))
        register = Path(tmp) / "register.toml"
        register.write_text(REGISTER, encoding="utf-8")
        cold = time_bundle(register, Path(tmp) / "bundle")
        warm = statistics.median(
            time_bundle(register, Path(tmp) / "bundle") for _ in range(args.runs)
        )
        cache = Path(tmp) / ".rekisteri" / "exports-cache"
        part = statistics.median(
            float(time_process(sys.executable, "-c", WARM_PART, str(folder), str(cache))[1])
            for _ in range(args.runs)
        )
    b = statistics.median(theirs)
    print(
        f"exports: {args.clients:,} clients, {args.clients * 10:,} bookings, "
        f"{size:.0f} MiB of CSV; median of {args.runs} interleaved runs, whole processes"
    )
    print(f"{'figure':48} {'rekisteri':>10} {'sqlite3':>10} {'ratio':>7}   goal")

    def row(figure: str, value: float, peer: float | None = None, goal: str = "") -> None:
        ratio = f"{value / peer:7.2f}" if peer else f"{'':7}"
        shown = f"{peer:10.2f}" if peer else f"{'':10}"
        print(f"{figure:48} {value:10.2f} {shown} {ratio}   {goal}".rstrip())

    a = statistics.median(ours)
    verdict = "PASS" if a / b <= GOAL_RATIO else "MISS"
    row("load CSV into SQLite, with indexes (s)", a, b, f"≤ {GOAL_RATIO}  {verdict}")
    row("load CSV into SQLite, no index as .import (s)", statistics.median(bare), b)
    row("  floor: csv + sqlite3, text only, no checks (s)", statistics.median(floor), b)
    row("one bundle, cold cache (s)", cold)
    verdict = "PASS" if warm <= GOAL_BUNDLE_SECONDS else "MISS"
    row("one bundle, warm cache (s)", warm, goal=f"≤ {GOAL_BUNDLE_SECONDS}  {verdict}")
    row("  of it: read, hash, open the cached exports (s)", part)
    peak = max(peaks)
    verdict = "PASS" if peak <= GOAL_PEAK_MIB else "MISS"
    row("peak memory of rekisteri (MiB)", peak, goal=f"≤ {GOAL_PEAK_MIB}  {verdict}")


if __name__ == "__main__":
    main()
