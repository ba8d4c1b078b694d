"""One look for every figure, drawn at the size the book shows it, and figures written so that the
same data give the same bytes.

Importing this module changes nothing: the chapter runner chooses the backend (MPLBACKEND=Agg)
and a chapter applies the style with `use_book_style()`. A figure is at most `COLUMN_WIDTH_IN`
wide, the width of the book's text column (about 670 CSS px at 1280x900), so that its 8 pt text
is shown at about 10 CSS px or more."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import matplotlib
import matplotlib.lines
import matplotlib.pyplot as plt
import matplotlib.text
import matplotlib.ticker
import numpy as np

from .paths import figures_dir

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

COLUMN_WIDTH_IN = 6.9  # the text column of the theme at 1280x900, in inches at 96 px per inch
COLUMN_WIDTH_PX = round(COLUMN_WIDTH_IN * 96)
MIN_FONT_PT = 8  # the smallest text a figure may carry

STYLE = {
    "axes.prop_cycle": matplotlib.cycler(color=CYCLE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"],
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "xtick.labelsize": MIN_FONT_PT,
    "ytick.labelsize": MIN_FONT_PT,
    "legend.fontsize": MIN_FONT_PT,
    "legend.title_fontsize": MIN_FONT_PT,
    "figure.titlesize": 10,
    "figure.figsize": (COLUMN_WIDTH_IN, 3.6),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "svg.hashsalt": "amcenestrant-book",  # fixed ids inside SVG files
    # Text stays text (selectable, searchable, its size measurable), in the fonts listed above
    # with a generic fallback; the browser draws it. Markup in labels is escaped by matplotlib.
    "svg.fonttype": "none",
}


def use_book_style() -> None:
    """Apply the book's style to every later figure of this session."""
    plt.rcParams.update(STYLE)


def save_figure(fig, name: str, root: Path | None = None) -> list[Path]:
    """Write `fig` as figures/<name>.svg and .png, without dates or software stamps. A figure
    wider than the text column (as saved, labels outside the axes included), or with text
    under 8 pt, is refused."""
    small = sorted({round(t.get_fontsize(), 2) for t in fig.findobj(matplotlib.text.Text)
                    if t.get_text().strip() and t.get_visible() and t.get_fontsize() < MIN_FONT_PT})
    if small:
        raise ValueError(f"figure {name!r} has text at {small} pt; the smallest allowed is {MIN_FONT_PT} pt")
    directory = figures_dir(root)
    directory.mkdir(exist_ok=True)
    paths = [directory / f"{name}.svg", directory / f"{name}.png"]
    with plt.rc_context({"svg.hashsalt": STYLE["svg.hashsalt"]}):
        fig.savefig(paths[0], format="svg", metadata={"Date": None, "Creator": None})
        fig.savefig(paths[1], format="png", metadata={"Software": None})
    width_pt = float(re.search(r'<svg[^>]* width="([0-9.]+)pt"', paths[0].read_text(encoding="utf-8")).group(1))
    if width_pt > COLUMN_WIDTH_IN * 72 + 1:
        raise ValueError(f"figure {name!r} is {width_pt / 72:.2f} in wide as saved; the column is "
                         f"{COLUMN_WIDTH_IN} in (draw it narrower or move labels inside)")
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


def diagram(edges, ax, positions: dict[str, tuple[float, float]],
            node_colours: dict[str, str] | None = None, wrap: int = 16) -> None:
    """Draw directed edges (rows with from_node, to_node, relation) between boxed nodes placed at
    `positions` (x, y). Arrows start and end at the node boxes (drawn after them, so that each box
    has its final place when an arrow is clipped to it), so boxes of any size can sit close
    together. `wrap` is the line width of node labels in characters; the legend names each line
    style in words."""
    nodes = list(dict.fromkeys([*edges.from_node, *edges.to_node]))
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
    xs = [x for x, _ in position.values()]
    ys = [y for _, y in position.values()]
    ax.set_xlim(min(xs) - 0.9, max(xs) + 0.9)
    ax.set_ylim(min(ys) - 0.6, max(ys) + 0.6)
    ax.axis("off")
    labels: dict[tuple[str, str], list[str]] = {}
    for relation in dict.fromkeys(edges.relation):
        style = EDGE_STYLES[relation]
        labels.setdefault((style["color"], style["linestyle"]), []).append(relation.replace("_", " "))
    handles = [matplotlib.lines.Line2D([], [], color=colour, linestyle=line, label=" / ".join(names))
               for (colour, line), names in labels.items()]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, -0.08), ncol=len(handles),
              frameon=False, fontsize=8)


def save_svg_text(svg: str, name: str, root: Path | None = None) -> Path:
    """Write SVG markup made elsewhere (an RDKit depiction) as figures/<name>.svg."""
    directory = figures_dir(root)
    directory.mkdir(exist_ok=True)
    path = directory / f"{name}.svg"
    path.write_text(svg, encoding="utf-8")
    return path


LOG_TICKS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2, 3, 5, 7, 10, 20, 50)


def log_axis(ax, values, reference: float = 1.0) -> tuple[float, float]:
    """A log x axis whose limits contain every one of `values` (estimates, interval ends,
    prediction intervals; NaN ignored) and the reference line, with ticks in words ("0.5", not
    "5e-1"). Returns the limits."""
    finite = np.asarray([v for v in np.ravel(np.asarray(values, dtype=float)) if np.isfinite(v)])
    if len(finite) == 0 or np.any(finite <= 0):
        raise ValueError("log_axis: the values must include a positive number and none at or below 0")
    low, high = min(finite.min(), reference) / 1.15, max(finite.max(), reference) * 1.15
    ax.set_xscale("log")
    ax.set_xlim(low, high)
    ticks = [t for t in LOG_TICKS if low <= t <= high]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.minorticks_off()
    return low, high


def scale_on_top(ax) -> None:
    """Repeat the x axis's tick labels above a tall figure, so that the scale is in view at its top rows."""
    ax.tick_params(axis="x", which="both", top=True, labeltop=True)


def forest(ax, labels, estimates, lows, highs, *, texts=None, markers=None, colours=None,
           reference: float = 1.0, xlabel: str = "Hazard ratio (log scale)") -> None:
    """A forest plot, one row per estimate from top to bottom: `labels` in words (trial, arm,
    population), the estimate as a marker with its interval as a line on a log axis whose limits
    always contain every interval and the reference line, and `texts` (default: "1.209 (0.939 to
    1.557)" from the numbers) written at the right of each row. `markers` and `colours` (one per
    row) encode a status by shape as well as colour."""
    estimates, lows, highs = (np.asarray(v, dtype=float) for v in (estimates, lows, highs))
    rows = len(estimates)
    if not (len(labels) == len(lows) == len(highs) == rows) or rows == 0:
        raise ValueError("forest: labels, estimates, lows and highs must have one value per row")
    if np.any(lows > estimates) or np.any(highs < estimates) or np.any(lows <= 0):
        raise ValueError("forest: every interval must be positive and contain its estimate")
    y = np.arange(rows)[::-1]
    markers = markers or ["s"] * rows
    colours = colours or [AMCENESTRANT] * rows
    for row in range(rows):
        ax.plot([lows[row], highs[row]], [y[row]] * 2, color=colours[row], linewidth=1.6)
        ax.plot(estimates[row], y[row], marker=markers[row], color=colours[row], markersize=6,
                linestyle="none", markeredgecolor="black", markeredgewidth=0.6)
    ax.axvline(reference, color="#555555", linewidth=0.9, linestyle="--")
    log_axis(ax, [lows, highs], reference)
    ax.set_ylim(-0.6, rows - 0.4)
    ax.set_yticks(y, labels)
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    texts = texts or [f"{e:g} ({lo:g} to {hi:g})" for e, lo, hi in zip(estimates, lows, highs, strict=True)]
    for row, text in enumerate(texts):
        ax.annotate(text, xy=(1.02, y[row]), xycoords=("axes fraction", "data"), va="center",
                    fontsize=MIN_FONT_PT)
