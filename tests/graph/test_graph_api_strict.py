"""Graph.from_edges checks its input as strictly as `grogc graph import`:
negative weights (unless allow_negative_weights), shapes, non-integer ids;
Graph.from_networkx with non-integer labels numbers the sorted labels and
reports results in those numbers (graph.labels maps them back)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

import grogc
from grogc.graph import Graph, GraphFormatError


def _error(*args, **kwargs) -> str:
    with pytest.raises(GraphFormatError) as info:
        Graph.from_edges(*args, **kwargs)
    return str(info.value)


# ---- negative weights -------------------------------------------------------------


def test_negative_weight_is_an_error_naming_the_first_one_and_its_edge():
    message = _error([10, 20, 30], [20, 30, 10], [1.0, -2.5, -3.0])
    assert message == ("error: negative weight -2.5 on edge 20 -> 30 (weights[1]); "
                       "negative weights are not allowed unless allow_negative_weights=True")


def test_allow_negative_weights_keeps_them():
    g = Graph.from_edges([10, 20], [20, 30], [1.0, -2.5], allow_negative_weights=True)
    assert g.weighted and g.out_weights.tolist() == [1.0, -2.5]
    assert Graph.from_edges([1], [2], [0.0]).out_weights.tolist() == [0.0]  # zero is not negative


def test_from_scipy_and_from_networkx_follow_the_same_rule():
    A = sp.csr_array(([2.0, -1.0], ([0, 1], [1, 2])), shape=(3, 3))
    with pytest.raises(GraphFormatError, match=r"negative weight -1.0 on edge 1 -> 2 \(weights\[1\]\)"):
        Graph.from_scipy(A)
    assert Graph.from_scipy(A, allow_negative_weights=True).out_weights.tolist() == [2.0, -1.0]
    G = nx.DiGraph()
    G.add_edge("a", "b", weight=1.0)
    G.add_edge("b", "c", weight=-4.0)
    with pytest.raises(GraphFormatError) as info:
        Graph.from_networkx(G)
    assert str(info.value) == ("error: negative weight -4.0 on edge 'b' -> 'c'; "
                               "negative weights are not allowed unless allow_negative_weights=True")
    assert Graph.from_networkx(G, allow_negative_weights=True).out_weights.tolist() == [1.0, -4.0]


def test_non_finite_and_non_numeric_weights():
    assert _error([1], [2], [float("nan")]) == "error: weights must be finite numbers, but weights[0] is nan (edge 1 -> 2)"
    assert _error([1], [2], ["3"]) == "error: weights must be numbers, got dtype <U1 (weights[0] is '3')"


# ---- shapes ---------------------------------------------------------------------


def test_two_dimensional_arrays_are_not_flattened():
    two_d = np.array([[1, 2], [3, 4]])
    assert _error(two_d, two_d) == "error: src must be a 1-D sequence of node ids, got an array of shape (2, 2)"
    assert _error([1, 2, 3, 4], two_d) == "error: dst must be a 1-D sequence of node ids, got an array of shape (2, 2)"
    assert _error([1, 2], [2, 3], [[1.0], [2.0]]) == (
        "error: weights must be a 1-D sequence with one weight per edge, got shape (2, 1) for src/dst of shape (2,)")
    assert _error([1], [2], nodes=[[5]]) == "error: nodes must be a 1-D sequence of node ids, got an array of shape (1, 1)"


def test_lengths_must_match():
    assert _error([1, 2, 3], [2, 3]) == "error: src and dst must have the same length, got shapes (3,) and (2,)"
    assert _error([1, 2], [2, 3], [1.0]) == (
        "error: weights must be a 1-D sequence with one weight per edge, got shape (1,) for src/dst of shape (2,)")


# ---- ids ------------------------------------------------------------------------


def test_float_ids_with_a_fraction_are_named():
    assert _error([1.0, 2.5], [2, 3]) == "error: src must hold integer node ids, but src[1] is 2.5"
    assert _error([1], [float("inf")]) == "error: dst must hold integer node ids, but dst[0] is inf"
    g = Graph.from_edges([1.0, 2.0], [2.0, 3.0])  # integral floats are ids
    assert g.node_ids.tolist() == [1, 2, 3]


def test_string_and_bool_ids_are_errors():
    assert _error(["a", "b"], ["b", "c"]) == (
        "error: src must hold integer node ids, got strings (dtype <U1, src[0] is 'a'); "
        "to number labels, use Graph.from_networkx")
    assert _error([1, "x"], [2, 3]) == (  # numpy made strings of the list: name the real culprit
        "error: src must hold integer node ids, got strings (dtype <U21, src[1] is 'x'); "
        "to number labels, use Graph.from_networkx")
    assert _error([True], [1]) == "error: src must hold integer node ids, got booleans (dtype bool, src[0] is True)"
    assert _error([2**70], [1]) == "error: src holds ids outside the signed 64-bit range"


def test_empty_edge_list_is_fine():
    g = Graph.from_edges([], [], nodes=[4, 2])
    assert g.n == 2 and g.m == 0 and g.node_ids.tolist() == [2, 4]


# ---- from_networkx labels ----------------------------------------------------------


def test_integer_labels_are_the_ids_and_labels_is_none():
    g = Graph.from_networkx(nx.Graph([(7, 3), (3, 100)]))
    assert g.labels is None and g.node_ids.tolist() == [3, 7, 100]


def test_string_labels_are_numbered_in_sorted_order_and_results_map_back():
    G = nx.Graph([("carol", "alice"), ("alice", "bob"), ("dave", "erin")])
    g = Graph.from_networkx(G)
    assert g.labels == ["alice", "bob", "carol", "dave", "erin"]
    assert g.node_ids.tolist() == [0, 1, 2, 3, 4]
    out = grogc.compile("components").run(g)
    by_label = dict(zip(g.labels, out["component"]))  # per-node outputs: position i is labels[i]
    assert by_label["bob"] == by_label["carol"] != by_label["erin"]
    assert g.labels[by_label["erin"]] == "dave"  # a node-id output is an id: labels[id] is its label
    levels = grogc.compile("bfs").run(g, source=g.labels.index("carol"))["level"]
    assert dict(zip(g.labels, levels.tolist()))["bob"] == 2


def test_mixed_labels_are_sorted_by_str_and_all_renumbered():
    g = Graph.from_networkx(nx.Graph([(2, "a"), (10, "a")]))
    assert g.labels == [10, 2, "a"]  # str order: "10" < "2" < "a"; ints are renumbered too
    assert g.node_ids.tolist() == [0, 1, 2]
