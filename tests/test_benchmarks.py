"""The benchmark runner's logic, without timing anything: interleaving, targets, the report,
the README block, the autograding rows (on a fake grader) and the scalar MLP both engines
are timed on."""

from __future__ import annotations

import os

import numpy as np
import pytest

from benchmarks import environment, notebooks, report, rows, timing, value_engine
from course_lib.engine import Value, topological_order

INSTANT = timing.Plan(rounds=4, block_seconds=0.0, pause_seconds=0.0, long_runs=2)


def test_contenders_take_turns_in_alternating_order():
    calls = []
    samples = timing.interleaved(
        {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")},
        timing.Plan(rounds=4, block_seconds=0.0, pause_seconds=0.0, long_runs=1, warmup_calls=0),
    )
    calibration = ["a", "b"]  # one call each, to size the blocks
    blocks = ["a", "b", "b", "a", "a", "b", "b", "a"]  # one call a block, order alternating
    assert calls == [*calibration, *blocks]
    assert {name: len(values) for name, values in samples.items()} == {"a": 4, "b": 4}


def test_the_ratio_is_the_median_of_per_round_ratios():
    assert timing.paired_ratio([1.0, 4.0, 3.0], [2.0, 2.0, 1.0]) == 2.0


def make_row(ours: float, reference: float | None) -> rows.Row:
    samples = {"ours": [ours]} | ({"torch": [reference]} if reference else {})
    return rows.compared("group", "case", "s", 1.0, samples, "torch")


@pytest.mark.parametrize(
    "ours, reference, judge, met",
    [
        (1.1, 1.0, lambda row: rows.ratio_at_most(row, 1.2), True),
        (1.3, 1.0, lambda row: rows.ratio_at_most(row, 1.2), False),
        (1.0, 3.0, lambda row: rows.faster_by_at_least(row, 3.0), True),
        (1.0, 2.9, lambda row: rows.faster_by_at_least(row, 3.0), False),
        (1.0, None, lambda row: rows.ratio_at_most(row, 1.2), None),
        (0.5, None, lambda row: rows.ours_at_most(row, 1.0, "<= 1 s"), True),
    ],
)
def test_targets(ours, reference, judge, met):
    assert judge(make_row(ours, reference)).met is met


def test_the_report_lists_missed_targets_and_skipped_rows():
    rows_ = [
        rows.ratio_at_most(make_row(2.0, 1.0), 1.2),
        rows.ratio_at_most(make_row(1.0, 1.0), 1.2),
        rows.skipped("other group", "a case", "s", "absent: no notebook"),
    ]
    text = report.markdown({"machine": "test"}, rows_, quick=True)
    assert "### group" in text and "### other group" in text
    assert "| case | s | 2 | 1 | 2 | ratio <= 1.2 | **no** |" in text
    assert "Targets met: 1 of 2." in text
    assert "- other group, a case: skipped: absent: no notebook" in text
    assert "Quick run" in text


def test_the_readme_block_is_replaced_and_nothing_else(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"before\n{report.README_START}\nold\n{report.README_END}\nafter\n")
    assert report.update_readme(readme, "new table\n", tmp_path / "results" / "results.png")
    text = readme.read_text()
    assert text.startswith("before\n") and text.endswith("after\n")
    assert "old" not in text and "new table" in text and "(results/results.png)" in text
    bare = tmp_path / "BARE.md"
    bare.write_text("no markers\n")
    assert not report.update_readme(bare, "table", tmp_path / "x.png")
    assert bare.read_text() == "no markers\n"


@pytest.mark.parametrize("bare_seconds, cost_met", [(3.75, True), (3.5, False)])
def test_autograding_rows_judge_the_overhead_the_speed_up_and_the_sandbox(
    monkeypatch, bare_seconds, cost_met
):
    monkeypatch.setattr(notebooks.time, "sleep", lambda seconds: None)
    calls = []

    def measure(jobs, sandboxed):
        calls.append((jobs, sandboxed))
        # 2 jobs halve the time; 1 job without the sandbox takes bare_seconds
        per_student = 4.0 / jobs if sandboxed else bare_seconds
        return {
            "seconds": 8 * per_student,
            "seconds_per_student": per_student,
            "students": 8,
            "notebook_seconds": 3.0,
            "overhead_per_notebook": per_student * jobs - 3.0,
            "once_per_run_seconds": 2.0,
        }

    one, two, cost = notebooks.autograde_rows(INSTANT, measure)
    assert calls == [(1, False), (1, True), (2, True)] * notebooks.AUTOGRADE_RUNS
    assert (one.ours, one.met) == (4.0, True)  # 1 s above the notebook's own 3 s
    assert (two.ours, two.reference, two.ratio, two.met) == (2.0, 4.0, 0.5, True)
    assert cost.case == "sample class: sandbox cost, 1 job"
    assert (cost.ours, cost.met) == (4.0 - bare_seconds, cost_met)  # target: <= 0.3 s
    assert cost.ratio == pytest.approx(4.0 / bare_seconds)
    assert cost.samples["no sandbox"] == [bare_seconds] * notebooks.AUTOGRADE_RUNS


def test_a_failing_autograder_gives_a_failed_row():
    def measure(jobs, sandboxed):
        raise RuntimeError("no kernel")

    (row,) = notebooks.autograde_rows(INSTANT, measure)
    assert row.note.startswith("failed: RuntimeError('no kernel')")


def test_blas_overrides_must_be_dropped_before_numpy_is_imported(monkeypatch):
    monkeypatch.delenv("OPENBLAS_CORETYPE", raising=False)
    monkeypatch.delenv("OPENBLAS_L2_SIZE", raising=False)
    assert environment.drop_blas_overrides("benchmarks", []) is None  # nothing to drop
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Haswell")
    with pytest.raises(RuntimeError, match="numpy was imported"):
        environment.drop_blas_overrides("benchmarks", [])


def test_the_scalar_mlp_computes_relu_layers_and_a_linear_output():
    model = value_engine.ScalarMLP(Value, (2, 3, 1), np.random.default_rng(0))
    (hidden, (output,)) = model.layers
    W1 = np.array([[w.data for w in weights] for weights, _ in hidden])
    b1 = np.array([bias.data for _, bias in hidden])
    w2 = np.array([w.data for w in output[0]])
    x = [0.5, -1.5]
    expected = np.maximum(W1 @ x + b1, 0.0) @ w2 + output[1].data
    out = model(x)
    assert out.data == pytest.approx(expected, rel=1e-12)
    assert value_engine.count_nodes(out) == len(topological_order(out))


def test_a_busy_machine_is_called_out():
    cores = os.cpu_count() or 1
    quiet, busy = "0.00 0.00 0.00 (1, 5, 15 min)", f"{cores:.2f} 0.00 0.00 (1, 5, 15 min)"
    assert environment.busy_warning([quiet, quiet]) is None
    assert "busy" in environment.busy_warning([quiet, busy])


def test_the_grid_rows_extrapolate_from_the_measured_cost_per_worker():
    from benchmarks import grid

    run = {"notebooks": 200, "p50": 3.0, "p95": 6.0}
    runs = {"local": {**run, "wall": 380.0}, 1: {**run, "wall": 800.0}, 2: {**run, "wall": 400.0}}
    one, two, trip, redelivery, extrapolated = grid.grid_rows(runs, 0.012, 0.6)
    assert (one.ours, two.ours) == (4.0, 2.0)
    assert two.reference == 1.9 and two.ratio == pytest.approx(2.0 / 1.9)
    assert trip.ours == pytest.approx(12.0) and redelivery.ours == 0.6
    # 2 workers took 400 s for 200 notebooks: 4 s per notebook per worker; 30,000 notebooks
    # on 64 workers take 30,000 * 4 / 64 s.
    assert extrapolated.ours == pytest.approx(30_000 * 4.0 / 64 / 3600)
    assert "256 workers 0.1 h" in extrapolated.note
    table = report.markdown({}, [one, two, trip, redelivery, extrapolated], quick=False)
    assert "5,000 students x 6 units, extrapolated" in table and "local pool, 2 jobs" in table


def test_a_run_of_some_groups_keeps_the_other_groups_rows_and_says_from_when(tmp_path):
    earlier = tmp_path / "results.json"
    old = [rows.Row("A", "a", "s", ours=1.0), rows.Row("B", "b", "s", ours=2.0)]
    report.write_json(earlier, {"date": "2026-11-25 17:40 UTC"}, old)
    described, merged = report.with_earlier_rows(
        {"date": "now"}, [rows.Row("B", "b", "s", ours=3.0)], earlier
    )
    assert [(row.group, row.ours) for row in merged] == [("A", 1.0), ("B", 3.0)]
    assert described["earlier rows"] == "A: from the run of 2026-11-25 17:40 UTC"
    assert report.with_earlier_rows({}, old, tmp_path / "absent.json") == ({}, old)
