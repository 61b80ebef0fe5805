"""``flask --app wsgi export DIALOGUE --format pdf|docx|md|json|csv --out PATH``: an operator's tool,
so it is not limited like the web page (the participant CSV is included).

``flask --app wsgi export-job JOB_ID``: renders one queued job; started by exports.runner."""
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..config import Config
from ..errors import DomainError
from ..roundtable.services import get_dialogue
from . import formats
from .options import PAPERS, default_paper
from .services import run_job


@click.command("export")
@click.argument("dialogue_id", type=int)
@click.option("--format", "format_", required=True, type=click.Choice(formats.CLI_FORMATS),
              help="File format.")
@click.option("--table", type=click.Choice(formats.CSV_TABLES), help="Which CSV table (with --format csv).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Where to write the file.")
@click.option("--language", default="es", show_default=True, type=click.Choice(Config.LANGUAGES),
              help="Language of headings and labels.")
@click.option("--paper", type=click.Choice(list(PAPERS)),
              help="Paper size of a PDF or DOCX (default: Letter or A4 by the dialogue's country).")
@click.option("--all", "all_", is_flag=True, help="All recommendations, not only the adopted ones.")
@click.option("--no-comments", is_flag=True, help="Leave out the comments recommendations came from.")
@with_appcontext
def export_command(dialogue_id: int, format_: str, table: str | None, out: Path, language: str, paper: str | None,
                   all_: bool, no_comments: bool) -> None:
    """Export a dialogue's joint recommendations or its data."""
    if (format_ == formats.CLI_CSV) != bool(table):
        raise click.UsageError("--table is required with --format csv, and only with it.")
    if not out.parent.is_dir():
        raise click.BadParameter(f"the folder {out.parent} does not exist.", param_hint="--out")
    try:
        dialogue = get_dialogue(dialogue_id)
        options = formats.parse({"format": formats.from_cli(format_, table), "language": language,
                                 "paper": paper or default_paper(dialogue.country),
                                 "scope": "all" if all_ else "adopted", "comments": not no_comments})
        out.write_bytes(formats.render(dialogue, options))
    except DomainError as exc:
        raise click.ClickException(exc.message)
    click.echo(f"Wrote {out} ({out.stat().st_size} bytes).")


@click.command("export-job")
@click.argument("job_id", type=int)
@with_appcontext
def export_job_command(job_id: int) -> None:
    """Render one queued export job (its row records progress and the result)."""
    run_job(job_id)
