"""`python -m app …`: serve, migrate, seed, and the operator's other commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app.config import REPO_ROOT, Settings, get_settings

cli = typer.Typer(help="Co-production Knowledge Base", no_args_is_help=True, add_completion=False)


def migrate_to_head(settings: Settings) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    config.attributes["database_url"] = settings.database_url
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")


@cli.command()
def migrate() -> None:
    """Upgrade the database schema to the latest revision."""
    settings = get_settings()
    migrate_to_head(settings)
    typer.echo(f"database at head: {_safe_url(settings.database_url)}")


@cli.command()
def seed(
    seed_dir: Annotated[Path | None, typer.Option(help="Folder of seed YAML files.")] = None,
) -> None:
    """Load (or refresh) the seed entries; running it twice changes nothing."""
    from app.db import Database
    from app.seed import load

    settings = get_settings()
    db = Database(settings)
    try:
        counts = load(db, seed_dir or settings.seed_dir)
    finally:
        db.dispose()
    for kind, c in counts.items():
        typer.echo(
            f"{kind}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged, "
            f"{c['relations_changed']} with changed relations"
        )


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    seed_if_empty: Annotated[bool, typer.Option(help="Load the seed entries into an empty database.")] = True,
) -> None:
    """Migrate to head, load the seed entries if the database has none, then run uvicorn."""
    import uvicorn

    from app.db import Database
    from app.seed import count_entries, load

    settings = get_settings()
    migrate_to_head(settings)
    if seed_if_empty:
        db = Database(settings)
        try:
            with db.reading() as session:
                empty = count_entries(session) == 0
            if empty:
                counts = load(db, settings.seed_dir)
                total = sum(c["created"] for c in counts.values())
                typer.echo(f"loaded {total} seed entries")
        finally:
            db.dispose()
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level.lower(),
        timeout_keep_alive=5,
        # A slow client cannot hold the server: headers and body must arrive in time.
        h11_max_incomplete_event_size=64 * 1024,
    )


def _safe_url(url: str) -> str:
    """The database URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def main() -> None:
    cli()
