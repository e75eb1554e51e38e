"""The guide's Markdown features as Python-Markdown extensions: citations,
glossary tooltips and task-list labels. They import no MkDocs, so any
Python-Markdown based engine can load them from its `markdown_extensions`."""
