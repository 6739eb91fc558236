"""nbgrader configuration of the course; the `course` command line loads it.

Folders (relative to the course root): `solutions/` holds the source notebooks with
solutions and hidden tests, `notebooks/` the generated student release.
"""

c = get_config()  # noqa: F821 (injected by traitlets)

c.CourseDirectory.course_id = "nn-fundamentals"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"

# Seconds a cell may run while autograding before it is interrupted and scored zero.
c.Execute.timeout = 60
# A test cell a student deleted is restored from the gradebook and graded.
c.OverwriteCells.add_missing_cells = True
