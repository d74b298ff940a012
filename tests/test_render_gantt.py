"""``poa-desktop render gantt``: the report figure in three formats, written safely."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("name", "magic"), [("g.png", b"\x89PNG"), ("g.pdf", b"%PDF"), ("g.svg", b"<?xml")]
)
def test_render_gantt_writes_each_format(
    cli, db_path: Path, tmp_path: Path, name: str, magic: bytes
) -> None:
    out = tmp_path / name
    status, _, err = cli("--db", db_path, "render", "gantt", out, "--paper", "a4")
    assert status == 0, err
    assert out.read_bytes().startswith(magic)
    assert out.stat().st_size > 10_000
    assert stat.S_IMODE(out.stat().st_mode) & 0o044  # readable by others, like any export
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_the_svg_names_the_plan_and_its_outputs(cli, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.svg"
    cli("--db", db_path, "render", "gantt", out)
    text = out.read_text(encoding="utf-8")
    for words in ("GB.312/POL/2", "KO13", "Biennium 2016–17", "Milestone"):
        assert words in text


def test_an_unknown_format_is_refused(cli, db_path: Path, tmp_path: Path) -> None:
    status, _, err = cli("--db", db_path, "render", "gantt", tmp_path / "g.docx")
    assert status == 2 and "PNG, PDF or SVG" in err and "Traceback" not in err
    assert not (tmp_path / "g.docx").exists()


def test_an_existing_file_is_replaced_whole(cli, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.pdf"
    out.write_bytes(b"old")
    assert cli("--db", db_path, "render", "gantt", out)[0] == 0
    assert out.read_bytes().startswith(b"%PDF")
