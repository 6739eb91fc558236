"""The course's code that runs inside the sandbox, beside the student's code.

Nothing here decides a grade. It receives the unit's setup cells, the student's answer cells
and a copy of course_lib with the graded exercise's references stubbed out, runs them, and
answers the harness's calls with data (`course_lib.grading.wire`). The sandbox's filesystem
holds none of the course's code: the host sends these modules' source to `boot` at start-up
(`RUNTIME_MODULES`, in import order), so they import only the standard library and numpy.
"""

#: (module, is a package) in the order the sandbox loads them.
RUNTIME_MODULES = (
    ("course_lib", True),
    ("course_lib.grading", True),
    ("course_lib.grading.wire", True),
    ("course_lib.grading.wire.channel", False),
    ("course_lib.grading.wire.names", False),
    ("course_lib.grading.wire.mirror", False),
    ("course_lib.grading.wire.peer", False),
    ("course_lib.grading.student_side", True),
    ("course_lib.grading.student_side.memory_import", False),
    ("course_lib.grading.student_side.exercise", False),
    ("course_lib.grading.student_side.zygote", False),
)
#: Packages loaded as empty placeholders at start-up: their real code (which may import
#: other parts of the library) arrives later with the library.
PLACEHOLDERS = ("course_lib", "course_lib.grading")
