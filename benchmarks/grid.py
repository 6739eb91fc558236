"""Grading on several machines: Celery workers on RabbitMQ with results in PostgreSQL, against
the local process pool, on a simulated class of real submissions.

The class is the sample class's eleven kinds of submission (from perfect to looping, crashing
and malformed) replicated under different student ids, `STUDENTS_PER_KIND` of each (209
notebooks of unit 01). RabbitMQ, PostgreSQL and the `course worker --concurrency 1` processes
are the test suite's (`tests/cluster.py`; Debian's packages: `make grid-deps`). Measured:

- seconds per notebook (wall time / notebooks) with 1 and 2 workers, and the local pool with
  2 jobs, what an instructor would use instead (ratio: Celery / local);
- each notebook's grading time in its worker, p50 and p95;
- what the broker and the result store cost per job: the round trip of a job that a worker
  refuses at once (sent by another ``course_lib``), from sending to reading its result;
- the redelivery time: from SIGKILL of the worker holding the only job to the other worker
  starting it;
- the extrapolation to 5,000 students and six units on N workers, from the measured cost of
  a notebook per worker (unit 01; the other units take longer to run).

``python -m benchmarks --only grid`` runs it (about 50 minutes on 2 cores).
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks import rows, timing

GROUP = "Grading on several machines"
ROOT = Path(__file__).resolve().parents[1]
STUDENTS_PER_KIND = 19
QUICK_STUDENTS_PER_KIND = 1
TIMEOUT = 5
#: The extrapolation: students, units, and the worker counts it is printed for.
EXTRAPOLATED_STUDENTS = 5000
EXTRAPOLATED_UNITS = 6
EXTRAPOLATED_WORKERS = (2, 16, 64, 256)
#: Refused jobs whose round trips give the queue's and the result store's cost.
ROUND_TRIPS = 50
NOT_A_NOTEBOOK = "malformed"  # the sample class's one file that fails to grade


def measure(plan: timing.Plan) -> list[rows.Row]:
    sys.path.insert(0, str(ROOT / "tests"))  # the test suite's throwaway cluster
    from cluster import running_cluster

    per_kind = QUICK_STUDENTS_PER_KIND if plan.quick else STUDENTS_PER_KIND
    try:
        with tempfile.TemporaryDirectory(prefix="bench-grid-") as scratch:
            folder = Path(scratch)
            runs = {"local": _graded(folder / "local", per_kind, jobs=2)}
            with running_cluster(folder / "cluster", workers=0) as cluster:
                for count in (1, 2):
                    cluster.workers.keep(count)
                    runs[count] = _graded(folder / f"celery-{count}", per_kind, cluster=cluster)
                trip = _round_trip_seconds(cluster)
                redelivery = _redelivery_seconds(cluster, folder / "redelivery")
    except Exception as error:  # the failure is a finding, not the runner's end
        return [rows.Row(GROUP, "the whole group", "s", note=f"failed: {error!r}"[:300])]
    return grid_rows(runs, trip, redelivery)


def grid_rows(runs: dict, trip: float, redelivery: float) -> list[rows.Row]:
    """The group's rows from the runs (``"local"``, 1 and 2: dicts with ``notebooks``,
    ``wall``, ``p50``, ``p95``), the round trip and the redelivery time, in seconds."""
    found = []
    for count in (1, 2):
        run = runs[count]
        row = rows.Row(
            GROUP, f"{run['notebooks']} notebooks, Celery, {count} worker(s)", "s per notebook"
        )
        row.ours = run["wall"] / run["notebooks"]
        row.note = (
            f"wall {run['wall']:.0f} s; grading a notebook p50 {run['p50']:.2f} s, "
            f"p95 {run['p95']:.2f} s"
        )
        found.append(row)
    local = runs["local"]
    found[1].reference = local["wall"] / local["notebooks"]
    found[1].reference_name = "local pool, 2 jobs"
    found[1].ratio = found[1].ours / found[1].reference
    found.append(
        rows.Row(
            GROUP,
            "broker and result store per job",
            "ms",
            ours=trip * 1e3,
            note=f"median round trip of {ROUND_TRIPS} jobs that a worker refuses at once",
        )
    )
    found.append(
        rows.Row(
            GROUP,
            "redelivery after a killed worker",
            "s",
            ours=redelivery,
            note="SIGKILL of the worker holding the only job, to the other worker starting it",
        )
    )
    per_worker = runs[2]["wall"] * 2 / runs[2]["notebooks"]
    notebooks = EXTRAPOLATED_STUDENTS * EXTRAPOLATED_UNITS
    hours = {workers: notebooks * per_worker / workers / 3600 for workers in EXTRAPOLATED_WORKERS}
    found.append(
        rows.Row(
            GROUP,
            f"{EXTRAPOLATED_STUDENTS:,} students x {EXTRAPOLATED_UNITS} units, extrapolated",
            "h on 64 workers",
            ours=hours[64],
            note=f"{per_worker:.2f} s per notebook per worker (unit 01); "
            + ", ".join(f"{workers} workers {h:.1f} h" for workers, h in hours.items()),
        )
    )
    return found


def simulated_class(course: Path, per_kind: int):
    """A course in ``course`` with each kind of the sample class collected ``per_kind`` times
    under different ids; its workspace."""
    from course_lib.grading.collect import collect
    from course_lib.grading.sample_run import build_sample_course

    course.mkdir(parents=True)
    workspace, download = build_sample_course(ROOT, course)
    replicated = course / "replicated"
    replicated.mkdir()
    for path in sorted(download.iterdir()):
        student, unit = path.name.split("_", 1)
        for copy in range(per_kind):
            shutil.copy(path, replicated / f"{student}{copy:03d}_{unit}")
    collect(workspace, replicated)
    return workspace


def _graded(course: Path, per_kind: int, *, jobs: int = 2, cluster=None) -> dict:
    """Grade a simulated class (on ``cluster``, else the local pool); the wall time and the
    p50 and p95 of the notebooks' grading times."""
    from course_lib.grading.pipeline import autograde

    workspace = simulated_class(course, per_kind)
    backend = cluster.backend(workspace) if cluster else None
    start = time.perf_counter()
    results = autograde(workspace, jobs=jobs, timeout=TIMEOUT, progress=False, backend=backend)
    wall = time.perf_counter() - start
    ungraded = [
        r["student"]
        for r in results
        if r["status"] != "graded" and not r["student"].startswith(NOT_A_NOTEBOOK)
    ]
    if ungraded:
        raise RuntimeError(f"not graded: {', '.join(ungraded[:5])}")
    seconds = sorted(r["seconds"] for r in results if r["status"] == "graded")
    return {
        "notebooks": len(results),
        "wall": wall,
        "p50": timing.median(seconds),
        "p95": seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))],
    }


def _round_trip_seconds(cluster) -> float:
    """Median seconds from sending a job that a worker refuses at once to its result."""
    from course_lib.grading.backends.celery_queue import TASK, celery_app
    from course_lib.grading.backends.message import JobMessage

    app = celery_app(cluster.broker, cluster.workers.results)
    digest = hashlib.sha256(b"").hexdigest()
    refused = JobMessage("u", "s", b"", digest, b"", b"", 1, True, "0" * 64).to_wire()
    app.send_task(TASK, args=[refused]).get(timeout=120)  # the first one connects everything
    trips = []
    for _ in range(ROUND_TRIPS):
        start = time.perf_counter()
        outcome = app.send_task(TASK, args=[refused])
        outcome.get(timeout=60, interval=0.005)
        trips.append(time.perf_counter() - start)
        outcome.forget()
    return timing.median(trips)


def _redelivery_seconds(cluster, folder: Path) -> float:
    """Seconds from SIGKILL of the worker grading the only job to another worker starting
    it (two workers, one job)."""
    from course_lib.grading.pipeline import autograde

    workers = cluster.workers
    workers.keep(2)
    workspace = simulated_class(folder, 1)
    for student in workspace.students():
        if not student.startswith("perfect"):
            shutil.rmtree(workspace.submitted / student)
    before = len(workers.journal())
    measured = []

    def kill_then_time():
        while len(workers.journal()) == before:
            time.sleep(0.005)
        _, _, _, pid = workers.journal()[before]
        holder = next(p for p in workers.alive() if _session_of(pid) == p.pid)
        workers.kill(holder)
        killed = time.perf_counter()
        while not [line for line in workers.journal()[before + 1 :] if line[0] == "start"]:
            time.sleep(0.005)
        measured.append(time.perf_counter() - killed)

    killer = threading.Thread(target=kill_then_time)
    killer.start()
    autograde(workspace, timeout=TIMEOUT, progress=False, backend=cluster.backend(workspace))
    killer.join()
    return measured[0]


def _session_of(pid: int) -> int | None:
    import os

    try:
        return os.getsid(pid)
    except ProcessLookupError:
        return None
