"""``python -m course_lib`` runs the ``course`` command line."""

import sys

from course_lib.cli import main

# Guarded: the grader's worker processes are started by "spawn", which imports this module.
if __name__ == "__main__":
    sys.exit(main())
