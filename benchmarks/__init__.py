"""Benchmarks of course_lib against torch and micrograd: ``make bench``.

Groups, each a module with ``measure(plan) -> list[Row]``: `mlp_step` (an SGD step of the
MLP against torch), `value_engine` (`Value` against micrograd), `gradient_check` (the
gradient checker) and `notebooks` (executing the notebooks; autograding). `run` runs them
and `report` writes the results. torch and micrograd come from the ``bench`` extra
(``pip install -e '.[bench]'``); without them the comparison rows say they were skipped.
"""
