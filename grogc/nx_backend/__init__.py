"""grogc as a NetworkX backend (docs/networkx.md).

    nx.pagerank(G, backend="grogc")                  # one call
    nx.config.backend_priority = ["grogc"]           # every dispatched call

Entry points (pyproject.toml): `networkx.backends` -> interface.py's
`backend_interface`; `networkx.backend_info` -> `get_info` here, which
imports nothing but this table (NetworkX calls it at import time; the C
runtime loads only when a function runs).

FUNCTIONS is the one list of what is dispatched: NetworkX name -> (module
of this package that implements it, a note for NetworkX's docs).
"""

from __future__ import annotations

FUNCTIONS: dict[str, tuple[str, str]] = {
    "pagerank": ("centrality", "Every argument; the backend's pagerank program (nstart, personalization and "
                               "dangling as node vectors)."),
    "hits": ("centrality", "Power iteration (the library's hits) where NetworkX uses ARPACK: equal within the "
                           "tolerance. nstart, normalized=False and graphs without edges fall back."),
    "katz_centrality": ("centrality", "Every argument."),
    "eigenvector_centrality": ("centrality", "Every argument."),
    "degree_centrality": ("centrality", ""),
    "in_degree_centrality": ("centrality", ""),
    "out_degree_centrality": ("centrality", ""),
    "connected_components": ("components", ""),
    "number_connected_components": ("components", ""),
    "is_connected": ("components", ""),
    "node_connected_component": ("components", ""),
    "weakly_connected_components": ("components", ""),
    "number_weakly_connected_components": ("components", ""),
    "is_weakly_connected": ("components", ""),
    "strongly_connected_components": ("components", "Components in order of their smallest node position, "
                                                    "not Tarjan's order."),
    "number_strongly_connected_components": ("components", ""),
    "is_strongly_connected": ("components", ""),
    "single_source_shortest_path_length": ("paths", ""),
    "single_source_dijkstra_path_length": ("paths", "Bellman-Ford underneath; a callable weight falls back."),
    "single_source_bellman_ford_path_length": ("paths", "A callable weight falls back."),
    "triangles": ("clustering", ""),
    "clustering": ("clustering", "Undirected and unweighted; the rest falls back."),
    "average_clustering": ("clustering", "Undirected and unweighted; the rest falls back."),
    "transitivity": ("clustering", "Undirected; directed graphs fall back."),
    "core_number": ("clustering", ""),
}


def get_info() -> dict:
    """NetworkX's backend_info entry point: what the backend dispatches."""
    return {
        "backend_name": "grogc",
        "project": "grogc",
        "package": "grogc",
        "url": "https://github.com/grogc/grogc",
        "short_summary": "Compiled graph algorithms: one C call per algorithm over a CSR graph.",
        "default_config": {},
        "functions": {name: ({"additional_docs": note} if note else {}) for name, (_, note) in FUNCTIONS.items()},
    }
