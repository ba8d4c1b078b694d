"""One look for every figure, and figures written so that the same data give the same bytes."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # figures are files; no display is needed or wanted

import matplotlib.lines  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

from .paths import figures_dir  # noqa: E402

# Okabe & Ito (2008), a palette distinguishable with the common colour-vision deficiencies.
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
CYCLE = [PALETTE[name] for name in ("blue", "orange", "bluish_green", "vermillion",
                                    "reddish_purple", "sky_blue", "yellow", "black")]
AMCENESTRANT = PALETTE["blue"]
COMPARATOR = PALETTE["orange"]

STYLE = {
    "axes.prop_cycle": matplotlib.cycler(color=CYCLE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "figure.dpi": 100,
    "savefig.dpi": 120,
    "savefig.bbox": "tight",
    "svg.hashsalt": "amcenestrant-book",  # fixed ids inside SVG files
    "svg.fonttype": "path",  # text as outlines: no font needed to view the SVG
}


def use_book_style() -> None:
    """Apply the book's style to every later figure of this session."""
    plt.rcParams.update(STYLE)


def save_figure(fig, name: str, root: Path | None = None) -> list[Path]:
    """Write `fig` as figures/<name>.svg and .png, without dates or software stamps."""
    directory = figures_dir(root)
    directory.mkdir(exist_ok=True)
    paths = [directory / f"{name}.svg", directory / f"{name}.png"]
    with plt.rc_context({"svg.hashsalt": STYLE["svg.hashsalt"]}):
        fig.savefig(paths[0], format="svg", metadata={"Date": None, "Creator": None})
        fig.savefig(paths[1], format="png", metadata={"Software": None})
    return paths


EDGE_STYLES = {
    "activates": {"color": PALETTE["bluish_green"], "arrowstyle": "-|>", "linestyle": "-"},
    "produces": {"color": PALETTE["bluish_green"], "arrowstyle": "-|>", "linestyle": "-"},
    "transcribes": {"color": PALETTE["bluish_green"], "arrowstyle": "-|>", "linestyle": "-"},
    "binds": {"color": PALETTE["blue"], "arrowstyle": "-|>", "linestyle": "-"},
    "inhibits": {"color": PALETTE["vermillion"], "arrowstyle": "-[", "linestyle": "-"},
    "degrades": {"color": PALETTE["vermillion"], "arrowstyle": "-|>", "linestyle": "--"},
    "crosstalk": {"color": PALETTE["reddish_purple"], "arrowstyle": "<|-|>", "linestyle": ":"},
    "leads_to": {"color": PALETTE["black"], "arrowstyle": "-|>", "linestyle": "-"},
}


def layered_layout(edges: list[tuple[str, str]], nodes: list[str]) -> dict[str, tuple[float, float]]:
    """Positions for a left-to-right diagram: a node's column is its longest path from a source
    along `edges` (a cycle stops growing at the number of nodes), rows in order of `nodes`."""
    depth = dict.fromkeys(nodes, 0)
    for _ in nodes:
        changed = False
        for upstream, downstream in edges:
            if depth[upstream] + 1 > depth[downstream] and depth[upstream] + 1 < len(nodes):
                depth[downstream] = depth[upstream] + 1
                changed = True
        if not changed:
            break
    columns: dict[int, list[str]] = {}
    for node in nodes:
        columns.setdefault(depth[node], []).append(node)
    return {
        node: (1.6 * level, 1.1 * ((len(column) - 1) / 2 - row))
        for level, column in columns.items()
        for row, node in enumerate(column)
    }


def diagram(edges, ax, node_colours: dict[str, str] | None = None,
            positions: dict[str, tuple[float, float]] | None = None, wrap: int = 16) -> None:
    """Draw directed edges (rows with from_node, to_node, relation) as a layered diagram.

    `positions` (optional) places every node at a given (x, y) instead of the layered layout;
    arrows then start and end at the node boxes (drawn after them, so that each box has its
    final place when an arrow is clipped to it), so boxes of any size can sit close together.
    `wrap` is the line width of node labels in characters."""
    nodes = list(dict.fromkeys([*edges.from_node, *edges.to_node]))
    if positions is None:
        directed = edges[edges.relation != "crosstalk"]
        position = layered_layout(list(zip(directed.from_node, directed.to_node, strict=True)), nodes)
        _layered_arrows(edges, ax, position)
        for node, (x, y) in position.items():
            colour = (node_colours or {}).get(node, "#FFFFFF")
            ax.text(x, y, textwrap.fill(node, wrap), ha="center", va="center", fontsize=8,
                    bbox={"boxstyle": "round,pad=0.35", "facecolor": colour, "edgecolor": "#555555"})
        margin_x, margin_y = 0.8, 0.7
    else:
        missing = [node for node in nodes if node not in positions]
        if missing:
            raise KeyError(f"no position given for node(s): {', '.join(missing)}")
        position = {node: positions[node] for node in nodes}
        boxes = {}
        for node, (x, y) in position.items():
            colour = (node_colours or {}).get(node, "#FFFFFF")
            boxes[node] = ax.text(x, y, textwrap.fill(node, wrap), ha="center", va="center", fontsize=8,
                                  zorder=2, bbox={"boxstyle": "round,pad=0.35", "facecolor": colour,
                                                  "edgecolor": "#555555"})
        for edge in edges.itertuples():
            style = EDGE_STYLES[edge.relation]
            start, end = boxes[edge.from_node], boxes[edge.to_node]
            ax.annotate(
                "", xy=(0.5, 0.5), xycoords=end, xytext=(0.5, 0.5), textcoords=start, zorder=3,
                arrowprops={"arrowstyle": style["arrowstyle"], "color": style["color"],
                            "linestyle": style["linestyle"], "shrinkA": 2, "shrinkB": 2,
                            "patchA": start.get_bbox_patch(), "patchB": end.get_bbox_patch(),
                            "connectionstyle": "arc3,rad=0.08", "linewidth": 1.3},
            )
        margin_x, margin_y = 0.9, 0.6
    xs = [x for x, _ in position.values()]
    ys = [y for _, y in position.values()]
    ax.set_xlim(min(xs) - margin_x, max(xs) + margin_x)
    ax.set_ylim(min(ys) - margin_y, max(ys) + margin_y)
    ax.axis("off")
    labels: dict[tuple[str, str], list[str]] = {}
    for relation in dict.fromkeys(edges.relation):
        style = EDGE_STYLES[relation]
        labels.setdefault((style["color"], style["linestyle"]), []).append(relation)
    handles = [matplotlib.lines.Line2D([], [], color=colour, linestyle=line, label=" / ".join(names))
               for (colour, line), names in labels.items()]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, -0.08), ncol=len(handles),
              frameon=False, fontsize=8)


def _layered_arrows(edges, ax, position) -> None:
    for edge in edges.itertuples():
        style = EDGE_STYLES[edge.relation]
        ax.annotate(
            "", xy=position[edge.to_node], xytext=position[edge.from_node],
            arrowprops={"arrowstyle": style["arrowstyle"], "color": style["color"],
                        "linestyle": style["linestyle"], "shrinkA": 28, "shrinkB": 28,
                        "connectionstyle": "arc3,rad=0.08", "linewidth": 1.3},
        )


def save_svg_text(svg: str, name: str, root: Path | None = None) -> Path:
    """Write SVG markup made elsewhere (an RDKit depiction) as figures/<name>.svg."""
    directory = figures_dir(root)
    directory.mkdir(exist_ok=True)
    path = directory / f"{name}.svg"
    path.write_text(svg, encoding="utf-8")
    return path
