"""``flask --app wsgi export DIALOGUE --format pdf|docx|md|json|csv --out PATH``: an operator's tool,
so it is not limited like the web page (the participant CSV is included).

``flask --app wsgi export-job JOB_ID``: renders one queued job; started by exports.runner."""
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..config import LANGUAGES
from ..errors import DomainError
from ..roundtable.services import get_dialogue
from .options import CSV_TABLES, ExportOptions
from .render import render
from .services import run_job


@click.command("export")
@click.argument("dialogue_id", type=int)
@click.option("--format", "format_", required=True, type=click.Choice(["pdf", "docx", "md", "json", "csv"]),
              help="File format.")
@click.option("--table", type=click.Choice(CSV_TABLES), help="Which CSV table (with --format csv).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Where to write the file.")
@click.option("--language", default="es", show_default=True, type=click.Choice(list(LANGUAGES)),
              help="Language of headings and labels.")
@click.option("--all", "all_", is_flag=True, help="All recommendations, not only the adopted ones.")
@click.option("--no-comments", is_flag=True, help="Leave out the comments recommendations came from.")
@with_appcontext
def export_command(dialogue_id: int, format_: str, table: str | None, out: Path, language: str, all_: bool,
                   no_comments: bool) -> None:
    """Export a dialogue's joint recommendations or its data."""
    if (format_ == "csv") != bool(table):
        raise click.UsageError("--table is required with --format csv, and only with it.")
    if not out.parent.is_dir():
        raise click.BadParameter(f"the folder {out.parent} does not exist.", param_hint="--out")
    try:
        dialogue = get_dialogue(dialogue_id)
        options = ExportOptions.parse({"format": f"{table}.csv" if table else format_, "language": language,
                                       "scope": "all" if all_ else "adopted", "comments": not no_comments})
        out.write_bytes(render(dialogue, options))
    except DomainError as exc:
        raise click.ClickException(exc.message)
    click.echo(f"Wrote {out} ({out.stat().st_size} bytes).")


@click.command("export-job")
@click.argument("job_id", type=int)
@with_appcontext
def export_job_command(job_id: int) -> None:
    """Render one queued export job (its row records progress and the result)."""
    run_job(job_id)
