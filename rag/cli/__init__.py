"""`rag` command line. Each command lives in its own module and imports
`rag.cli.common`; this package only assembles the group (commands never import it)."""

from __future__ import annotations

import click

from rag.cli.chat import chat_cmd
from rag.cli.commands import articles_cmd, ask_cmd, index_cmd
from rag.cli.eval import eval_cmd
from rag.cli.model import model_group
from rag.cli.timeline import timeline_cmd


@click.group()
@click.version_option(package_name="rag")
def main() -> None:
    """Ask questions about a folder of news articles, with cited answers."""


for command in (index_cmd, ask_cmd, articles_cmd, chat_cmd, eval_cmd, model_group,
                timeline_cmd):
    main.add_command(command)


def _register_bench() -> None:
    from rag.bench import bench_cmd  # stdlib + click only at import: start-up stays cheap

    main.add_command(bench_cmd)


_register_bench()

__all__ = ["main"]
