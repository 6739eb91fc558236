"""The own_work block: inside it, the exercise's references may not run; everything else may."""

from __future__ import annotations

import functools
import re
import sys
import threading
import warnings

import numpy as np
import pytest

import course_lib.own_work as own_work_module
from course_lib import activations, losses
from course_lib.layers import Sigmoid
from course_lib.own_work import OwnWorkError, forbidden_code, own_work, resolve, rule_sentence

RULE = "Exercise 'sigmoid' asks you to write it yourself, but your code used"
Z = np.array([-2.0, 0.0, 3.0])


def own_sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def test_own_code_runs_and_its_result_is_kept():
    with own_work("sigmoid"):
        result = own_sigmoid(Z)
    np.testing.assert_allclose(result, activations.sigmoid(Z))


@pytest.mark.parametrize(
    "borrow",
    [
        lambda: activations.sigmoid(Z),
        lambda: functools.partial(activations.sigmoid)(Z),
        lambda: Sigmoid().forward(Z[None, :]),
        lambda: type("Mine", (Sigmoid,), {})().forward(Z[None, :]),
        lambda: getattr(sys.modules["course_lib.activations"], "sig" + "moid")(Z),
    ],
    ids=["direct", "partial", "library-class", "subclass", "computed-name"],
)
def test_any_route_to_a_reference_fails_the_block_with_the_rule(borrow):
    with pytest.raises(OwnWorkError, match=RULE):
        with own_work("sigmoid"):
            borrow()


def test_catching_the_error_inside_the_block_does_not_help():
    with pytest.raises(OwnWorkError, match=re.escape("course_lib.activations.sigmoid")):
        with own_work("sigmoid"):
            try:
                activations.sigmoid(Z)
            except Exception:
                pass
            own_sigmoid(Z)


def test_a_reference_running_in_another_thread_is_seen():
    def borrow_in_a_thread():
        thread = threading.Thread(target=activations.sigmoid, args=(Z,))
        thread.start()
        thread.join()

    with pytest.raises(OwnWorkError, match=RULE):
        with own_work("sigmoid"):
            borrow_in_a_thread()


def test_switching_the_watcher_off_fails_the_block():
    with pytest.raises(OwnWorkError, match="switched off the check"):
        with own_work("sigmoid"):
            sys.setprofile(None)
            activations.sigmoid(Z)


def test_other_references_and_shared_helpers_stay_usable():
    with own_work("sigmoid"):
        activations.tanh(Z)  # the reference of no exercise here
        losses.squared_error(Z, Z)  # shares private helpers with the losses of other exercises
    with own_work("bce_loss_and_gradient"):
        activations.sigmoid(Z)  # another exercise's reference


def test_the_tests_may_call_the_reference_outside_the_block():
    with own_work("sigmoid"):
        result = own_sigmoid(Z)
    np.testing.assert_allclose(result, activations.sigmoid(Z))


def test_the_block_restores_the_profile_and_keeps_the_code_quiet():
    before = sys.getprofile()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with own_work("sigmoid"):
            warnings.warn("a student's debugging warning", stacklevel=1)
            print("to stderr", file=sys.stderr)
            assert sys.getprofile() is not None
    assert sys.getprofile() is before


def test_nested_blocks_restore_the_outer_rule():
    with pytest.raises(OwnWorkError, match=RULE):
        with own_work("sigmoid"):
            with own_work("xor_two_layer"):
                own_sigmoid(Z)
            activations.sigmoid(Z)


def test_an_error_of_the_student_passes_through_unchanged():
    with pytest.raises(ZeroDivisionError):
        with own_work("sigmoid"):
            1 / 0  # noqa: B018


def test_an_unknown_exercise_is_named_in_the_error():
    with pytest.raises(ValueError, match="'no_such_exercise' is not an exercise"):
        with own_work("no_such_exercise"):
            pass


def test_unknown_dotted_names_are_refused():
    with pytest.raises(ValueError, match="does not name an object"):
        resolve("nowhere.at.all")


def test_a_class_reference_brings_its_methods_and_exclusive_private_helpers():
    codes = {code.co_qualname for code in forbidden_code("bce_loss_and_gradient")}
    assert {"binary_cross_entropy", "BinaryCrossEntropy.forward", "_bce_terms"} <= codes
    assert "_reduce" not in codes  # shared with losses of other exercises


def test_the_rule_sentence_names_the_chosen_references_and_says_there_are_more():
    sentence = rule_sentence("sigmoid")
    assert "`course_lib.activations.sigmoid`" in sentence
    assert "`course_lib.engine.Value.sigmoid`" not in sentence  # a unit 04 name, not stated
    assert sentence.endswith("or another of the library's versions of it earns no marks.")


def test_the_rule_sentence_of_an_exercise_with_one_reference_names_just_that():
    sentence = rule_sentence("topological_order")
    assert sentence == (
        "Write this one yourself: an answer that uses `course_lib.engine.topological_order` "
        "earns no marks."
    )


def test_a_block_left_to_the_grader_only_keeps_quiet(monkeypatch):
    monkeypatch.setattr(own_work_module, "_left_to_grader", True)
    before = sys.getprofile()
    with own_work("sigmoid"):
        assert sys.getprofile() is before
        print("to stderr", file=sys.stderr)
