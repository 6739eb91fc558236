"""The trusted harness: runs the source's test cells and decides every point.

The harness never runs student code. For each exercise it asks the submission's sandbox
(`course_lib.grading.sandbox.student_processes`) for a fresh child, sends it the library with
that exercise's references stubbed out (`stubs`), the unit's setup cells and the student's
answer cells up to and including the exercise's own, and runs the source's test cell, hidden
tests included, in its own interpreter, where the student's functions, classes and objects are
stand-ins (`proxies`) that forward every use to the child and get data back
(`course_lib.grading.wire`). Expected values, the checks and the verdict never leave the
harness, so nothing the student's code does can make it say "pass": an answer passes when the
test cell, run here on the data the student's code returned, raises nothing.
"""
