"""The diagram of the resistance map and the logic of the stop: nodes where they are placed,
arrows between the boxes, a legend in words."""

import matplotlib.pyplot as plt
import matplotlib.text
import pandas as pd
import pytest

from amcenestrant_book.plots import EDGE_STYLES, diagram


def _edges(rows):
    return pd.DataFrame(rows, columns=["from_node", "to_node", "relation"])


def _node_texts(ax):
    return {t.get_text(): t for t in ax.texts if isinstance(t, matplotlib.text.Text) and t.get_text()}


CHAIN = _edges([("A", "B", "activates"), ("B", "C", "leads_to"), ("X", "B", "inhibits")])


def test_explicit_positions_place_every_node():
    positions = {"A": (0, 0), "B": (5, 1), "C": (10, 0), "X": (5, -3)}
    fig, ax = plt.subplots()
    diagram(CHAIN, ax, positions=positions)
    assert {name: t.get_position() for name, t in _node_texts(ax).items()} == positions
    assert ax.get_xlim() == pytest.approx((-0.9, 10.9))
    plt.close(fig)


def test_a_node_without_position_is_named():
    fig, ax = plt.subplots()
    with pytest.raises(KeyError, match="C"):
        diagram(CHAIN, ax, positions={"A": (0, 0), "B": (1, 0), "X": (2, 0)})
    plt.close(fig)


def test_arrows_end_at_the_node_boxes():
    edges = _edges([("a long node label on the left", "another long label on the right", "leads_to")])
    positions = {"a long node label on the left": (0, 0), "another long label on the right": (10, 0)}
    fig, ax = plt.subplots(figsize=(8, 3))
    diagram(edges, ax, positions=positions, wrap=12)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = _node_texts(ax)
    left = texts["a long node\nlabel on the\nleft"].get_bbox_patch().get_window_extent(renderer)
    right = texts["another long\nlabel on the\nright"].get_bbox_patch().get_window_extent(renderer)
    (arrow,) = [a for a in ax.texts if hasattr(a, "arrow_patch") and a.arrow_patch is not None]
    extent = arrow.arrow_patch.get_window_extent(renderer)
    assert extent.x0 >= left.x1 - 1  # starts at the edge of the left box, not at its centre
    assert extent.x1 <= right.x0 + 1  # ends at the edge of the right box
    assert extent.width > 0.5 * (right.x0 - left.x1)
    plt.close(fig)


def test_the_legend_names_each_relation_in_words():
    assert "leads_to" in EDGE_STYLES
    fig, ax = plt.subplots()
    diagram(_edges([("p", "q", "leads_to")]), ax, positions={"p": (0, 0), "q": (1, 0)})
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["leads to"]
    plt.close(fig)
