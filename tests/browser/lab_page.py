"""One notebook open in JupyterLab 4 in the browser, driven the way a student drives it.

Every wait is on JupyterLab's own state (the kernel status, cell prompts, outputs, the saved
file), never a fixed sleep. The selectors are those of JupyterLab 4.6.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import nbformat
from lab_server import LabServer
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# Generous, for a 2-core machine that other jobs share.
LOAD_TIMEOUT_MS = 120_000  # page load to a connected, idle kernel
RUN_TIMEOUT_MS = 120_000  # one notebook's Run All, or one cell
ACTION_TIMEOUT_MS = 60_000  # a click, a save, a rendering, a widget's update

STDERR_MIME = "application/vnd.jupyter.stderr"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
EXECUTED_PROMPT = re.compile(r"^\[\d+\]:$")  # "[12]:" once a cell has run, "[*]:" meanwhile

PANEL = ".jp-NotebookPanel"
CELLS = f"{PANEL} .jp-Notebook .jp-Cell"
CODE_PROMPTS = f"{PANEL} .jp-CodeCell .jp-InputArea-prompt"
# Figures of the cells themselves, not those drawn inside a widget's output.
FIGURES = f"{PANEL} .jp-OutputArea-output.jp-RenderedImage:not(.jupyter-widgets *) img"
# Widgets rendered as cell outputs (a widget inside a widget's output is part of its view).
WIDGET_VIEWS = (
    f"{PANEL} .jp-Cell-outputArea > .jp-OutputArea-child"
    " > .jp-OutputArea-output:has(> .jupyter-widgets)"
)
ERROR_OUTPUTS = f".jp-OutputArea-output[data-mime-type='{STDERR_MIME}']"

# An error shows as stderr with a traceback; a warning shares the mime type but not that word.
_TRACEBACK_SHOWN = f"""(root) => Array.from(root.querySelectorAll({json.dumps(ERROR_OUTPUTS)}))
    .some((output) => output.textContent.includes('Traceback'))"""
# What a widget's output areas show: their images and their text.
_WIDGET_OUTPUT = """(view) => Array.from(view.querySelectorAll('.widget-output'))
    .map((output) => Array.from(output.querySelectorAll('img')).map((image) => image.src)
        .join(' ') + output.innerText)
    .join('\\n')"""

expect.set_options(timeout=ACTION_TIMEOUT_MS)


class NotebookInLab:
    """The notebook at ``path`` (relative to the server's root) in a page of its own."""

    def __init__(self, page: Page, server: LabServer, path: str) -> None:
        self.page = page
        self.server = server
        self.path = path
        self.page_errors: list[str] = []
        page.set_default_timeout(ACTION_TIMEOUT_MS)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def stored(self) -> nbformat.NotebookNode:
        """The notebook as it is on disk now."""
        return nbformat.read(self.server.root / self.path, as_version=4)

    def open(self) -> None:
        """Load JupyterLab on this notebook alone (in a workspace of its own, so that no tab
        of an earlier test comes back) and wait until every cell is in the page and the
        kernel has connected and is idle."""
        workspace = f"browser-suite-{time.monotonic_ns()}"
        query = f"?token={self.server.token}"
        self.page.goto(self.server.url(f"/lab/workspaces/{workspace}/tree/{self.path}{query}"))
        self.wait_until_idle(LOAD_TIMEOUT_MS)
        # JupyterLab adds the cells to the page in batches after loading.
        expect(self.page.locator(CELLS)).to_have_count(
            len(self.stored().cells), timeout=LOAD_TIMEOUT_MS
        )

    def wait_until_idle(self, timeout_ms: float = RUN_TIMEOUT_MS) -> None:
        """Wait until the status bar reads "<kernel> | Idle". The toolbar's indicator says
        idle before the kernel has connected; the status bar does not."""
        status = self.page.locator("#jp-main-statusbar .jp-StatusBar-TextItem", has_text="| Idle")
        status.wait_for(timeout=timeout_ms)

    def cell(self, index: int) -> Locator:
        """The cell at position ``index`` of the notebook (0-based, as in the file)."""
        return self.page.locator(CELLS).nth(index)

    def menu_command(self, menu: str, command: str) -> None:
        """Choose ``command`` (a JupyterLab command id) from the menu bar's ``menu``."""
        self.page.locator("#jp-menu-panel .lm-MenuBar-item", has_text=menu).click()
        self.page.locator(f".lm-Menu:visible li[data-command='{command}']").click()

    def run_all(self) -> None:
        """Run > Run All Cells, then wait until every code cell has an execution count, or
        until an error has stopped the run (the cells after it are left without one)."""
        code_cells = sum(cell.cell_type == "code" for cell in self.stored().cells)
        self.wait_until_idle()
        self.menu_command("Run", "runmenu:run-all")
        self._wait(
            f"""() => {{
                const prompts = Array.from(document.querySelectorAll({json.dumps(CODE_PROMPTS)}))
                    .map((prompt) => prompt.textContent.trim());
                const done = prompts.length === {code_cells}
                    && prompts.every((prompt) => /^\\[\\d+\\]:$/.test(prompt));
                const stopped = !prompts.includes('[*]:') && ({_TRACEBACK_SHOWN})(document);
                return done || stopped;
            }}""",
            failure=f"Run All did not finish within {RUN_TIMEOUT_MS / 1000:.0f} s",
            timeout_ms=RUN_TIMEOUT_MS,
        )
        self.wait_until_idle()

    def run_cell(self, index: int) -> None:
        """Select cell ``index`` by its prompt, run it with Ctrl+Enter, and wait until it
        has its execution count."""
        prompt = self.cell(index).locator(".jp-InputArea-prompt")
        prompt.click()
        self.page.keyboard.press("Control+Enter")
        expect(prompt).to_have_text(EXECUTED_PROMPT, timeout=RUN_TIMEOUT_MS)

    def accepts_typing(self, index: int) -> bool:
        """Whether text typed into the editor of cell ``index`` shows up there. What was
        typed is erased again before edit mode is left."""
        marker = "qzq"
        editor = self.cell(index).locator(".cm-content")
        editor.click()
        self.page.locator(f"{PANEL} .jp-Notebook.jp-mod-editMode").wait_for()
        self.page.keyboard.type(marker)
        # CodeMirror puts only the lines around the view into the page; the cursor's among them.
        accepted = marker in editor.inner_text()
        for _ in marker:
            self.page.keyboard.press("Backspace")
        self.page.keyboard.press("Escape")
        self.page.locator(f"{PANEL} .jp-Notebook.jp-mod-commandMode").wait_for()
        return accepted

    def cell_views(self) -> list[dict[str, bool]]:
        """For each cell in the page, in order: ``read_only`` (its editor is marked
        read-only) and ``raw_tex`` (a ``$`` left in its rendered markdown outside formulas
        and code: math that did not typeset)."""
        return self.page.evaluate(
            f"""() => Array.from(document.querySelectorAll({json.dumps(CELLS)})).map((cell) => {{
                const rendered = cell.querySelector('.jp-RenderedMarkdown');
                let rawTex = false;
                if (rendered) {{
                    const walker = document.createTreeWalker(rendered, NodeFilter.SHOW_TEXT);
                    while (walker.nextNode()) {{
                        const node = walker.currentNode;
                        rawTex ||= node.textContent.includes('$')
                            && !node.parentElement.closest('mjx-container, code, pre');
                    }}
                }}
                return {{
                    read_only: cell.querySelector('.cm-editor.jp-mod-readOnly') !== null,
                    raw_tex: rawTex,
                }};
            }})"""
        )

    def figures(self, count: int) -> list[int]:
        """Wait until the page shows ``count`` figures outside widgets, each one loaded, and
        return their natural widths in pixels (0 for an image that could not be decoded)."""
        self._wait(
            f"""() => {{
                const images = Array.from(document.querySelectorAll({json.dumps(FIGURES)}));
                return images.length === {count} && images.every((image) => image.complete);
            }}""",
            failure=f"the page does not show the {count} figures of the saved notebook",
        )
        return self.page.locator(FIGURES).evaluate_all(
            "(images) => images.map((image) => image.naturalWidth)"
        )

    def widget_views(self) -> Locator:
        """The cell outputs that show a rendered widget (one that failed to render shows
        text instead)."""
        return self.page.locator(WIDGET_VIEWS)

    def move_slider(self, slider: Locator, view: Locator) -> None:
        """Press ArrowRight on ``slider``'s handle, as a student does after clicking it, and
        wait until its value has changed, the widget ``view`` shows new output and the kernel
        is idle again."""
        handle = slider.locator("[role=slider]")
        readout = slider.locator(".widget-readout")
        value = readout.inner_text()
        before = view.evaluate(_WIDGET_OUTPUT)
        handle.press("ArrowRight")
        expect(readout).not_to_have_text(value)
        label = slider.locator(".widget-label").inner_text()
        self._wait(
            f"""([view, before]) => ({_WIDGET_OUTPUT})(view) !== before
                && Array.from(view.querySelectorAll('img')).every((image) => image.complete)""",
            arg=[view.element_handle(), before],
            failure=f"the widget's output did not change after moving the slider {label!r}",
        )
        self.wait_until_idle()

    def save(self) -> nbformat.NotebookNode:
        """Ctrl+S, wait until the tab is no longer marked unsaved, and read the file back."""
        self.page.keyboard.press("Control+s")
        self.page.locator(".lm-TabBar-tab.jp-mod-current:not(.jp-mod-dirty)").wait_for()
        return self.stored()

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=True)

    def _wait(
        self,
        condition: str,
        *,
        failure: str,
        arg: object = None,
        timeout_ms: float = ACTION_TIMEOUT_MS,
    ) -> None:
        """Wait until the JavaScript ``condition`` holds; fail with ``failure`` if it does
        not within ``timeout_ms``."""
        try:
            self.page.wait_for_function(condition, arg=arg, timeout=timeout_ms)
        except PlaywrightTimeout as timeout:
            raise AssertionError(f"{failure} (waited {timeout_ms / 1000:.0f} s)") from timeout
