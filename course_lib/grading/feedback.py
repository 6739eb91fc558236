"""`course feedback`: one HTML report per student and unit, from the stored results.

A report lists each exercise with its points, passed or not, and the failure's last line as
the grader recorded it (a `course_lib.checks` message states values, never code); a failed
submission shows its reason. No cell, no traceback and no test source is ever rendered, so
hidden tests cannot leak; a score changed in the formgrader is not reflected here (the
report shows what the autograder found).
"""

from __future__ import annotations

from pathlib import Path

from course_lib.grading.export import is_graded, unit_status
from course_lib.grading.workspace import Workspace, write_atomically

TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{{ unit }}: feedback for {{ student }}</title>
<style>
body { font-family: sans-serif; max-width: 50rem; margin: 2rem auto; }
table { border-collapse: collapse; width: 100%; }
td, th { border-bottom: 1px solid #ccc; padding: .4rem; text-align: left; vertical-align: top; }
.pass { color: #1a7f37; } .fail { color: #b42318; }
</style></head><body>
<h1>{{ unit }}</h1>
<p>Student: <strong>{{ student }}</strong>. Status: <strong>{{ status }}</strong>.</p>
{% if notebook_run %}<p>Your notebook did not run to the end: {{ notebook_run }}. Your exercises
were graded all the same: each runs on its own with your answer cells.</p>{% endif %}
{% if exercises %}
<p>Autograded exercises: {{ score }} / {{ max_score }} points.
{% if written %}Written answers ({{ written }}) are graded by a person.{% endif %}</p>
<table><tr><th>exercise</th><th>points</th><th>result</th><th>message</th></tr>
{% for name, grade in exercises.items() %}
<tr><td>{{ name }}</td><td>{{ grade.score }} / {{ grade.max_points }}</td>
<td class="{{ 'pass' if grade.score == grade.max_points else 'fail' }}">
{{ 'passed' if grade.score == grade.max_points else 'failed' }}</td>
<td>{{ grade.message }}</td></tr>
{% endfor %}</table>
{% endif %}
</body></html>
"""


def write_feedback(workspace: Workspace) -> list[Path]:
    """Write ``feedback/<student>/<unit>/<unit>.html`` for every graded or failed submission
    whose result is current; return the files written."""
    from jinja2 import Environment

    template = Environment(autoescape=True).from_string(TEMPLATE)
    written = []
    for student in workspace.students():
        for unit_folder in sorted((workspace.submitted / student).iterdir()):
            unit = unit_folder.name
            status = unit_status(workspace, student, unit)
            result = workspace.read_result(student, unit)
            if result is None or status in ("missing", "not graded yet"):
                continue
            exercises = result["exercises"] if is_graded(status) else {}
            html = template.render(
                unit=unit,
                student=student,
                status=status,
                exercises=exercises,
                score=sum(grade["score"] for grade in exercises.values()),
                max_score=sum(grade["max_points"] for grade in exercises.values()),
                written=", ".join(result.get("written", {})),
                notebook_run=result.get("notebook_run", "").split(";")[0],
            )
            path = workspace.feedback / student / unit / f"{unit}.html"
            write_atomically(path, html)
            written.append(path)
    return written
