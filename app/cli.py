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


@cli.command()
def reindex() -> None:
    """Rebuild the search index from the database (the server must not be running on it)."""
    import time

    from app.db import Database
    from app.search.index import IndexBusy, SearchIndex

    settings = get_settings()
    db = Database(settings)
    index = SearchIndex(settings.resolved_index_dir)
    started = time.perf_counter()
    try:
        with db.reading() as session:
            count, seq = index.rebuild(session)
    except IndexBusy as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    finally:
        index.release_writer()
        db.dispose()
    typer.echo(f"indexed {count} entries up to change {seq} in {time.perf_counter() - started:.1f} s")


@cli.command()
def check() -> None:
    """List entries missing from or stale in the search index; exit 1 if there are any."""
    from app.db import Database
    from app.search.index import SearchIndex, compare

    settings = get_settings()
    db = Database(settings)
    index = SearchIndex(settings.resolved_index_dir)
    try:
        with db.reading() as session:
            problems, index_seq, db_seq = compare(session, index)
    finally:
        db.dispose()
    typer.echo(f"index at change {index_seq if index_seq is not None else 'none (never built)'}, database at {db_seq}")
    for problem in problems:
        typer.echo(f"{problem.problem}: {problem.kind}/{problem.id}")
    if problems or index_seq is None:
        typer.echo(f"{len(problems)} entries disagree", err=True)
        raise typer.Exit(1)
    typer.echo("index agrees with the database")


def _safe_url(url: str) -> str:
    """The database URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def main() -> None:
    cli()
