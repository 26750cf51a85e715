"""`rekisteri access --review`, `--release` and `--withhold` as a practitioner types them."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from typer.testing import CliRunner

from rekisteri.cli import app
from rekisteri.operations import requests as rq

AINO = ["--email", "aino.virtanen@example.com"]
LIGHT = ["--format", "json,csv"]
WHY = "Merkintöjen antaminen nyt voisi vaarantaa hoidon."


def run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def test_held_data_without_a_decision_exits_1_naming_the_flags(
    demo_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "aino"
    code, output = run("access", demo_path, *AINO, "-o", out, *LIGHT)
    assert code == 1, output
    assert "health (Terapia- ja terveystiedot)" in output and "nothing was written" in output
    assert "hint: run the command again with --review" in output
    assert "--release CATEGORY or --withhold CATEGORY --reason TEXT --ground" in output
    assert "Traceback" not in output
    assert not (tmp_path / "out").exists()


def test_review_writes_only_the_private_copy_and_says_how_to_decide(
    demo_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "aino"
    code, output = run("access", demo_path, *AINO, "-o", out, "--review")
    assert code == 0, output
    copy = tmp_path / "out" / "aino.review.html"
    assert f"kirjoitettu: {copy} (tarkistuskopio ammattihenkilölle" in output
    assert "health: Terapia- ja terveystiedot (1 rivi)" in output
    assert "--release health  tai  --withhold health --reason TEXT --ground" in output
    assert not out.exists()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    code, output = run("access", demo_path, *AINO, "-o", out, "--release", "health", *LIGHT)
    assert code == 0, output
    assert "annettu tarkistuksen jälkeen: health" in output
    assert f"tarkistuskopio poistettu: {copy}" in output and not copy.exists()


def test_withhold_with_reason_and_ground(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "aino"
    code, output = run(
        "access", demo_path, *AINO, "-o", out, *LIGHT,
        "--withhold", "health", "--reason", WHY, "--ground", "health-or-care",
    )  # fmt: skip
    assert code == 0, output
    assert f"pidätetty: health (health-or-care: {WHY})" in output
    data = json.loads((out / "data.json").read_text(encoding="utf-8"))
    assert "health" not in [category["id"] for category in data["categories"]]
    assert not (out / "csv" / "health.csv").exists()


def test_bad_decisions_exit_1_and_release_nothing(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "aino"
    cases = [
        (["--withhold", "health", "--ground", "health-or-care"], "needs --reason TEXT"),
        (["--withhold", "health", "--reason", WHY], "needs --ground, the ground of section 34"),
        (
            ["--withhold", "health", "--reason", WHY, "--ground", "helth"],
            "--ground 'helth' is not a ground of section 34",
        ),
        (["--release", "helth"], "--release names 'helth', which is not a data category"),
        (["--release", "billing"], "'billing', which is not held for review"),
        (["--withhold", "billing", "--reason", WHY, "--ground", "health-or-care"], "--withhold"),
    ]
    for given, expected in cases:
        code, output = run("access", demo_path, *AINO, "-o", out, *LIGHT, *given)
        assert code == 1, (given, output)
        assert expected in output, (given, output)
        assert "Traceback" not in output
    assert "did you mean 'health-or-care'?" in run(
        "access", demo_path, *AINO, "-o", out, "--withhold", "health", "--reason", WHY,
        "--ground", "helth",
    )[1]  # fmt: skip
    # Withholding data the person does not have: the store is not what was reviewed.
    code, output = run(
        "access", demo_path, "--id", "3", "-o", out, *LIGHT,
        "--withhold", "health", "--reason", WHY, "--ground", "health-or-care",
    )  # fmt: skip
    assert code == 1 and "holding no data about this person" in output
    assert not (tmp_path / "out").exists()


def test_review_options_that_do_not_go_together_are_usage_errors(
    demo_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "aino"
    for given, expected in [
        (["--review", "--release", "health"], "give --release or --withhold in the next run"),
        (["--reason", WHY], "each --reason and --ground goes with a --withhold"),
        (["--withhold", "health", "--reason", "a", "--reason", "b"], "goes with a --withhold"),
    ]:
        code, output = run("access", demo_path, *AINO, "-o", out, *given)
        assert code == 2 and expected in output, (given, output)
    code, output = run("access", demo_path, "--all", "-o", out, "--review")
    assert code == 2 and "--review is for one person's request" in output
    code, output = run(
        "access", demo_path, "--all", "-o", out, "--withhold", "health", "--reason", WHY
    )
    assert code == 2 and "withholding is decided for one person's request" in output
    assert not (tmp_path / "out").exists()


def test_every_subject_needs_the_held_categories_released(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "all"
    code, output = run("access", demo_path, "--all", "-o", out, "--format", "json")
    assert code == 1 and "hint: give --release health with --all" in output
    assert not out.exists()
    code, output = run(
        "access", demo_path, "--all", "-o", out, "--format", "json", "--release", "health"
    )
    assert code == 0, output
    assert "kirjoitettu 20 pakettia" in output


def test_a_logged_request_records_the_decision(demo_path: Path, tmp_path: Path) -> None:
    log = rq.log_path(demo_path)
    rq.add_request(log, type="access", subject="Aino Virtanen", received=rq.today())
    out = tmp_path / "out" / "aino"
    code, output = run("access", demo_path, *AINO, "-o", out, "--request", "1", "--review")
    assert code == 0, output
    assert "Pyynnön tunnus" in (tmp_path / "out" / "aino.review.html").read_text(encoding="utf-8")
    assert "R-1" in (tmp_path / "out" / "aino.review.html").read_text(encoding="utf-8")
    code, output = run(
        "access", demo_path, *AINO, "-o", out, "--request", "1", *LIGHT,
        "--withhold", "health", "--reason", WHY, "--ground", "health-or-care",
    )  # fmt: skip
    assert code == 0, output
    assert f"pidätetty: health (health-or-care: {WHY})" in output
    assert rq.recorded_decisions(log, 1) == [
        {"category": "health", "released": False, "reason": WHY, "ground": "health-or-care"}
    ]
    assert rq.verify_log(log).ok
