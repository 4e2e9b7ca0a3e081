"""Every library algorithm on a Kronecker graph: grogc (C runtime, -O2 plan,
compiled once, compile time excluded) against NetworkX, and igraph /
NetworKit where they have the algorithm (each skipped, with a note, when not
installed: `pip install -e '.[bench]'`).

    python benchmarks/bench_library.py [--scale 18] [--threads 2] [--repeat 3] [--nx-limit 60]

Per algorithm the row's scale is the largest s <= --scale at which one
NetworkX call finishes within --nx-limit seconds: NetworkX runs in a forked
child process that is killed at the limit, starting at --scale and going one
scale down after each time-out.  grogc, igraph and NetworKit run at the row's
scale; the last column is grogc at --scale.  Before timing, every tool's
result is compared with grogc's (see CHECK notes in the output).

Graphs: generate("kron", s, --edge-factor, seed=1): directed for the directed
algorithms, undirected for components, label_propagation, core_number,
triangles, clustering;
sssp uses the same directed graph with Graph500 weights (uniform [0, 1)).
Times are medians of --repeat runs; a NetworkX (or peer) call that takes more
than --single seconds is run once.  Threads: --threads for grogc and NetworKit
(igraph and NetworkX are single-threaded).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import time
import warnings

import numpy as np
import networkx as nx

import grogc.driver.api as api
from grogc.graph.generators import generate

try:
    import igraph as ig
except ImportError:  # optional peer
    ig = None
try:
    import networkit as nk
except ImportError:  # optional peer
    nk = None


# --------------------------------------------------------------------------- graphs
class Graphs:
    """Every form of the scale-s Kronecker graph one row needs (built lazily)."""

    def __init__(self, scale: int, edge_factor: int) -> None:
        self.scale, self.ef = scale, edge_factor
        self.g = generate("kron", scale, edge_factor, seed=1, directed=True)
        self.u = generate("kron", scale, edge_factor, seed=1, directed=False)
        self.w = generate("kron", scale, edge_factor, seed=1, directed=True, weighted=True)
        self.n = self.g.n
        assert np.array_equal(self.g.node_ids, np.arange(self.n))
        assert np.array_equal(self.u.node_ids, np.arange(self.n))
        self.src, self.dst = self.g.arcs()
        us, ud = self.u.arcs()
        keep = us < ud
        self.usrc, self.udst = us[keep], ud[keep]
        ws, wd = self.w.arcs()
        assert np.array_equal(ws, self.src) and np.array_equal(wd, self.dst)
        self.weights = self.w.out_weights
        self.source = int(self.g.out_degrees().argmax())
        self._cache: dict = {}

    def grogc(self, kind: str):
        return {"dir": self.g, "undir": self.u, "wdir": self.w}[kind]

    def nx(self, kind: str):
        key = ("nx", "undir" if kind == "undir" else "dir")
        if key not in self._cache:
            if key[1] == "undir":
                U = nx.Graph()
                U.add_nodes_from(range(self.n))
                U.add_edges_from(zip(self.usrc.tolist(), self.udst.tolist()))
                self._cache[key] = U
            else:
                # weights under "w", so that nx.hits (which always reads "weight") sees an unweighted graph
                G = nx.DiGraph()
                G.add_nodes_from(range(self.n))
                G.add_weighted_edges_from(zip(self.src.tolist(), self.dst.tolist(), self.weights.tolist()),
                                          weight="w")
                self._cache[key] = G
        return self._cache[key]

    def ig(self, kind: str):
        key = ("ig", kind)
        if key not in self._cache:
            if kind == "undir":
                h = ig.Graph(n=self.n, edges=list(zip(self.usrc.tolist(), self.udst.tolist())), directed=False)
            else:
                h = ig.Graph(n=self.n, edges=list(zip(self.src.tolist(), self.dst.tolist())), directed=True)
                if kind == "wdir":
                    h.es["weight"] = self.weights.tolist()
            self._cache[key] = h
        return self._cache[key]

    def nk(self, kind: str):
        key = ("nk", kind)
        if key not in self._cache:
            if kind == "undir":
                s, d, w, directed = self.usrc, self.udst, None, False
            else:
                s, d, directed = self.src, self.dst, True
                w = self.weights if kind == "wdir" else None
            data = np.ones(len(s)) if w is None else np.asarray(w, dtype=np.float64)
            K = nk.GraphFromCoo((data, (s.astype(np.uint64), d.astype(np.uint64))), n=self.n,
                                directed=directed, weighted=w is not None)
            assert K.numberOfEdges() == len(s)
            self._cache[key] = K
        return self._cache[key]

    def drop_nx(self) -> None:
        for key in [k for k in self._cache if k[0] == "nx"]:
            del self._cache[key]


# --------------------------------------------------------------------------- result conversion
def dict_array(d, n: int, missing=np.nan) -> np.ndarray:
    return np.fromiter((d.get(i, missing) for i in range(n)), dtype=np.float64, count=n)


def sets_labels(sets, n: int) -> np.ndarray:
    lab = np.empty(n, dtype=np.int64)
    for i, c in enumerate(sets):
        lab[list(c)] = i
    return lab


def canonical(labels) -> np.ndarray:
    """Relabel a partition so that each class is named by its smallest node."""
    lab = np.asarray(labels, dtype=np.int64)
    _, inv = np.unique(lab, return_inverse=True)
    mins = np.full(inv.max() + 1 if len(inv) else 0, len(lab), dtype=np.int64)
    np.minimum.at(mins, inv, np.arange(len(lab)))
    return mins[inv]


def levels_from_bfs(n: int, vids, layers) -> np.ndarray:
    lev = np.full(n, -1, dtype=np.float64)
    vids = np.asarray(vids)
    for k in range(len(layers) - 1):
        lev[vids[layers[k]:layers[k + 1]]] = k
    return lev


def nk_dist(d, unreachable) -> np.ndarray:
    a = np.asarray(d, dtype=np.float64)
    a[a > 1e300] = unreachable
    return a


# --------------------------------------------------------------------------- checks
def check_exact(a, b) -> tuple[bool, str]:
    ok = np.array_equal(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
    return ok, "equal" if ok else "DIFFERENT"


def check_partition(a, b) -> tuple[bool, str]:
    ok = np.array_equal(canonical(a), canonical(b))
    return ok, "same partition" if ok else "DIFFERENT partition"


def check_close(tol: float, norm: str | None = None):
    """max |a-b| / max |b| <= tol, after scaling both to sum 1 ("l1") or unit norm ("l2")."""
    def check(a, b):
        a = np.asarray(a, dtype=np.float64).ravel()
        b = np.asarray(b, dtype=np.float64).ravel()
        if norm == "l1":
            a, b = a / np.abs(a).sum(), b / np.abs(b).sum()
        elif norm == "l2":
            a, b = a / np.linalg.norm(a), b / np.linalg.norm(b)
        both_inf = np.isinf(a) & np.isinf(b)
        if not np.array_equal(np.isinf(a), np.isinf(b)):
            return False, "DIFFERENT reachability"
        a, b = np.where(both_inf, 0, a), np.where(both_inf, 0, b)
        err = float(np.abs(a - b).max() / max(np.abs(b).max(), 1e-300))
        return err <= tol, f"max rel diff {err:.1e}" + ("" if err <= tol else f" > {tol:g}")
    return check


def check_affine(tol: float):
    """a = p*b + q for some p > 0, q (fitted), within tol of max |a|."""
    def check(a, b):
        a = np.asarray(a, dtype=np.float64)
        b = np.asarray(b, dtype=np.float64)
        p, q = np.polyfit(b, a, 1)
        err = float(np.abs(p * b + q - a).max() / np.abs(a).max())
        ok = p > 0 and err <= tol
        return ok, f"affine fit, max rel residual {err:.1e}" + ("" if ok else f" > {tol:g}")
    return check


# --------------------------------------------------------------------------- the cases
# Each case: graph kind, grogc params, function grogc outputs -> array, NetworkX (call, to-array, check),
# igraph (call, to-array, check, note), NetworKit (same).  "S" is the source node, "ALPHA" the Katz alpha.
# A call takes (graph, S, ALPHA) and returns the raw result; to-array maps it to grogc's layout.

CASES: dict[str, dict] = {
    "pagerank": dict(
        kind="dir", params={}, out=lambda o: o["pagerank"],
        nx=(lambda G, s, a: nx.pagerank(G, weight=None), lambda r, n: dict_array(r, n), check_close(1e-9)),
        ig=(lambda h, s, a: h.pagerank(directed=True, damping=0.85), lambda r, n: np.array(r), check_close(0.05),
            "PRPACK solves exactly; grogc/NetworkX stop at L1 step < n*1e-6"),
        nk=(lambda K, s, a: _nk_pagerank(K), lambda r, n: np.array(r), check_close(0.05),
            "sinks distributed; L1 norm, tol 1e-6 on its own criterion"),
    ),
    "personalized_pagerank": dict(
        kind="dir", params={"source": "S"}, out=lambda o: o["pagerank"],
        nx=(lambda G, s, a: nx.pagerank(G, personalization={s: 1}, weight=None), lambda r, n: dict_array(r, n),
            check_close(1e-9)),
        ig=(lambda h, s, a: h.personalized_pagerank(reset_vertices=[s], directed=True, damping=0.85),
            lambda r, n: np.array(r), check_close(0.05), "PRPACK exact solve"),
        nk=None,
    ),
    "components": dict(
        kind="undir", params={}, out=lambda o: o["component"],
        nx=(lambda U, s, a: list(nx.connected_components(U)), lambda r, n: sets_labels(r, n), check_partition),
        ig=(lambda h, s, a: h.connected_components().membership, lambda r, n: np.array(r), check_partition, ""),
        nk=(lambda K, s, a: nk.components.ConnectedComponents(K).run().getPartition().getVector(),
            lambda r, n: np.array(r), check_partition, ""),
    ),
    "scc": dict(
        kind="dir", params={}, out=lambda o: o["component"],
        nx=(lambda G, s, a: list(nx.strongly_connected_components(G)), lambda r, n: sets_labels(r, n),
            check_partition),
        ig=(lambda h, s, a: h.connected_components(mode="strong").membership, lambda r, n: np.array(r),
            check_partition, ""),
        nk=(lambda K, s, a: nk.components.StronglyConnectedComponents(K).run().getPartition().getVector(),
            lambda r, n: np.array(r), check_partition, ""),
    ),
    "bfs": dict(
        kind="dir", params={"source": "S"}, out=lambda o: o["level"],
        nx=(lambda G, s, a: nx.single_source_shortest_path_length(G, s), lambda r, n: dict_array(r, n, -1),
            check_exact),
        ig=(lambda h, s, a: h.bfs(s, mode="out"), lambda r, n: levels_from_bfs(n, r[0], r[1]), check_exact,
            "Graph.bfs (visit order + layers; levels derived untimed)"),
        nk=(lambda K, s, a: nk.distance.BFS(K, s, storePaths=False).run().getDistances(),
            lambda r, n: nk_dist(r, -1), check_exact, ""),
    ),
    "sssp": dict(
        kind="wdir", params={"source": "S"}, out=lambda o: o["dist"],
        nx=(lambda G, s, a: nx.single_source_dijkstra_path_length(G, s, weight="w"),
            lambda r, n: dict_array(r, n, np.inf), check_close(1e-12)),
        ig=(lambda h, s, a: h.distances(source=s, weights="weight", mode="out", algorithm="dijkstra")[0],
            lambda r, n: np.array(r, dtype=np.float64), check_close(1e-12), "Dijkstra"),
        nk=(lambda K, s, a: nk.distance.Dijkstra(K, s, storePaths=False).run().getDistances(),
            lambda r, n: nk_dist(r, np.inf), check_close(1e-12), ""),
    ),
    "label_propagation": dict(
        kind="undir", params={}, out=lambda o: o["label"],
        nx=None,
        ig=(lambda h, s, a: h.community_label_propagation(), None, None,
            "DIFFERENT algorithm (asynchronous, random order); not compared"),
        nk=(lambda K, s, a: nk.community.PLP(K).run(), None, None,
            "DIFFERENT algorithm (PLP, parallel asynchronous); not compared"),
    ),
    "core_number": dict(
        kind="undir", params={}, out=lambda o: o["core"],
        nx=(lambda U, s, a: nx.core_number(U), lambda r, n: dict_array(r, n), check_exact),
        ig=(lambda h, s, a: h.coreness(), lambda r, n: np.array(r), check_exact, ""),
        nk=(lambda K, s, a: nk.centrality.CoreDecomposition(K).run().scores(), lambda r, n: np.array(r),
            check_exact, ""),
    ),
    "triangles": dict(
        kind="undir", params={}, out=lambda o: o["triangles"],
        nx=(lambda U, s, a: nx.triangles(U), lambda r, n: dict_array(r, n), check_exact),
        ig=(lambda h, s, a: np.bincount(np.asarray(h.list_triangles()).ravel(), minlength=h.vcount()),
            lambda r, n: r, check_exact, "list_triangles + np.bincount (timed)"),
        nk=None,
    ),
    "clustering": dict(
        kind="undir", params={}, out=lambda o: o["clustering"],
        nx=(lambda U, s, a: nx.clustering(U), lambda r, n: dict_array(r, n), check_close(1e-12)),
        ig=(lambda h, s, a: h.transitivity_local_undirected(mode="zero"), lambda r, n: np.array(r),
            check_close(1e-12), ""),
        nk=(lambda K, s, a: nk.centrality.LocalClusteringCoefficient(K, turbo=False).run().scores(),
            lambda r, n: np.array(r), check_close(1e-12), ""),
    ),
    "degree_centrality": dict(
        kind="dir", params={}, out=lambda o: np.stack([o["in"], o["out"]]),
        nx=(lambda G, s, a: (nx.in_degree_centrality(G), nx.out_degree_centrality(G)),
            lambda r, n: np.stack([dict_array(r[0], n), dict_array(r[1], n)]), check_close(1e-15)),
        ig=(lambda h, s, a: (np.array(h.degree(mode="in")) / (h.vcount() - 1),
                             np.array(h.degree(mode="out")) / (h.vcount() - 1)),
            lambda r, n: np.stack(r), check_close(1e-15), "degree(mode) / (n-1)"),
        nk=(lambda K, s, a: (nk.centrality.DegreeCentrality(K, normalized=True, outDeg=False).run().scores(),
                             nk.centrality.DegreeCentrality(K, normalized=True, outDeg=True).run().scores()),
            lambda r, n: np.stack([np.array(r[0]), np.array(r[1])]) * n / (n - 1), check_close(1e-15),
            "NetworKit normalises by n, not n-1: rescaled by n/(n-1) untimed"),
    ),
    "hits": dict(
        kind="dir", params={}, out=lambda o: np.stack([o["hub"], o["authority"]]),
        nx=(lambda G, s, a: nx.hits(G), lambda r, n: np.stack([dict_array(r[0], n), dict_array(r[1], n)]),
            None),
        ig=(lambda h, s, a: (h.hub_score(), h.authority_score()),
            lambda r, n: np.stack([np.array(r[0]) / np.sum(r[0]), np.array(r[1]) / np.sum(r[1])]), None,
            "ARPACK (hub_score + authority_score), scaled to sum 1 untimed"),
        nk=None,
    ),
    "katz": dict(
        kind="dir", params={"alpha": "ALPHA"}, out=lambda o: o["katz"],
        nx=(lambda G, s, a: nx.katz_centrality(G, alpha=a, weight=None), lambda r, n: dict_array(r, n),
            check_close(1e-9)),
        ig=None,
        nk=(lambda K, s, a: nk.centrality.KatzCentrality(K, a, 1.0, 1e-9).run().scores(), lambda r, n: np.array(r),
            check_affine(1e-4), "KatzCentrality(alpha, beta=1, tol=1e-9): a different scaling, compared up to an "
            "affine map"),
    ),
    "eigenvector": dict(
        kind="dir", params={}, out=lambda o: o["eigenvector"],
        nx=(lambda G, s, a: nx.eigenvector_centrality(G, weight=None), lambda r, n: dict_array(r, n),
            check_close(1e-9)),
        ig=(lambda h, s, a: h.eigenvector_centrality(directed=True, scale=False), lambda r, n: np.array(r),
            None, "ARPACK to convergence, in-edges; compared after L2 scaling"),
        nk=(lambda K, s, a: nk.centrality.EigenvectorCentrality(K, 1e-9).run().scores(), lambda r, n: np.array(r),
            None, "tol 1e-9; compared after L2 scaling"),
    ),
}


def _nk_pagerank(K):
    pr = nk.centrality.PageRank(K, 0.85, 1e-6, normalized=False,
                                distributeSinks=nk.centrality.SinkHandling.DistributeSinks)
    pr.norm = nk.centrality.Norm.L1_NORM
    return pr.run().scores()


# --------------------------------------------------------------------------- timing
def median_time(fn, repeat: int, single: float, first: float | None = None) -> tuple[float, int]:
    """Median of `repeat` calls (a first time may be given); one call when it exceeds `single` seconds."""
    times = [] if first is None else [first]
    while len(times) < repeat:
        if times and times[0] > single:
            break
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), len(times)


def _nx_child(conn, call, to_array, G, s, a, n):
    try:
        t0 = time.perf_counter()
        r = call(G, s, a)
        t = time.perf_counter() - t0
        conn.send(("ok", t, to_array(r, n)))
    except BaseException as exc:  # reported to the parent
        conn.send(("error", repr(exc), None))


def nx_probe(case, graphs: Graphs, alpha: float, limit: float):
    """One NetworkX call in a forked child, killed after `limit` s: ("ok", t, array) | ("timeout"|"error", ...)."""
    call, to_array, _ = case["nx"]
    G = graphs.nx(case["kind"])
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_nx_child, args=(child, call, to_array, G, graphs.source, alpha, graphs.n))
    p.start()
    child.close()
    if parent.poll(limit):
        msg = parent.recv()
        p.join()
        return msg
    p.kill()
    p.join()
    return ("timeout", limit, None)


def fmt(t) -> str:
    return "-" if t is None else (f"{t:.4f}" if t < 10 else f"{t:.1f}")


def ratio(t, ref) -> str:
    return "-" if t is None or ref is None else f"{t / ref:.3g}x"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=18, help="the largest scale (and grogc's own column)")
    ap.add_argument("--edge-factor", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--nx-limit", type=float, default=60.0)
    ap.add_argument("--single", type=float, default=5.0, help="a call slower than this is timed once")
    ap.add_argument("--min-scale", type=int, default=8)
    ap.add_argument("--only", nargs="*", help="run only these algorithms")
    args = ap.parse_args()
    warnings.filterwarnings("ignore", message="Some eigenvector centralities")
    names = args.only or list(CASES)
    if nk is not None:
        nk.setNumberOfThreads(args.threads)
        nk.engineering.setLogLevel("ERROR")
    missing = [name for name, mod in (("igraph", ig), ("networkit", nk)) if mod is None]
    started = time.perf_counter()

    plans = {name: api.compile(name) for name in names}  # compile excluded from every time
    pending = list(names)
    rows: dict[str, dict] = {}
    notes: dict[str, list[str]] = {name: [] for name in names}
    alpha_of: dict[int, float] = {}
    top = None
    scale = args.scale
    while pending and scale >= args.min_scale:
        graphs = Graphs(scale, args.edge_factor)
        if scale not in alpha_of:
            from scipy.sparse import csr_array
            from scipy.sparse.linalg import eigsh

            A = csr_array((np.ones(len(graphs.usrc)), (graphs.usrc, graphs.udst)), shape=(graphs.n, graphs.n))
            lam = float(eigsh(A + A.T, k=1, which="LA", return_eigenvectors=False)[0])
            alpha_of[scale] = 0.5 / lam
            print(f"scale {scale}: n = {graphs.n}, directed arcs = {graphs.g.m}, undirected edges = "
                  f"{len(graphs.usrc)}, source = {graphs.source}, lambda_max(undirected) = {lam:.2f}, "
                  f"katz alpha = 0.5/lambda_max = {alpha_of[scale]:.3e}", flush=True)
        alpha = alpha_of[scale]
        if scale == args.scale:
            top = graphs
            for name in names:  # grogc's own column at the largest scale
                c = CASES[name]
                params = {k: (graphs.source if v == "S" else alpha if v == "ALPHA" else v)
                          for k, v in c["params"].items()}
                plan, gg = plans[name], graphs.grogc(c["kind"])
                rows.setdefault(name, {})["grogc_top"] = median_time(
                    lambda: plan.run(gg, threads=args.threads, **params), args.repeat, 1e9)[0]
        still = []
        for name in pending:
            c = CASES[name]
            params = {k: (graphs.source if v == "S" else alpha if v == "ALPHA" else v)
                      for k, v in c["params"].items()}
            plan, gg = plans[name], graphs.grogc(c["kind"])
            row = rows.setdefault(name, {})
            t_nx = None
            if c["nx"] is not None:
                msg = nx_probe(c, graphs, alpha, args.nx_limit)
                if msg[0] == "timeout":
                    print(f"  {name}: NetworkX over {args.nx_limit:g} s at scale {scale}", flush=True)
                    still.append(name)
                    continue
                if msg[0] == "error":
                    notes[name].append(f"NetworkX raised {msg[1]}")
                    print(f"  {name}: NetworkX raised {msg[1]}", flush=True)
            ref = c["out"](plan.run(gg, threads=args.threads, **params))
            ref = np.asarray(ref, dtype=np.float64)
            if c["nx"] is not None and msg[0] == "ok":
                call, _, check = c["nx"]
                if check is None:
                    check = check_close(1e-3, "l1")
                ok, text = check(msg[2], ref)
                notes[name].append(f"NetworkX vs grogc: {text}")
                G = graphs.nx(c["kind"])
                t_nx, k = median_time(lambda: call(G, graphs.source, alpha), args.repeat, args.single, msg[1])
                row["nx_runs"] = k
            row["scale"] = scale
            row["nx"] = t_nx
            row["grogc"] = median_time(lambda: plan.run(gg, threads=args.threads, **params), args.repeat, 1e9)[0]
            for peer, mod, build in (("ig", ig, graphs.ig), ("nk", nk, graphs.nk)):
                spec = c[peer]
                if spec is None or mod is None:
                    row[peer] = None
                    continue
                call, to_array, check, note = spec
                h = build(c["kind"])
                r = call(h, graphs.source, alpha)
                label = {"ig": "igraph", "nk": "NetworKit"}[peer]
                if to_array is not None:
                    arr = np.asarray(to_array(r, graphs.n), dtype=np.float64)
                    if check is None:
                        check = check_close(1e-3, "l2" if name == "eigenvector" else "l1")
                    ok, text = check(arr, ref)
                    notes[name].append(f"{label} vs grogc: {text}" + (f" ({note})" if note else ""))
                else:
                    notes[name].append(f"{label}: {note}")
                row[peer] = median_time(lambda: call(h, graphs.source, alpha), args.repeat, args.single)[0]
            print(f"  {name}: scale {scale}, grogc {fmt(row['grogc'])}, NetworkX {fmt(row['nx'])}, "
                  f"igraph {fmt(row['ig'])}, NetworKit {fmt(row['nk'])}  [{time.perf_counter() - started:.0f} s]",
                  flush=True)
        pending = still
        graphs.drop_nx()
        scale -= 1
    for name in pending:
        notes[name].append(f"NetworkX over the limit down to scale {args.min_scale}")

    print(f"\nthreads = {args.threads} (grogc, NetworKit); medians of {args.repeat} "
          f"(a call over {args.single:g} s runs once); grogc = compiled -O2 plan's .run, compile excluded; "
          f"NetworkX limit {args.nx_limit:g} s per call; total {time.perf_counter() - started:.0f} s")
    if missing:
        print(f"not installed, so no column: {', '.join(missing)}")
    print(f"\n| algorithm | graph | scale | grogc (s) | NetworkX (s) | NX / grogc | igraph (s) | igraph / grogc "
          f"| NetworKit (s) | NetworKit / grogc | grogc at scale {args.scale} (s) |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in names:
        r = rows.get(name, {})
        if "scale" not in r:
            continue
        kind = {"dir": "directed", "undir": "undirected", "wdir": "directed, weighted"}[CASES[name]["kind"]]
        nx_text = fmt(r["nx"]) + (" (1 run)" if r.get("nx_runs") == 1 and args.repeat > 1 else "")
        print(f"| {name} | {kind} | {r['scale']} | {fmt(r['grogc'])} | {nx_text} | {ratio(r['nx'], r['grogc'])} "
              f"| {fmt(r['ig'])} | {ratio(r['ig'], r['grogc'])} | {fmt(r['nk'])} | {ratio(r['nk'], r['grogc'])} "
              f"| {fmt(r.get('grogc_top'))} |")
    print("\nChecks against grogc (before timing), per algorithm:")
    for name in names:
        print(f"- {name}: " + "; ".join(notes[name]))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
