"""The grading subcommands of the ``course`` command line: collect, autograde, feedback,
rubrics, export, check and demo (see README.md, "For instructors")."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _workspace(args: argparse.Namespace):
    from course_lib.grading.course import configured_db_url, repository_root
    from course_lib.grading.workspace import Workspace

    repository = repository_root()
    db_url = args.db_url or configured_db_url(repository)
    return Workspace(repository, (args.course_dir or repository).resolve(), db_url)


def _backend(args: argparse.Namespace, workspace):
    """The backend ``--backend`` names (None: the default local pool); exits with a message
    when the celery backend lacks its broker or result store."""
    if args.backend == "local":
        return None
    from course_lib.grading.backends.celery_queue import CeleryBackend

    results = args.results or workspace.db_url
    if not args.broker or not results or not results.startswith("postgresql"):
        raise SystemExit(
            "course autograde: --backend celery needs --broker amqp://... and a PostgreSQL "
            "result store: --results postgresql+psycopg://... (default: the --db-url of a "
            "PostgreSQL gradebook)"
        )
    return CeleryBackend(args.broker, results, workspace.course / ".course-queue.json")


def _collect(args: argparse.Namespace) -> int:
    from course_lib.grading.collect import collect

    report = collect(_workspace(args), args.path)
    for student, unit in report.imported:
        print(f"imported   {student} {unit}")
    for student, unit in report.unchanged:
        print(f"unchanged  {student} {unit}")
    for problem in report.unmatched:
        print(f"NOT MATCHED {problem}")
    print(
        f"{len(report.imported)} imported, {len(report.unchanged)} unchanged, "
        f"{len(report.unmatched)} not matched"
    )
    return 1 if report.unmatched else 0


def _autograde(args: argparse.Namespace) -> int:
    from course_lib.grading.pipeline import autograde
    from course_lib.grading.sandbox.launch import SandboxUnavailable

    workspace = _workspace(args)
    try:
        results = autograde(
            workspace,
            args.units,
            jobs=args.jobs,
            timeout=args.timeout,
            force=args.force,
            sandboxed=not args.no_sandbox,
            backend=_backend(args, workspace),
        )
    except SandboxUnavailable as error:
        print(f"course autograde: {error}", file=sys.stderr)
        return 2
    for result in results:
        status = result["status"] + ("" if result["sandboxed"] else " (no sandbox)")
        print(f"{result['student']:20s} {result['unit']:30s} {status}")
    failed = sum(result["status"] != "graded" for result in results)
    print(f"{len(results)} graded now ({failed} failed); current results were kept")
    return 0


def _worker(args: argparse.Namespace) -> int:
    from course_lib.grading.backends.celery_queue import run_worker
    from course_lib.grading.sandbox.launch import SandboxUnavailable, check_sandbox

    try:
        check_sandbox()
    except SandboxUnavailable as error:
        print(f"course worker: {error}", file=sys.stderr)
        return 2
    run_worker(args.broker, args.results, concurrency=args.concurrency, work_dir=args.work_dir)
    return 0


def _feedback(args: argparse.Namespace) -> int:
    from course_lib.grading.feedback import write_feedback

    written = write_feedback(_workspace(args))
    print(f"{len(written)} feedback files written")
    return 0


def _rubrics(args: argparse.Namespace) -> int:
    from course_lib.grading.course import repository_root
    from course_lib.grading.notebook import NotebookError
    from course_lib.grading.rubrics import write_rubrics

    repository = repository_root()
    try:
        written = write_rubrics(repository, (args.course_dir or repository).resolve())
    except NotebookError as error:
        print(f"course rubrics: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(f"written: {path}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from course_lib.grading.export import export
    from course_lib.grading.sample_run import format_table

    workspace = _workspace(args)
    header, rows = export(workspace)
    print(format_table(header, rows))
    print(f"written: {workspace.grades_csv}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from course_lib.grading.notebook import NotebookError
    from course_lib.grading.self_check import check_notebook, sandbox_note

    note = sandbox_note()
    try:
        lines = check_notebook(args.notebook, timeout=args.timeout, sandboxed=not note)
    except NotebookError as error:
        print(error, file=sys.stderr)
        return 2
    for line in lines:
        print(line)
    if note:
        print(note)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from course_lib.grading.course import repository_root
    from course_lib.grading.sample_class import SAMPLE_STUDENTS
    from course_lib.grading.sample_run import format_table, run_sample_class

    print("The sample class (unit 01):")
    for student, what in SAMPLE_STUDENTS.items():
        print(f"  {student:10s} {what}")
    report, header, rows = run_sample_class(
        repository_root(), jobs=args.jobs, timeout=args.timeout, keep=args.keep
    )
    print(f"collected {len(report.imported)} submissions")
    print(format_table(header, rows))
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def add_grading_commands(commands) -> None:
    """Add the grading subcommands to ``commands`` (an argparse subparsers object)."""
    course_dir = argparse.ArgumentParser(add_help=False)
    course_dir.add_argument(
        "--course-dir",
        type=Path,
        default=None,
        help="the course folder with submitted/, autograded/, feedback/, gradebook.db "
        "(default: the repository root)",
    )
    course_dir.add_argument(
        "--db-url",
        default=None,
        help="the gradebook's database, e.g. postgresql+psycopg://user@host:5432/course "
        "(default: c.CourseDirectory.db_url of nbgrader_config.py, else gradebook.db in the "
        "course folder)",
    )
    collect = commands.add_parser(
        "collect",
        parents=[course_dir],
        help="import submissions from a folder or an LMS zip download",
        description="Copy every <student>_<unit>.ipynb found in PATH (a folder or a zip file, "
        "at any depth) to submitted/<student>/<unit>/<unit>.ipynb; list the files that match "
        "no unit or clash (exit status 1 when there are any).",
    )
    collect.add_argument("path", type=Path, metavar="PATH", help="a folder or a .zip file")
    collect.set_defaults(run=_collect)

    autograde = commands.add_parser(
        "autograde",
        parents=[course_dir],
        help="grade the collected submissions, students in parallel",
        description="Grade every collected submission whose result is not current. The "
        "source's tests, hidden tests included, run in this process against the student's "
        "answer cells, which run in a sandbox (bubblewrap); nbgrader's own run, in the sandbox "
        "too, only makes the notebook the formgrader shows. Safe to interrupt and re-run.",
    )
    autograde.add_argument("units", nargs="*", metavar="UNIT", help="units (default: all)")
    autograde.add_argument(
        "--jobs",
        type=_positive,
        default=os.cpu_count() or 1,
        help="submissions at once (default: one per core)",
    )
    autograde.add_argument(
        "--timeout",
        type=_positive,
        default=None,
        help="seconds per cell (default: c.Execute.timeout of nbgrader_config.py)",
    )
    autograde.add_argument("--force", action="store_true", help="regrade current results too")
    autograde.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run the students' code as plain processes, where the sandbox cannot start "
        "(unsafe: the export marks these grades)",
    )
    autograde.add_argument(
        "--backend",
        choices=("local", "celery"),
        default="local",
        help="where the jobs run: processes on this machine (local, the default) or the "
        "workers of a Celery broker (celery, see `course worker`)",
    )
    autograde.add_argument("--broker", default=None, help="the broker's URL (celery), amqp://...")
    autograde.add_argument(
        "--results",
        default=None,
        help="where the workers keep results until they are stored (celery): a PostgreSQL "
        "URL (default: --db-url)",
    )
    autograde.set_defaults(run=_autograde)

    worker = commands.add_parser(
        "worker",
        help="grade the jobs of a Celery broker on this machine",
        description="Start a grading worker: it takes jobs from the broker one per process, "
        "grades each in the sandbox (the harness decides, the student's code runs in "
        "bubblewrap) and keeps the result in the result store until `course autograde "
        "--backend celery` stores it. It never reads a course folder: a job carries what it "
        "needs. Stop it with SIGTERM (it finishes its jobs) or SIGKILL (they go back).",
    )
    worker.add_argument("--broker", required=True, help="the broker's URL, amqp://...")
    worker.add_argument(
        "--results", required=True, help="the result store, a PostgreSQL URL (as autograde's)"
    )
    worker.add_argument(
        "--concurrency",
        type=_positive,
        default=os.cpu_count() or 1,
        help="jobs at once (default: one per core)",
    )
    worker.add_argument(
        "--work-dir",
        type=Path,
        default=Path.home() / ".cache" / "course-worker",
        help="where templates are cached and jobs graded (default: ~/.cache/course-worker)",
    )
    worker.set_defaults(run=_worker)

    feedback = commands.add_parser(
        "feedback",
        parents=[course_dir],
        help="write an HTML report per student and unit",
        description="Write feedback/<student>/<unit>/<unit>.html: each exercise's points and "
        "the failure's last line; never test code.",
    )
    feedback.set_defaults(run=_feedback)

    rubrics = commands.add_parser(
        "rubrics",
        parents=[course_dir],
        help="write the graders' rubrics of the written answers",
        description="Write rubrics/<unit>.md: for each written answer of the unit, its "
        "question, the model answer and the point-by-point rubric, read from the source "
        "notebooks (the students never see them), for the graders in the formgrader.",
    )
    rubrics.set_defaults(run=_rubrics)

    export = commands.add_parser(
        "export",
        parents=[course_dir],
        help="write grades.csv: a row per student, a column per exercise and unit",
        description="Write grades.csv: student, <unit>:<exercise> scores, <unit>:total, "
        "<unit>:status (graded, missing, not graded yet, failed: reason) and total. A failed "
        "or missing unit has empty cells, never 0.",
    )
    export.set_defaults(run=_export)

    check = commands.add_parser(
        "check",
        help="a student's self-check: run a notebook's visible tests",
        description="Run the visible tests of every exercise of NOTEBOOK as grading runs them "
        "(the answer cells in the sandbox, where the machine allows it), and say which pass. "
        "The hidden tests run too when the notebook is graded.",
    )
    check.add_argument("notebook", type=Path, metavar="NOTEBOOK")
    check.add_argument("--timeout", type=_positive, default=60, help="seconds per exercise")
    check.set_defaults(run=_check)

    demo = commands.add_parser(
        "demo",
        help="grade the bundled sample class end to end and print the grade table",
        description="In a temporary course: release unit 01, collect the sample class (from "
        "perfect to cheating and snooping), autograde, write feedback, export, and print the "
        "grade table.",
    )
    demo.add_argument("--jobs", type=_positive, default=2, help="submissions at once")
    demo.add_argument("--timeout", type=_positive, default=5, help="seconds per cell")
    demo.add_argument("--keep", type=Path, default=None, help="copy the course folder here")
    demo.set_defaults(run=_demo)
