"""The HTML report's inline CSS and script (html_page.py).  Kept here as
strings, not package data files, so an installed grogc needs nothing but
its modules.  Classes are those svg_graph.py and charts.py write."""

STYLE = """
:root { --ink:#0f172a; --mute:#64748b; --line:#cbd5e1; --mono:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; }
body { font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--ink); margin:24px 32px;
       background:#fff; }
h1 { font-size:20px; margin:0 0 4px; } h1 code { font-size:17px; }
h2 { font-size:16px; margin:28px 0 8px; padding-bottom:3px; border-bottom:2px solid #e2e8f0; }
code, pre, .listing td { font-family:var(--mono); font-size:12px; }
.meta { color:var(--mute); margin:4px 0; }
nav { margin:6px 0 0; font-size:13px; } nav a { color:#2563eb; text-decoration:none; }
.scroll { overflow-x:auto; }
table { border-collapse:collapse; }
th { text-align:left; font-weight:600; color:#334155; border-bottom:1px solid var(--line); padding:3px 8px; }
td { padding:2px 8px; vertical-align:middle; white-space:nowrap; }
td.num { text-align:right; font-variant-numeric:tabular-nums; }
.pipeline tr.changed td:nth-child(2) { font-weight:600; }
.bar .after { fill:#3b82f6; } .bar .ghost { fill:#bfdbfe; }
.legend { color:#334155; font-size:12px; }
.legend .k { display:inline-block; padding:0 6px; margin:0 6px 4px 0; border:1px solid; border-radius:3px; }
.legend .e { margin:0 12px 0 3px; white-space:nowrap; }
.k.op { background:#fff; border-color:#64748b; } .k.graph { background:#dbeafe; border-color:#2563eb; }
.k.reduce { background:#f3e8ff; border-color:#7c3aed; } .k.fused { background:#fef9c3; border-color:#ca8a04; }
.k.loop { background:#f8fafc; border:1px dashed #475569; } .k.carry { background:#ffedd5; border-color:#ea580c; }
.k.param { background:#dcfce7; border-color:#16a34a; } .k.output { background:#bbf7d0; border-color:#15803d; }
.heat-legend i { display:inline-block; width:14px; height:10px; margin:0 2px 0 8px; border:1px solid #cbd5e1; }
svg text { font-family:var(--mono); font-size:11px; fill:var(--ink); }
svg text.head { font-weight:600; }
.dataflow .node rect { fill:#fff; stroke:#64748b; stroke-width:1; }
.dataflow .node.graph rect { fill:#dbeafe; stroke:#2563eb; stroke-width:1.6; }
.dataflow .node.reduce rect { fill:#f3e8ff; stroke:#7c3aed; stroke-width:1.6; }
.dataflow .node.param rect { fill:#dcfce7; stroke:#16a34a; }
.dataflow .node.const rect { fill:#f1f5f9; stroke:#94a3b8; }
.dataflow .node.unwritten rect { fill:#fee2e2; stroke:#dc2626; stroke-dasharray:4 3; }
.dataflow .node.carry rect { fill:#ffedd5; stroke:#ea580c; }
.dataflow .node.output rect { fill:#bbf7d0; stroke:#15803d; stroke-width:1.6; }
.dataflow .box.loop > rect { fill:#f8fafc; stroke:#475569; stroke-dasharray:6 3; }
.dataflow .box.fused > rect { fill:#fef9c3; stroke:#ca8a04; stroke-width:1.4; }
.box-heads text { pointer-events:none; paint-order:stroke; stroke-width:4px; stroke-linejoin:round; }
.box-heads text { stroke:rgba(255,255,255,.75); } .box-heads text.fused { fill:#854d0e; }
.box-heads text.loop { fill:#334155; }
.dataflow circle.badge { fill:#fff; stroke:#334155; }
.dataflow text.badge { text-anchor:middle; font-size:11px; font-weight:700; }
.dataflow .node.graph text.badge { fill:#2563eb; } .dataflow .node.reduce text.badge { fill:#7c3aed; }
.edge { fill:none; stroke:#94a3b8; stroke-width:1.2; }
.edge.count { stroke-dasharray:3 3; }
.edge.next { stroke:#ea580c; stroke-dasharray:6 3; stroke-width:1.4; }
.edge.cond { stroke:#dc2626; stroke-dasharray:2 3; stroke-width:1.4; }
.dataflow marker path { fill:#64748b; }
.dataflow .node:hover, .dataflow .hot { cursor:default; }
.dataflow .hot > rect { stroke:#0f172a !important; stroke-width:2.6 !important; }
.edge.hot { stroke:#0f172a; stroke-width:2.2; }
.gantt .span.loop { fill:#f1f5f9; } .gantt .span.fused { fill:#fef9c3; }
.gantt text.col { text-anchor:middle; font-size:9px; fill:var(--mute); }
.gantt text.axis, .gantt text.slot { font-size:10px; fill:#334155; }
.gantt .grid { stroke:#e2e8f0; }
.gantt .value rect { stroke:#fff; stroke-width:.5; }
.gantt .value.vector rect { fill:#3b82f6; } .gantt .value.scalar rect { fill:#94a3b8; }
.gantt .value.block rect { fill:#f59e0b; }
.gantt .value text { font-size:9px; fill:#fff; pointer-events:none; }
.gantt .live { fill:#93c5fd; }
.memory { margin:4px 0 8px; }
.listing tr.region td { font-weight:600; }
.listing tr.in-fused td:first-child { box-shadow:inset 4px 0 #eab308; }
.listing tr.in-loop td:first-child { box-shadow:inset 4px 0 #94a3b8; }
.listing tr.in-fused { background:#fefce8; }
.listing td.comment { color:#475569; }
.listing tr.hot td { background:#e0f2fe !important; }
.loops li, .outputs li { font-size:13px; }
pre.ir { background:#f8fafc; border:1px solid #e2e8f0; padding:8px 12px; overflow-x:auto; }
pre.ir .fused { background:#fef9c3; display:inline-block; width:100%; }
pre.ir .fused.bound { color:#854d0e; font-weight:600; }
#hover { position:fixed; right:16px; bottom:16px; max-width:min(720px,80vw); background:#0f172a; color:#f8fafc;
         font:12px/1.5 var(--mono); padding:8px 12px; border-radius:6px; white-space:pre-wrap;
         box-shadow:0 4px 16px rgba(0,0,0,.25); }
"""

# Hover a graph node: show its title (GIR line, plan instruction) in the
# panel and light its edges and listing row; hover a listing row: light its node.
SCRIPT = """
(function () {
  var panel = document.getElementById('hover');
  function lit(on, nodeId, addr) {
    var sel = '[data-src="' + nodeId + '"],[data-dst="' + nodeId + '"],[data-node="' + nodeId + '"]';
    if (addr !== null) sel += ',tr[data-addr="' + addr + '"]';
    document.querySelectorAll(sel).forEach(function (el) { el.classList.toggle('hot', on); });
  }
  document.querySelectorAll('.dataflow .node').forEach(function (g) {
    var title = g.querySelector('title');
    g.addEventListener('mouseenter', function () {
      panel.textContent = title ? title.textContent : '';
      panel.hidden = false;
      lit(true, g.dataset.node, g.dataset.addr || null);
    });
    g.addEventListener('mouseleave', function () {
      panel.hidden = true;
      lit(false, g.dataset.node, g.dataset.addr || null);
    });
  });
  document.querySelectorAll('.listing tr[data-addr]').forEach(function (tr) {
    var id = 'op' + tr.dataset.addr;
    tr.addEventListener('mouseenter', function () { lit(true, id, null); });
    tr.addEventListener('mouseleave', function () { lit(false, id, null); });
  });
})();
"""
