"""Mistakes in builder programs: each raises at the user's line
(`FILE:LINE: error: ...`) with a message naming what is wrong."""

from __future__ import annotations

import inspect

import pytest

from grogc.builder import AlgorithmBuilder, BuilderError, BuilderTypeError, BuilderValueError
from grogc.errors import GrogError


def next_line() -> int:
    """The line after the caller's: where the failing statement stands."""
    return inspect.currentframe().f_back.f_lineno + 1


def raised_at(info, line: int) -> str:
    """The message after the `FILE:LINE: error: ` head, checking the head."""
    head = f"{__file__}:{line}: error: "
    text = str(info.value)
    assert text.startswith(head), text
    return text[len(head):].splitlines()[0]


@pytest.fixture
def b() -> AlgorithmBuilder:
    return AlgorithmBuilder("algo")


def test_adding_f64_and_i64_vectors_names_both_types(b):
    x, ids = b.init_nodes(1.0), b.node_ids()
    with pytest.raises(BuilderTypeError) as info:
        line = next_line()
        x + ids
    assert raised_at(info, line) == "cannot add nodes<f64> and nodes<i64> (no implicit conversion; use .cast('f64'))"
    assert isinstance(info.value, TypeError) and isinstance(info.value, GrogError)
    assert "x + ids" in str(info.value).splitlines()[1]  # the user's source line is shown


def test_float_literal_does_not_convert_to_i64(b):
    ids = b.node_ids()
    with pytest.raises(BuilderTypeError) as info:
        line = next_line()
        ids * 0.5
    assert raised_at(info, line) == "cannot multiply nodes<i64> and f64 (no implicit conversion; use .cast('f64'))"


def test_true_division_of_i64_is_refused(b):
    ids = b.node_ids()
    with pytest.raises(BuilderTypeError) as info:
        line = next_line()
        ids / 2
    assert "with '/': core.div on i64 is floor division (use '//'" in raised_at(info, line)


@pytest.mark.parametrize("expr, message", [
    (lambda b: b.node_ids().sqrt(), "cannot apply core.sqrt to nodes<i64> (core.sqrt needs f64; use .cast('f64'))"),
    (lambda b: b.init_nodes(1.0) & True, "cannot apply '&' (and) to nodes<f64> and bool (no implicit conversion; use .cast('f64'))"),
    (lambda b: ~b.init_nodes(1.0), "cannot apply core.not to nodes<f64> (core.not needs bool)"),
    (lambda b: b.init_nodes(True) + True, "cannot add nodes<bool> and bool (core.add needs f64 or i64 operands)"),
    (lambda b: b.init_nodes(True) < False, "cannot compare nodes<bool> and bool (core.lt needs f64 or i64 operands)"),
    (lambda b: b.init_nodes(1.0).any(), "'core.reduce' op operand #0 has type nodes<f64>, but reduce 'any' needs nodes<bool>"),
    (lambda b: b.node_ids().pull("sum", weight="mul"),
     "'graph.pull' op operand #0 has type nodes<i64>, but weight 'mul' combines with f64 weights: cast to nodes<f64> first"),
    (lambda b: b.init_nodes(1.0).pull("sum", gate=b.param("on", "bool")),
     "'graph.pull' op operand #1 (the weight gate) has type bool, but weight 'none' has no weights to switch"),
    (lambda b: b.init_nodes(1.0).pull("sum", weight="mul", gate=1.0),
     "'graph.pull' op operand #1 (the weight gate) has type f64, but must be bool"),
    (lambda b: b.init_nodes(1.0).pull("max", weight="add", gate=b.init_nodes(True)),
     "'graph.pull' op operand #1 (the weight gate) has type nodes<bool>, but must be bool"),
    (lambda b: b.fill(b.node_ids()), "cannot fill from nodes<i64>: core.fill broadcasts a scalar"),
    (lambda b: b.select(b.node_ids() > 1, 1.0, b.node_ids()),
     "cannot select between f64 and nodes<i64> (no implicit conversion; use .cast('f64'))"),
    (lambda b: b.init_nodes("one"), "a str is not a GIR value (use a handle, or a Python bool, int or float)"),
    (lambda b: b.const(1.5, "i64"), "the literal 1.5 is f64, not i64"),
    (lambda b: b.const(2**70), "'core.const' op literal 1180591620717411303424 is out of range for i64"),
])
def test_type_errors(b, expr, message):
    with pytest.raises(BuilderTypeError) as info:
        expr(b)
    assert str(info.value).split(": error: ", 1)[1].splitlines()[0] == message


@pytest.mark.parametrize("expr, message", [
    (lambda b: b.node_ids().pull("summ"),
     "agg must be one of 'sum', 'mean', 'min', 'max', 'count', 'or', 'and', 'mode'; got 'summ'"),
    (lambda b: b.degree("both"), "dir must be one of 'in', 'out', 'all'; got 'both'"),
    (lambda b: b.node_ids().pull("sum", weight="times"),
     "'graph.pull' op attribute 'weight' must be one of \"none\", \"mul\", \"add\"; got \"times\""),
    (lambda b: b.node_ids().cast("int"), "unknown element type 'int' (valid: f64, i64, bool)"),
    (lambda b: b.param("alpha", "float"), "unknown parameter type 'float' (valid: f64, i64, bool, node)"),
    (lambda b: b.node_ids(name="3"), "'3' is not a valid value name (a letter or '_', then letters, digits, '_' or '.';"
                                     " numbers are kept for generated names)"),
])
def test_value_errors(b, expr, message):
    with pytest.raises(BuilderValueError) as info:
        expr(b)
    assert isinstance(info.value, ValueError)
    assert str(info.value).split(": error: ", 1)[1].splitlines()[0] == message


def test_handle_has_no_truth_value(b):
    x = b.init_nodes(1.0)
    with pytest.raises(BuilderTypeError) as info:
        line = next_line()
        if x > 0.5:
            pass
    assert raised_at(info, line).startswith("a nodes<bool> handle has no Python truth value")


def test_python_equality_cannot_become_a_condition(b):
    ids = b.node_ids()
    with pytest.raises(BuilderTypeError) as info:
        b.select(ids == 3, 1, 0)
    assert "the select condition is a Python bool, not a bool handle (did you write x == y? use x.eq(y))" in str(info.value)
    assert {ids: 1}[ids] == 1  # handles stay hashable


def test_wrong_parameter_default(b):
    with pytest.raises(BuilderTypeError) as info:
        line = next_line()
        b.param("max_iter", "i64", default=2.5)
    assert raised_at(info, line) == "parameter %max_iter has type i64, but its default 2.5 is not an i64"


def test_names_must_be_unique(b):
    b.node_ids(name="ids")
    with pytest.raises(BuilderValueError) as info:
        line = next_line()
        b.init_nodes(1.0, name="ids")
    assert raised_at(info, line) == f"the name %ids is already used (at {__file__}:{line - 3})"


def test_output_named_twice(b):
    b.output("r", b.node_ids())
    with pytest.raises(BuilderValueError) as info:
        b.output("r", b.node_ids())
    assert "output \"r\" is already named (at " in str(info.value)


def test_output_node_ids_needs_i64(b):
    with pytest.raises(BuilderTypeError) as info:
        b.output("r", b.init_nodes(1.0), node_ids=True)
    assert "but node_ids = true needs i64 internal ids" in str(info.value)


def test_missing_yield_is_reported_at_the_loop(b):
    x0 = b.init_nodes(1.0)
    with pytest.raises(BuilderError) as info:
        line = next_line()
        with b.while_loop(10, x=x0) as loop:
            loop.x * 2.0
    assert raised_at(info, line) == "the while loop's body does not end with loop.yield_(cond, x=...)"


def test_yield_with_wrong_type_names_both(b):
    with pytest.raises(BuilderTypeError) as info:
        with b.repeat(3, x=b.init_nodes(1.0)) as loop:
            line = next_line()
            loop.yield_(x=loop.x.cast("i64"))
    assert raised_at(info, line) == "loop value 'x' is nodes<f64>, but yield_ gives nodes<i64> (no implicit conversion; use .cast('f64'))"


def test_yield_with_scalar_for_vector(b):
    with pytest.raises(BuilderTypeError) as info:
        with b.repeat(3, x=b.init_nodes(1.0)) as loop:
            loop.yield_(x=loop.x.sum())
    assert "loop value 'x' is nodes<f64>, but yield_ gives f64 (use .fill() to broadcast a scalar)" in str(info.value)


def test_yield_must_give_every_carried_value(b):
    with pytest.raises(BuilderError) as info:
        with b.repeat(3, x=1.0, y=2) as loop:
            loop.yield_(x=loop.x, z=1)
    assert "loop.yield_ must give every carried value (x, y); missing y; unknown z" in str(info.value)


@pytest.mark.parametrize("make_cond, message", [
    (lambda loop: loop.x > 0.0, "the while condition is nodes<bool>, but must be a bool scalar (reduce it first, e.g. .any())"),
    (lambda loop: True, "the while condition is a Python bool, not a bool handle"),
    (lambda loop: loop.x.sum(), "the while condition is f64, but must be a bool scalar"),
])
def test_while_condition_must_be_a_bool_scalar_handle(b, make_cond, message):
    with pytest.raises(BuilderTypeError) as info:
        with b.while_loop(3, x=b.init_nodes(1.0)) as loop:
            loop.yield_(make_cond(loop), x=loop.x)
    assert message in str(info.value)


def test_while_yield_needs_the_condition_and_repeat_refuses_one(b):
    with pytest.raises(BuilderError, match=r"a while loop yields its condition first: loop.yield_\(cond, x=...\)"):
        with b.while_loop(3, x=1.0) as loop:
            loop.yield_(x=loop.x)
    with pytest.raises(BuilderError, match=r"a repeat loop has no condition: loop.yield_\(x=...\)"):
        with b.repeat(3, x=1.0) as loop:
            loop.yield_(loop.x > 0.0, x=loop.x)


def test_nothing_may_follow_the_yield(b):
    with pytest.raises(BuilderError) as info:
        with b.repeat(3, x=1.0) as loop:
            yield_line = next_line()
            loop.yield_(x=loop.x)
            line = next_line()
            loop.x + 1.0
    assert raised_at(info, line) == f"the loop body already ended with loop.yield_ at line {yield_line}; nothing may follow it"


def test_inner_values_are_not_visible_after_the_loop(b):
    with b.repeat(3, x=b.init_nodes(1.0)) as loop:
        inner = (loop.x * 2.0).named("inner")
        loop.yield_(x=inner)
    with pytest.raises(BuilderError) as info:
        line = next_line()
        inner + 1.0
    assert raised_at(info, line) == ("%inner was defined inside a loop body and is not visible here"
                                     " (carry it out of the loop as a loop variable and use loop.results)")
    with pytest.raises(BuilderError, match="loop variable 'x' exists only inside the with block; after the loop use loop.results.x"):
        loop.x


def test_results_exist_only_after_the_loop(b):
    with pytest.raises(BuilderError, match=r"loop.results exist after the with block has ended"):
        with b.repeat(3, x=1.0) as loop:
            loop.results


def test_output_inside_a_loop_is_refused(b):
    with pytest.raises(BuilderError, match="outputs are named at the top level, not inside a loop body"):
        with b.repeat(3, x=1.0) as loop:
            b.output("x", loop.x)


def test_loop_cap_must_be_i64(b):
    with pytest.raises(BuilderTypeError) as info:
        line = next_line()
        b.while_loop(2.5, x=1.0)
    assert raised_at(info, line) == "the loop's round cap is f64, but must be i64"


def test_reserved_loop_keyword(b):
    with pytest.raises(BuilderValueError, match="'results' cannot name a loop variable"):
        b.repeat(1, results=1.0)


def test_ir_of_an_open_loop(b):
    with pytest.raises(BuilderError, match="the IR is not complete while a loop's with block is open"):
        with b.repeat(1, x=1.0) as loop:
            b.ir()


def test_user_exception_inside_a_loop_propagates_and_builder_recovers(b):
    with pytest.raises(ZeroDivisionError):
        with b.repeat(1, x=1.0):
            1 / 0
    b.output("ids", b.node_ids())  # top level again
    assert "control.repeat" not in str(b)


def test_handles_of_another_builder(b):
    other = AlgorithmBuilder("other")
    with pytest.raises(BuilderValueError, match=r"this handle belongs to another builder \(@other\)"):
        b.init_nodes(1.0) + other.init_nodes(1.0)


def test_parameter_names_are_fixed(b):
    alpha = b.param("alpha", "f64")
    with pytest.raises(BuilderValueError, match="%alpha is a parameter; its name is fixed by b.param"):
        alpha.named("beta")


def test_a_failed_call_leaves_no_stray_ops(b):
    ids = b.node_ids(name="ids")
    flag = ids > 1
    top = b.ir().functions[0].body.ops
    for bad in (lambda: ids * 0.5, lambda: b.const(1.5, "i64"), lambda: b.select(flag, 1.0, ids)):
        with pytest.raises(BuilderTypeError):
            bad()
    assert len(b.ir().functions[0].body.ops) == len(top)
    with b.repeat(2, k=0) as loop:
        with pytest.raises(BuilderTypeError):
            loop.yield_(k=0.5)
        assert loop._scope.block.ops == []  # the 0.5 constant is gone again
        loop.yield_(k=loop.k)


def test_a_refused_gate_leaves_nothing_behind(b):
    x = b.init_nodes(1.0, name="x")
    before = len(b.ir().functions[0].body.ops)
    with pytest.raises(BuilderTypeError):
        x.pull("sum", gate=True)  # weight "none": the literal's constant must go again
    assert len(b.ir().functions[0].body.ops) == before
    ok = x.pull("sum", weight="mul", gate=True, name="p")
    assert [v.name for v in ok.value.owner.operands][0] == "x"


def test_attribute_name_with_a_newline_is_an_error_at_the_users_line():
    from grogc.builder import AlgorithmBuilder, BuilderError

    b = AlgorithmBuilder("x")
    with pytest.raises(BuilderError, match=r"holds a newline, which a GIR string cannot contain"):
        b.load_attr("a\nb", "bool")
