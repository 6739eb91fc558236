"""The job messages that travel to grading workers, and the ledger of those sent."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_lib.grading.backends.ledger import Ledger
from course_lib.grading.backends.message import (
    JobMessage,
    MessageError,
    library_version,
    pack_bytes,
    unpack_bytes,
)
from course_lib.grading.backends.worker_job import grade_message


def _message(submission: bytes = b"{}", **changes) -> JobMessage:
    fields = {
        "unit": "00_fixture",
        "student": "ada",
        "submission": submission,
        "submission_hash": hashlib.sha256(submission).hexdigest(),
        "source": b"source",
        "config": b"config",
        "timeout": 10,
        "sandboxed": True,
        "library": library_version(),
        **changes,
    }
    return JobMessage(**fields)


@given(st.binary(max_size=4096), st.text(min_size=1, max_size=20), st.booleans())
def test_a_message_crosses_as_json_safe_data_and_comes_back_equal(submission, student, sandboxed):
    message = _message(submission, student=student, sandboxed=sandboxed)
    wire = message.to_wire()
    assert all(isinstance(value, str | int | bool) for value in wire.values())
    assert JobMessage.from_wire(wire) == message


def test_the_digest_changes_with_everything_that_decides_the_grade():
    base = _message()
    changed = [
        _message(b"[]"),
        _message(source=b"other"),
        _message(config=b"other"),
        _message(timeout=11),
        _message(sandboxed=False),
        _message(library="0" * 64),
        _message(student="bob"),
    ]
    assert len({base.digest, *(message.digest for message in changed)}) == 1 + len(changed)
    assert _message().digest == base.digest


@pytest.mark.parametrize(
    ("break_it", "complaint"),
    [
        (lambda wire: wire.pop("source"), "lacks ['source']"),
        (lambda wire: wire.update(submission="not base64!"), "submission is not packed"),
        (lambda wire: wire.update(config=7), "config is not packed"),
        (lambda wire: wire.update(submission_hash="0" * 64), "do not have the hash"),
    ],
)
def test_a_malformed_message_is_refused_with_what_is_wrong(break_it, complaint):
    wire = _message().to_wire()
    break_it(wire)
    with pytest.raises(MessageError, match=complaint.replace("[", r"\[").replace("]", r"\]")):
        JobMessage.from_wire(wire)


def test_a_message_that_is_not_a_dict_is_refused():
    with pytest.raises(MessageError, match="is a dict, got list"):
        JobMessage.from_wire([])


def test_packed_bytes_come_back():
    assert unpack_bytes(pack_bytes(b"\x00" * 1000)) == b"\x00" * 1000


def test_a_worker_of_another_version_refuses_the_job_and_grades_nothing(tmp_path):
    result = grade_message(_message(library="f" * 64).to_wire(), tmp_path)
    assert result["unit"] == "00_fixture" and result["student"] == "ada"
    assert "install the instructor's version on the worker" in result["refused"]
    assert not (tmp_path / "journal.log").exists()


def test_the_ledger_keeps_a_sent_job_and_resends_an_unsent_one(tmp_path):
    path = tmp_path / ".course-queue.json"
    sent, unsent = _message(), _message(student="bob")
    ledger = Ledger(path)
    sent_id, was_sent = ledger.task_id(sent.key, sent.digest)
    assert not was_sent
    unsent_id, _ = ledger.task_id(unsent.key, unsent.digest)
    ledger.record(
        {sent.key: (sent_id, sent.digest), unsent.key: (unsent_id, unsent.digest)}, sent=False
    )
    ledger.record({sent.key: (sent_id, sent.digest)}, sent=True)

    reread = Ledger(path)
    assert reread.task_id(sent.key, sent.digest) == (sent_id, True)
    assert reread.task_id(unsent.key, unsent.digest) == (unsent_id, False)
    changed = _message(b"[]")
    assert reread.task_id(changed.key, changed.digest)[0] != sent_id

    reread.forget(sent.key)
    reread.forget(unsent.key)
    reread.flush()
    assert not path.exists()


def test_a_rerun_collects_a_result_stored_before_the_kill_without_sending_again(tmp_path):
    """The run before was killed after the worker stored the result: the ledger names the job
    as sent, so nothing is sent (the broker here cannot even take a message), and the stored
    result is collected, then deleted."""
    from course_lib.grading.backends.celery_queue import CeleryBackend, celery_app

    results = f"sqlite:///{tmp_path / 'results.db'}"
    message = _message()
    ledger = Ledger(tmp_path / ".course-queue.json")
    ledger.record({message.key: ("task-1", message.digest)}, sent=True)
    app = celery_app("memory://", results)
    graded = {"unit": message.unit, "student": message.student, "status": "graded"}
    app.backend.store_result("task-1", graded, "SUCCESS")
    backend = CeleryBackend("amqp://nobody@127.0.0.1:1//", results, ledger.path)

    collected = []
    backend.run([message], lambda job, result: collected.append((job, result)))

    assert collected == [(message, graded)]
    assert not ledger.path.exists()
    assert app.AsyncResult("task-1").state == "PENDING"  # forgotten once stored
