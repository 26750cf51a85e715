"""Build a large demo store deterministically, for the access benchmarks.

The tables are those of ``examples/terhi-kallio/store.sql`` (so the example register's mapping
reads them), filled from a seeded random generator: the same arguments give the same file.

    python benchmarks/gen_store.py out.sqlite --clients 100000 --appointments 1000000 \\
        --invoices 300000 --feedback 50000 --consents 200000
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORE_SQL = ROOT / "examples" / "terhi-kallio" / "store.sql"

FIRST = ["Aino", "Mikko", "Liisa", "Jussi", "Sanna", "Pekka", "Riitta", "Timo", "Outi", "Jari"]
LAST = ["Virtanen", "Mäkinen", "Nieminen", "Heikkinen", "Koskinen", "Järvinen", "Lehtonen"]
SERVICES = ["Psykoterapia 45 min", "Psykoterapia 60 min", "Hyvinvointivalmennus"]
_HETU = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def schema() -> str:
    """The CREATE statements of the demo store, without its rows."""
    text = STORE_SQL.read_text(encoding="utf-8")
    return "\n".join(
        statement + ";"
        for statement in re.split(r";\s*\n", text)
        if statement.strip().upper().lstrip("- \n").startswith("CREATE") or "\nCREATE" in statement
    )


def hetu(index: int) -> str:
    """A valid, fictional identity code (individual numbers 900-999 are never given)."""
    born = date(1940, 1, 1) + timedelta(days=index // 100)
    number = 900 + index % 100
    digits = f"{born:%d%m%y}{number:03d}"
    sign = "-" if born.year < 2000 else "A"
    return f"{born:%d%m%y}{sign}{number:03d}{_HETU[int(digits) % 31]}"


def _moment(rng: random.Random) -> str:
    start = datetime(2020, 1, 1, 8)
    return (start + timedelta(minutes=rng.randrange(0, 60 * 24 * 1500))).strftime(
        "%Y-%m-%d %H:%M:00"
    )


def _day(rng: random.Random) -> str:
    return (date(2020, 1, 1) + timedelta(days=rng.randrange(0, 1500))).isoformat()


def generate(
    path: Path,
    *,
    clients: int,
    appointments: int,
    invoices: int,
    feedback: int,
    consents: int,
    seed: int = 2024,
) -> None:
    if path.exists():
        path.unlink()
    rng = random.Random(seed)
    connection = sqlite3.connect(path)
    connection.executescript(schema())
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")

    def insert(table: str, columns: str, rows: Iterator[tuple[object, ...]]) -> None:
        marks = ", ".join("?" for _ in columns.split(","))
        connection.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)

    def client_rows() -> Iterator[tuple[object, ...]]:
        for i in range(1, clients + 1):
            created = _moment(rng)
            yield (
                i,
                rng.choice(FIRST),
                rng.choice(LAST),
                hetu(i),
                (date(1940, 1, 1) + timedelta(days=i // 100)).isoformat(),
                f"client{i}@example.com",
                f"040 {i // 10000:03d} {i % 10000:04d}",
                f"Kuja {i % 200}",
                "05800",
                "Hyvinkää",
                created,
                created,
            )

    def client() -> int:
        return rng.randrange(1, clients + 1)

    insert(
        "clients",
        "id, first_name, last_name, hetu, birth_date, email, phone, street, postal_code, city,"
        " created_at, updated_at",
        client_rows(),
    )
    insert(
        "appointments",
        "client_id, starts_at, minutes, service, status",
        (
            (client(), _moment(rng), rng.choice([45, 60, 90]), rng.choice(SERVICES), "toteutunut")
            for _ in range(appointments)
        ),
    )
    insert(
        "invoices",
        "client_id, number, invoice_date, due_date, amount, paid_at",
        (
            (client(), f"{n:07d}", _day(rng), _day(rng), rng.choice([95, 110, 180]), _day(rng))
            for n in range(invoices)
        ),
    )
    insert(
        "collection_cases",
        "invoice_id, opened_at, agency, stage",
        (
            (rng.randrange(1, invoices + 1), _day(rng), "Perintä Oy", "perintäkirje")
            for _ in range(invoices // 50)
        ),
    )
    insert(
        "feedback",
        "client_id, given_at, rating, comment, may_publish",
        (
            (client(), _day(rng), rng.randrange(1, 6), "Kiitos.", rng.random() < 0.5)
            for _ in range(feedback)
        ),
    )
    insert(
        "marketing_events",
        "client_id, recorded_at, channel, choice",
        (
            (client(), _moment(rng), "sähköposti", rng.choice(["suostumus", "kielto"]))
            for _ in range(consents)
        ),
    )
    insert(
        "contacts",
        "client_id, contacted_at, channel, summary",
        ((client(), _moment(rng), "puhelin", "Kysyi aikoja") for _ in range(clients)),
    )
    insert(
        "therapy_notes",
        "client_id, written_at, author, entry",
        ((client(), _moment(rng), "Terhi Kallio", "Käynti.") for _ in range(clients * 2)),
    )
    insert(
        "next_of_kin",
        "client_id, name, relation, phone",
        ((client(), "Kalle Virtanen", "puoliso", "045 111 2222") for _ in range(clients // 5)),
    )
    insert(
        "notes",
        "client_id, kind, written_at, note",
        ((client(), "wish", _day(rng), "Aamupäivät.") for _ in range(clients // 3)),
    )
    connection.commit()
    connection.execute("ANALYZE")
    connection.commit()
    connection.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--appointments", type=int, default=1_000_000)
    parser.add_argument("--invoices", type=int, default=300_000)
    parser.add_argument("--feedback", type=int, default=50_000)
    parser.add_argument("--consents", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    generate(
        args.path,
        clients=args.clients,
        appointments=args.appointments,
        invoices=args.invoices,
        feedback=args.feedback,
        consents=args.consents,
        seed=args.seed,
    )
    size = args.path.stat().st_size / 1048576
    print(
        f"wrote {args.path} ({size:.0f} MiB) in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
