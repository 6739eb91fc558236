"""Fixtures of the browser suite: one JupyterLab server on a temporary copy of the course and
one headless Chromium (Debian's, driven by Playwright) for the whole session, and a page per
notebook whose screenshot is saved when its test ends, passed or failed."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from course_units import ROOT
from lab_page import NotebookInLab
from lab_server import LabServer, running_lab
from playwright.sync_api import BrowserContext, sync_playwright

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Debian's /usr/bin/chromium is a wrapper whose own test for a small /dev/shm fails here.
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1280, "height": 1000}
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    with running_lab(tmp_path_factory.mktemp("lab"), ROOT) as server:
        yield server


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} not found: `make browser-deps` installs Debian's chromium package "
            "(Playwright's own browser download is not used)"
        )
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=VIEWPORT,
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def open_notebook(
    lab_server: LabServer, browser: BrowserContext
) -> Iterator[Callable[[str, str], NotebookInLab]]:
    """``open_notebook(path, name)`` opens ``path`` (relative to the course root) in a new
    page. When the test ends, the page is saved as ``artifacts/screenshots/<name>.png`` and
    closed, and every kernel is shut down."""
    opened: list[tuple[NotebookInLab, str]] = []

    def open_(path: str, name: str) -> NotebookInLab:
        notebook = NotebookInLab(browser.new_page(), lab_server, path)
        opened.append((notebook, name))
        notebook.open()
        return notebook

    yield open_
    try:
        for notebook, name in opened:
            notebook.screenshot(SCREENSHOTS / f"{name}.png")
            notebook.page.close()
    finally:
        lab_server.shut_down_kernels()
