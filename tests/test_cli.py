"""The headless command line: every command, and every bad-input path.

Bad input must give one line on stderr naming what and where, exit status 2, no
traceback, and an unchanged database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from documents import document
from poa_desktop import __version__

Cli = Callable[..., tuple[int, str, str]]


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def export_text(cli: Cli, db: Path) -> str:
    status, out, err = cli("--db", db, "export", "json", "-")
    assert status == 0, err
    return out


def assert_one_line_error(status: int, out: str, err: str, *fragments: str) -> None:
    assert status == 2
    assert "Traceback" not in err + out
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("poa-desktop: ")
    for fragment in fragments:
        assert fragment in lines[0]


def test_version(cli: Cli) -> None:
    status, out, _ = cli("--version")
    assert status == 0 and out.strip() == f"poa-desktop {__version__}"


def test_init_empty_then_import_then_summary(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "plans.sqlite"
    status, out, _ = cli("--db", db, "init", "--empty")
    assert status == 0 and "with no plan" in out
    status, _, err = cli("--db", db, "summary")
    assert_one_line_error(status, "", err, "holds no plan")

    status, out, _ = cli("import", "json", write_json(tmp_path / "p.json", document()), "--db", db)
    assert status == 0 and "Imported 'Test plan' (test-plan)" in out

    status, out, _ = cli("--db", db, "summary", "--json")
    summary = json.loads(out)
    assert summary["plan"]["code"] == "test-plan"
    assert summary["counts"]["components"] == 2
    assert summary["counts"]["cross_cutting_lines"] == 1
    assert summary["key_outputs"] == [
        {
            "number": 1,
            "code": "KO1",
            "title": "Guide",
            "component": "I",
            "start_year": 2020,
            "end_year": 2021,
            "timing_text": "",
            "status": "not_started",
            "percent_complete": 0,
        }
    ]


def test_round_trip_is_byte_identical(cli: Cli, tmp_path: Path) -> None:
    first_db, second_db = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    cli("--db", first_db, "init", "--empty")
    cli("--db", first_db, "import", "json", write_json(tmp_path / "in.json", document()))
    exported = tmp_path / "out.json"
    status, _, err = cli("--db", first_db, "export", "json", exported)
    assert status == 0, err
    cli("--db", second_db, "init", "--empty")
    assert cli("--db", second_db, "import", "json", exported)[0] == 0
    again = tmp_path / "again.json"
    cli("--db", second_db, "export", "json", again)
    assert again.read_bytes() == exported.read_bytes()
    assert exported.read_bytes().endswith(b"}\n")


def test_import_into_a_new_file_does_not_add_the_shipped_plan(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    assert cli("--db", db, "import", "json", write_json(tmp_path / "p.json", document()))[0] == 0
    _status, out, _ = cli("--db", db, "summary", "--json")
    assert json.loads(out)["plan"]["code"] == "test-plan"


@pytest.mark.parametrize(
    ("make_input", "fragments"),
    [
        (lambda d: d / "missing.json", ["missing.json: no such file"]),
        (lambda d: d, ["is a folder"]),
        (
            lambda d: _text(d / "x.json", "{not json"),
            ["x.json: not valid JSON at line 1, column 2"],
        ),
        (lambda d: _bytes(d / "x.json", b"\xff\xfe\x00garbage"), ["not UTF-8 text"]),
        (lambda d: _text(d / "x.json", "[1, 2]"), ["holds a list, not a plan document"]),
        (lambda d: _text(d / "x.json", '{"a": NaN}'), ["not valid JSON"]),
        (
            lambda d: write_json(d / "x.json", {**document(), "format": "other"}),
            ["this is not a poa-desktop plan file"],
        ),
        (
            lambda d: write_json(d / "x.json", _bad_reference()),
            ["activities[0] (I.1).component: unknown component 'IX'"],
        ),
        (
            lambda d: write_json(d / "x.json", _bad_date()),
            ["means_of_action[1] (I.1(ii)).end: '2021-02-30' is not a date"],
        ),
        (
            lambda d: write_json(d / "x.json", _shipped_code()),
            ["already holds a plan 'ilo-ss-2011-19'", "--replace"],
        ),
    ],
)
def test_bad_imports_change_nothing(
    cli: Cli,
    db_path: Path,
    tmp_path: Path,
    make_input: Callable[[Path], Path],
    fragments: list[str],
) -> None:
    before = export_text(cli, db_path)
    folder = tmp_path / "inputs"
    folder.mkdir()
    status, out, err = cli("--db", db_path, "import", "json", make_input(folder))
    assert_one_line_error(status, out, err, *fragments)
    assert export_text(cli, db_path) == before


def test_replace_imports_over_a_plan_in_one_step(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    status, exported, _ = cli("--db", db_path, "export", "json", "-")
    data = json.loads(exported)
    data["activities"][0]["title"] = "Retitled"
    status, _, err = cli(
        "--db", db_path, "import", "json", write_json(tmp_path / "p.json", data), "--replace"
    )
    assert status == 0, err
    assert json.loads(export_text(cli, db_path))["activities"][0]["title"] == "Retitled"


def test_a_failed_import_into_a_new_file_leaves_no_file(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    bad = document()
    bad["dependencies"].append({"from": "I.1(i)", "to": "I.1(ii)"})  # a repeated pair
    status, out, err = cli("--db", db, "import", "json", write_json(tmp_path / "bad.json", bad))
    assert_one_line_error(status, out, err, "repeats dependencies[0]")
    assert not db.exists()


def test_unknown_plan_and_several_plans(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    status, out, err = cli("--db", db_path, "--plan", "nope", "summary")
    assert_one_line_error(status, out, err, "No plan 'nope'", "ilo-ss-2011-19")
    cli("--db", db_path, "import", "json", write_json(tmp_path / "p.json", document()))
    status, out, err = cli("--db", db_path, "summary")
    assert_one_line_error(status, out, err, "holds 2 plans", "--plan")
    status, out, _ = cli("--db", db_path, "summary", "--plan", "test-plan")
    assert status == 0 and out.startswith("Test plan (test-plan)")


def test_export_to_a_missing_folder_is_refused(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    status, out, err = cli("--db", db_path, "export", "json", tmp_path / "no" / "such" / "p.json")
    assert_one_line_error(status, out, err, "no such folder")


def test_db_option_naming_a_folder_or_a_bad_url(cli: Cli, tmp_path: Path) -> None:
    status, out, err = cli("--db", tmp_path, "summary")
    assert_one_line_error(status, out, err, "is a folder")
    status, out, err = cli("--db", "nosuchdriver://x", "summary")
    assert status == 2 and "Traceback" not in err
    folder = tmp_path / "new"
    status, out, err = cli("--db", f"sqlite:///{folder}/plan.sqlite?mode=ro&uri=true", "summary")
    assert_one_line_error(status, out, err, "options after '?' in a SQLite URL")
    assert not folder.exists()  # nothing made (the driver made "plan.sqlite?mode=ro")


def test_poa_db_url_chooses_the_database(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "env.sqlite"
    monkeypatch.setenv("POA_DB_URL", str(db))
    cli("init", "--empty")
    assert db.exists()


def test_default_database_is_in_the_user_data_folder(cli: Cli) -> None:
    from poa_desktop.config import default_database_path

    assert not default_database_path().exists()
    status, out, _ = cli("summary", "--json")
    assert status == 0
    assert json.loads(out)["plan"]["code"] == "ilo-ss-2011-19"
    assert default_database_path().exists()
    assert str(default_database_path()).startswith(os.environ["XDG_DATA_HOME"])


def test_check_prints_findings_and_totals(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    bad = document()
    bad["means_of_action"][2]["title"] = "In conjunction with II.4(iv)"
    cli("--db", db, "import", "json", write_json(tmp_path / "p.json", bad))
    status, out, _ = cli("--db", db, "check")
    assert status == 0
    assert "error    [dangling-reference] II.1(i): refers to 'II.4(iv)'" in out
    status, out, _ = cli("--db", db, "check", "--json")
    report = json.loads(out)
    assert report["totals"]["error"] == 1
    assert report["findings"][0]["subject"] == "II.1(i)"


def test_no_display_gives_one_line_and_points_to_the_headless_commands(tmp_path: Path) -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    result = subprocess.run(
        [sys.executable, "-m", "poa_desktop", "--db", str(tmp_path / "x.sqlite")],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if not sys.platform.startswith("linux"):
        pytest.skip("display detection is for Linux")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "no display found" in result.stderr and "summary" in result.stderr


def test_an_unexpected_error_is_logged_not_shown(
    cli: Cli, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from poa_desktop.config import log_path
    from poa_desktop.services import plan_service

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(plan_service.PlanService, "counts", broken)
    status, _out, err = cli("--db", db_path, "summary")
    assert status == 1
    assert "Traceback" not in err and "RuntimeError: boom" in err
    assert "Traceback" in log_path().read_text()


def _text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _bad_reference() -> dict:
    data = document()
    data["activities"][0]["component"] = "IX"
    return data


def _bad_date() -> dict:
    data = document()
    data["means_of_action"][1]["end"] = "2021-02-30"
    return data


def _shipped_code() -> dict:
    data = document()
    data["plan"]["code"] = "ilo-ss-2011-19"
    return data
