"""Command-line tools: ``flask --app wsgi create-admin``, ``seed-demo``, ``backup`` and ``restore``."""
from pathlib import Path

import click
from flask import Flask

from .errors import DomainError
from .extensions import db


def register_cli(app: Flask) -> None:
    @app.cli.command("create-admin")
    @click.option("--name", required=True, help="Full name.")
    @click.option("--email", required=True, help="E-mail used to sign in.")
    @click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
                  help="At least 8 characters (asked for when left out).")
    def create_admin(name: str, email: str, password: str) -> None:
        """Create a platform administrator."""
        from .accounts.services import create_account

        try:
            user = create_account(name, email, password, is_admin=True)
        except DomainError as exc:
            db.session.rollback()
            raise click.ClickException(exc.message)
        db.session.commit()
        click.echo(f"Administrator {user.email} created.")

    @app.cli.command("seed-demo")
    @click.option("--if-empty", is_flag=True, help="Do nothing when the database already has a dialogue.")
    def seed_demo(if_empty: bool) -> None:
        """Create the demo Gold Dialogues (La Paz in Spanish, Ouagadougou in French) with their demo accounts."""
        from .demo import DEMO_PASSWORD, database_is_empty, seed_all

        if if_empty and not database_is_empty():
            click.echo("The database already has data; the demo was not loaded.")
            return
        try:
            dialogues = seed_all()
        except DomainError as exc:
            db.session.rollback()
            raise click.ClickException(exc.message)
        db.session.commit()
        for dialogue in dialogues:
            click.echo(f"Demo dialogue {dialogue.id} created in {dialogue.language} (join code {dialogue.join_code}).")
        click.echo(f"Demo accounts use the password {DEMO_PASSWORD!r}.")

    @app.cli.command("backup")
    @click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
                  help="The backup file to write (replaced if it exists).")
    def backup_command(out: Path) -> None:
        """Copy the database to FILE while the server runs (a consistent snapshot)."""
        from .backup import BackupError, backup

        try:
            backup(app.config["SQLALCHEMY_DATABASE_URI"], out)
        except BackupError as exc:
            raise click.ClickException(str(exc))
        click.echo(f"Backup written to {out}.")

    @app.cli.command("restore")
    @click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
    def restore_command(source: Path, yes: bool) -> None:
        """Replace the database by the backup in SOURCE. Stop the server first."""
        from .backup import BackupError, restore

        if not yes:
            click.confirm("This replaces everything in the database by the backup. Continue?", abort=True)
        try:
            restore(app.config["SQLALCHEMY_DATABASE_URI"], source)
        except BackupError as exc:
            raise click.ClickException(str(exc))
        click.echo(f"Database restored from {source}.")
