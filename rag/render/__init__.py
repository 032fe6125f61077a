"""Turning answers and articles into what people see or download, escaped:
`present` (Markdown and text), `export` (inert Markdown, lossless JSON),
`article_view` (one article with its passages)."""
