"""Task-list checkboxes get their item's text as an accessible name.

    markdown_extensions:
      - pymdownx.tasklist
      - guide_markdown.task_lists

pymdownx.tasklist writes `<input type="checkbox" disabled/>` with no label, so
a screen reader announces "checkbox" and nothing else (axe rule `label`,
WCAG 4.1.2). The item's own words are the name.
"""

from __future__ import annotations

import html
import re

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

ITEM = re.compile(r'(<li class="task-list-item">\s*<input type="checkbox"[^>]*?)(/?>)(.*?)(?=</li>|<ul|<ol|<p>)', re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def label_checkboxes(content: str) -> str:
    def name(match: re.Match) -> str:
        text = " ".join(html.unescape(TAG.sub("", match.group(3))).split())
        if not text or "aria-label" in match.group(1):
            return match.group(0)
        return f'{match.group(1)} aria-label="{html.escape(text)}"{match.group(2)}{match.group(3)}'

    return ITEM.sub(name, content)


class TaskListLabels(Postprocessor):
    def run(self, text: str) -> str:
        return label_checkboxes(text)


class TaskListsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Last: the checkboxes are raw HTML, put back into the page at priority 30.
        md.postprocessors.register(TaskListLabels(md), "guide_task_list_labels", 10)


def makeExtension(**kwargs) -> TaskListsExtension:
    return TaskListsExtension(**kwargs)
