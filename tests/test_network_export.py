"""GraphML and GEXF read back by networkx with every attribute; the matplotlib figure in
three formats, written safely; bad names refused before anything is written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from poa_desktop.domain.errors import UserError
from poa_desktop.domain.network import DEPENDENCIES, PARTNERS
from poa_desktop.services.network_export import (
    export_graph_command,
    exportable,
    render_network,
    render_network_command,
    write_graph,
)
from poa_desktop.services.network_service import NetworkService


@pytest.fixture
def service(database) -> NetworkService:  # type: ignore[no-untyped-def]
    return NetworkService(database, today=lambda: date(2014, 6, 1))


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """An empty folder for what is written (the database file sits in ``tmp_path``)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def read_back(path: Path):  # type: ignore[no-untyped-def]
    return nx.read_graphml(path) if path.suffix == ".graphml" else nx.read_gexf(path)


@pytest.mark.parametrize("lens", [PARTNERS, DEPENDENCIES])
@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_the_graph_reads_back_with_every_attribute(
    service, shipped_plan, out_dir: Path, lens: str, suffix: str
) -> None:
    graph = service.network(shipped_plan.uuid, lens).graph
    out = write_graph(graph, out_dir / f"net{suffix}")
    back = read_back(out)
    plain = exportable(graph)
    assert set(back.nodes) == set(graph.nodes)
    assert back.number_of_edges() == graph.number_of_edges()
    for node, data in plain.nodes(data=True):
        assert back.nodes[node] == data, node  # every attribute, same value and type

    def edges(g) -> list[tuple]:  # type: ignore[no-untyped-def]  # GEXF adds an edge "id"
        rows = [
            (u, v, sorted((k, x) for k, x in d.items() if k != "id"))
            for u, v, d in g.edges(data=True)
        ]
        return sorted(rows, key=repr)

    assert edges(back) == edges(plain)
    assert [p.name for p in out_dir.iterdir() if p.name.startswith(".")] == []


def test_exported_attributes_are_of_types_graphml_allows(service, shipped_plan) -> None:
    graph = exportable(service.network(shipped_plan.uuid, DEPENDENCIES).graph)
    for _, data in graph.nodes(data=True):
        assert all(type(value) in (str, int, float, bool) for value in data.values())
    issa = exportable(service.network(shipped_plan.uuid, PARTNERS).graph)
    [node] = [d for _, d in issa.nodes(data=True) if d["label"] == "MOU-ISSA"]
    assert (node["target_date"], node["mou_status"], node["overdue"]) == (
        "2011-12-31",
        "negotiating",
        True,
    )
    assert "components" not in issa.graph and issa.graph["lens"] == PARTNERS


def test_the_command_picks_the_format_from_the_suffix(database, shipped_plan, out_dir) -> None:
    out = export_graph_command(database, shipped_plan.uuid, PARTNERS, out_dir / "p.GEXF")
    assert out.read_bytes().startswith(b"<?xml") and b"<gexf" in out.read_bytes()
    out = export_graph_command(database, shipped_plan.uuid, PARTNERS, out_dir / "p.graphml")
    assert b"<graphml" in out.read_bytes() and b"ISSA" in out.read_bytes()


def test_the_subcommand_and_the_suffix_must_agree(database, shipped_plan, out_dir) -> None:
    with pytest.raises(UserError, match=r"export graphml writes a \*\.graphml file"):
        export_graph_command(database, shipped_plan.uuid, PARTNERS, out_dir / "p.gexf", "graphml")
    assert list(out_dir.iterdir()) == []
    out = export_graph_command(
        database, shipped_plan.uuid, DEPENDENCIES, out_dir / "d.gexf", "gexf"
    )
    assert out.exists()


@pytest.mark.parametrize("name", ["net.csv", "net", "net.png"])
def test_an_unknown_graph_format_is_refused(database, shipped_plan, out_dir, name) -> None:
    with pytest.raises(UserError, match="GraphML or GEXF"):
        export_graph_command(database, shipped_plan.uuid, PARTNERS, out_dir / name)
    assert list(out_dir.iterdir()) == []


@pytest.mark.parametrize(
    ("lens", "name", "magic"),
    [
        (PARTNERS, "n.png", b"\x89PNG"),
        (PARTNERS, "n.pdf", b"%PDF"),
        (DEPENDENCIES, "n.svg", b"<?xml"),
        (DEPENDENCIES, "n.png", b"\x89PNG"),
    ],
)
def test_render_writes_each_format(database, shipped_plan, out_dir, lens, name, magic) -> None:
    out = render_network_command(database, shipped_plan.uuid, lens, out_dir / name)
    assert out.read_bytes().startswith(magic)
    assert out.stat().st_size > 10_000
    assert [p.name for p in out_dir.iterdir() if p.name.startswith(".")] == []


def test_the_svg_names_issa_the_regional_associations_and_the_mous(
    database, shipped_plan, out_dir
) -> None:
    out = render_network_command(database, shipped_plan.uuid, PARTNERS, out_dir / "n.svg")
    text = out.read_text(encoding="utf-8")
    for words in ("ISSA", "ECASSA", "CIPRESS", "CIESS", "MOU-ISSA", "MOU-SPF-IA", "Legend"):
        assert words in text, words


def test_the_figure_is_the_same_from_run_to_run(service, shipped_plan, out_dir) -> None:
    graph = service.network(shipped_plan.uuid, PARTNERS).graph
    first = render_network(graph, PARTNERS, out_dir / "a.svg").read_bytes()
    assert render_network(graph, PARTNERS, out_dir / "b.svg").read_bytes() == first


@pytest.mark.parametrize(
    ("lens", "name", "paper", "words"),
    [
        (PARTNERS, "n.docx", "a4", "PNG, PDF or SVG"),
        ("people", "n.png", "a4", "No network lens"),
        (PARTNERS, "n.png", "letter", "paper size"),
    ],
)
def test_bad_requests_are_refused(service, shipped_plan, out_dir, lens, name, paper, words) -> None:
    graph = service.network(shipped_plan.uuid, PARTNERS).graph
    with pytest.raises(UserError, match=words):
        render_network(graph, lens, out_dir / name, paper)
    assert list(out_dir.iterdir()) == []


def test_an_existing_file_is_replaced_whole(database, shipped_plan, out_dir) -> None:
    out = out_dir / "n.pdf"
    out.write_bytes(b"old")
    render_network_command(database, shipped_plan.uuid, DEPENDENCIES, out)
    assert out.read_bytes().startswith(b"%PDF")


def test_an_unknown_lens_is_refused_by_the_commands(database, shipped_plan, out_dir) -> None:
    with pytest.raises(UserError, match="partners or dependencies"):
        render_network_command(database, shipped_plan.uuid, "people", out_dir / "n.png")
    with pytest.raises(UserError, match="partners or dependencies"):
        export_graph_command(database, shipped_plan.uuid, "people", out_dir / "n.gexf")
