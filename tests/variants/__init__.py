"""Wrong and alternative correct answers to every exercise, one module per unit.

Each module holds ``VARIANTS = {grade_id: {"wrong: <mistake>": source, "correct: <how it
differs>": source}}``; `tests/test_exercises.py` grades them with the notebook's own tests.
"""
