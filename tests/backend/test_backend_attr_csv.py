"""`--attr NAME=FILE.csv`: header detection and the line an error is reported on.

A first line is a header only when neither field parses as a number (nor,
for a bool attribute, as true/false); otherwise it is data, and an error in
it is reported as `FILE:1: error: ...`, never skipped.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from grogc.backend.params import ParamError, read_attr_file
from grogc.cli import app
from grogc.graph import Graph

from backend_helpers import GOLDEN

runner = CliRunner()
KARATE = GOLDEN.parent / "examples" / "karate.mtx"


@pytest.fixture
def graph():
    return Graph.from_edges([1, 2, 3], [2, 3, 1])  # nodes 1, 2, 3


def _read(tmp_path, text, dtype="f64", graph=None, name="a.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path, read_attr_file(path, dtype, graph)


def _error(tmp_path, text, dtype, graph):
    path = tmp_path / "a.csv"
    path.write_text(text)
    with pytest.raises(ParamError) as info:
        read_attr_file(path, dtype, graph)
    return path, str(info.value)


def test_a_header_of_names_is_skipped(tmp_path, graph):
    _, values = _read(tmp_path, "node,score\n1,0.5\n2,1.5\n3,2.5\n", graph=graph)
    assert values.tolist() == [0.5, 1.5, 2.5]
    _, values = _read(tmp_path, "# scores\n\nid , rank\n3,7\n1,5\n2,6\n", "i64", graph)
    assert values.tolist() == [5, 6, 7]


def test_a_file_without_header_reads_every_line(tmp_path, graph):
    _, values = _read(tmp_path, "1,0.5\n2,1.5\n3,2.5\n", graph=graph)
    assert values.tolist() == [0.5, 1.5, 2.5]


def test_first_line_with_a_number_and_a_bad_value_is_an_error_at_line_1(tmp_path, graph):
    path, message = _error(tmp_path, "1,abc\n2,1.5\n3,2.5\n", "f64", graph)
    assert message == f"{path}:1: error: bad f64 value 'abc' in column 2 (expected a number): '1,abc'"
    assert "have no value" not in message


def test_i64_first_line_with_a_fraction_is_an_error_at_line_1(tmp_path, graph):
    path, message = _error(tmp_path, "1,1.5\n2,x\n3,3\n", "i64", graph)
    assert message == f"{path}:1: error: bad i64 value '1.5' in column 2 (expected an integer): '1,1.5'"


def test_first_line_with_a_bad_node_and_a_number_is_data(tmp_path, graph):
    path, message = _error(tmp_path, "x,1.5\n1,1\n2,2\n3,3\n", "f64", graph)
    assert message == f"{path}:1: error: bad node id 'x' in column 1 (expected an integer id): 'x,1.5'"


def test_first_data_line_after_comments_keeps_its_own_line_number(tmp_path, graph):
    path, message = _error(tmp_path, "# made by hand\n\n1,abc\n", "f64", graph)
    assert message.startswith(f"{path}:3: error: bad f64 value 'abc'")


def test_bool_first_line_of_true_false_is_data(tmp_path, graph):
    path, message = _error(tmp_path, "x,true\n", "bool", graph)
    assert message == f"{path}:1: error: bad node id 'x' in column 1 (expected an integer id): 'x,true'"
    _, values = _read(tmp_path, "node,flag\n1,true\n2,0\n3,False\n", "bool", graph)
    assert values.tolist() == [True, False, False]
    path, message = _error(tmp_path, "1,maybe\n", "bool", graph)
    assert message == f"{path}:1: error: bad bool value 'maybe' in column 2 (expected true, false, 1 or 0): '1,maybe'"


def test_later_lines_and_out_of_range_values(tmp_path, graph):
    path, message = _error(tmp_path, "node,score\n1,0.5\n2,oops\n", "f64", graph)
    assert message == f"{path}:3: error: bad f64 value 'oops' in column 2 (expected a number): '2,oops'"
    path, message = _error(tmp_path, f"1,{2**63}\n", "i64", graph)
    assert message == f"{path}:1: error: i64 value {2**63} in column 2 is out of the 64-bit integer range: '1,{2**63}'"


def test_a_byte_order_mark_is_not_part_of_the_first_line(tmp_path, graph):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeff1,0.5\n2,1.5\n3,2.5\n".encode())
    assert read_attr_file(path, "f64", graph).tolist() == [0.5, 1.5, 2.5]


def _cli(tmp_path, gir_text, attr_text):
    gir = tmp_path / "a.gir"
    gir.write_text(gir_text)
    csv = tmp_path / "a.csv"
    csv.write_text(attr_text)
    result = runner.invoke(app, ["run", str(gir), "--graph", str(KARATE), "--attr", f"a={csv}", "--no-cache"])
    return csv, result


F64 = 'func @f() {\n  %a = attr.load "a" : nodes<f64>\n  attr.output "a", %a\n}\n'
I64 = 'func @f() {\n  %a = attr.load "a" : nodes<i64>\n  attr.output "a", %a\n}\n'


def test_cli_reports_line_1_for_the_karate_graph(tmp_path):
    rows = "".join(f"{v},{v}\n" for v in range(2, 35))
    csv, result = _cli(tmp_path, F64, "1,abc\n" + rows)
    assert result.exit_code == 1
    assert f"{csv}:1: error: bad f64 value 'abc' in column 2 (expected a number): '1,abc'" in str(result.exception)
    csv, result = _cli(tmp_path, I64, "1,1.5\n" + rows)
    assert f"{csv}:1: error: bad i64 value '1.5' in column 2 (expected an integer): '1,1.5'" in str(result.exception)
    csv, result = _cli(tmp_path, I64, "node,a\n1,1\n" + rows)
    assert result.exit_code == 0, result.output
    assert "a: min 1, max 34" in result.output
