"""The network commands: ``render network`` and ``export graphml`` / ``export gexf``."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest


@pytest.mark.parametrize("lens", ["partners", "dependencies"])
def test_render_network_writes_a_figure(cli, db_path: Path, tmp_path: Path, lens: str) -> None:
    out = tmp_path / f"{lens}.png"
    status, _, err = cli("--db", db_path, "render", "network", "--lens", lens, out)
    assert status == 0, err
    assert out.read_bytes().startswith(b"\x89PNG")


def test_export_graphml_reads_back_with_its_attributes(cli, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.graphml"
    assert cli("--db", db_path, "export", "graphml", out)[0] == 0
    graph = nx.read_graphml(out)
    kinds = {data.get("kind") for _, data in graph.nodes(data=True)}
    assert {"partner", "mou"} <= kinds
    assert any(data.get("label") == "ISSA" for _, data in graph.nodes(data=True))


def test_export_gexf_of_the_dependency_lens(cli, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "deps.gexf"
    assert cli("--db", db_path, "export", "gexf", out, "--lens", "dependencies")[0] == 0
    graph = nx.read_gexf(out)
    types = [data["dependency_type"] for _, _, data in graph.edges(data=True)]
    assert sum(kind in ("FS", "SS", "FF", "SF") for kind in types) == 21  # the plan's own


def test_a_file_named_for_the_other_format_is_refused(cli, db_path: Path, tmp_path: Path) -> None:
    status, _, err = cli("--db", db_path, "export", "gexf", tmp_path / "x.graphml")
    assert status == 2 and "gexf" in err and "Traceback" not in err
