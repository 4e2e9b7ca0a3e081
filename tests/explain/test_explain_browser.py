"""The HTML report in a real browser: headless Chromium (Debian's `chromium`
package; `.ci/run` installs it when it can) takes a screenshot of the page
for two golden cases, and the picture must show the page, not a blank; and
runs the page's hover script."""

from __future__ import annotations

import shutil
import subprocess
from html import unescape
from pathlib import Path

import numpy as np
import pytest

from grogc.explain import explain_program, render

from png_pixels import read_png

REPO = Path(__file__).resolve().parents[2]
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")
BROWSER = next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)
# colours the page's CSS gives: a pipeline bar, a parameter node, a fused region
BAR, PARAM, FUSED = (0x3B, 0x82, 0xF6), (0xDC, 0xFC, 0xE7), (0xFE, 0xF9, 0xC3)

pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium installed (Debian: apt-get install chromium); "
                                "the page's structure is still checked by test_explain_html.py")


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GROGC_CACHE_DIR", str(tmp_path / "cache"))


def screenshot(page: Path, png: Path, width: int = 900, height: int = 1000) -> np.ndarray:
    r = subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                        f"--user-data-dir={png.parent / 'profile'}", f"--window-size={width},{height}",
                        f"--screenshot={png}", page.as_uri()], capture_output=True, text=True, timeout=180)
    assert png.is_file(), f"no screenshot: {r.returncode} {r.stderr[-2000:]}"
    return read_png(png.read_bytes())[:, :, :3]


def share_of(pixels: np.ndarray, colour: tuple[int, int, int]) -> float:
    return float(np.all(pixels == colour, axis=2).mean())


@pytest.mark.parametrize("case", ["pagerank", "sssp"])
def test_the_report_renders(case, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render(explain_program(REPO / "golden" / case / "input.gir"), "html"))
    pixels = screenshot(page, tmp_path / "shot.png")
    assert pixels.shape == (1000, 900, 3)
    ink = np.any(pixels < 235, axis=2).mean()  # text, lines, bars, boxes
    assert ink > 0.04, f"only {ink:.1%} of the screenshot is drawn"
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 50
    # the pipeline's bars and the graph's parameter nodes and fused boxes are painted
    for colour in (BAR, PARAM, FUSED):
        assert share_of(pixels, colour) > 0.0005, colour


HOVER_PROBE = """<script>
(function () {
  var node = document.querySelector('.dataflow .node[data-addr="17"]');
  node.dispatchEvent(new MouseEvent('mouseenter'));
  var panel = document.getElementById('hover');
  var lit = Array.prototype.map.call(document.querySelectorAll('.hot'), function (el) {
    return el.tagName.toLowerCase() + ':' + (el.dataset.node || el.dataset.addr || el.dataset.src + '>' + el.dataset.dst);
  });
  var out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = (panel.hidden ? 'hidden' : 'shown') + '\\n' + panel.textContent + '\\n' + lit.join(' ');
  node.dispatchEvent(new MouseEvent('mouseleave'));
  out.textContent += '\\nafter:' + document.querySelectorAll('.hot').length + (panel.hidden ? ' hidden' : ' shown');
  document.body.appendChild(out);
})();
</script>"""


def test_hovering_an_op_shows_its_gir_line_and_plan_instruction(tmp_path):
    """The page's script, run by the browser: hovering the PULL of PageRank
    shows its GIR line and plan instruction and lights its edges and
    listing row; leaving puts everything back."""
    page = tmp_path / "report.html"
    html = render(explain_program(REPO / "golden" / "pagerank" / "input.gir"), "html")
    page.write_text(html.replace("</body>", HOVER_PROBE + "</body>"))
    r = subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
                       capture_output=True, text=True, timeout=180)
    probe = r.stdout[r.stdout.index('<pre id="probe">'):]
    probe = probe[len('<pre id="probe">'):probe.index("</pre>")]
    state, gir, plan, lit, after = unescape(probe).split("\n")
    assert state == "shown"
    assert gir == 'GIR:  %nsum = graph.pull %contrib {agg = "sum", dir = "in"} : nodes<f64>'
    assert plan.startswith("plan: 17 PULL b11 <- v8  agg=sum dir=in weight=none ; b11[v] = agg(sum)")
    lit = set(lit.split())
    assert {"g:op17", "tr:17", "path:op12>op17", "path:op17>op18"} <= lit
    assert after == "after:0 hidden"
