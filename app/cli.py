"""`python -m app …`: serve, migrate, seed, and the operator's other commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

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
            f"{c['relations_changed']} with changed relations, {c['retired']} retired"
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
        access_log=False,  # the app logs each request itself, as JSON with its request id
        log_config=None,
        timeout_keep_alive=5,
        # X-Forwarded-For is believed only from the proxies named (uvicorn trusts loopback
        # by default, which would let any local client choose its address).
        proxy_headers=bool(settings.forwarded_allow_ips),
        forwarded_allow_ips=settings.forwarded_allow_ips or "",
        # A slow client cannot hold the server: headers and body must arrive in time.
        h11_max_incomplete_event_size=64 * 1024,
    )


@cli.command()
def reindex() -> None:
    """Rebuild the search index and the vector store from the database (the server must not
    be running on them)."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    from app.db import Database
    from app.search.index import IndexBusy, SearchIndex
    from app.search.vectors import VectorsBusy, VectorStore

    settings = get_settings()
    db = Database(settings)
    index = SearchIndex(settings.resolved_index_dir)
    vectors = VectorStore(settings.resolved_index_dir) if settings.vectors else None
    started = time.perf_counter()
    try:
        # Both at once, on a thread each: tantivy and the model let go of Python's lock for
        # most of their work, so on 2 cores the two take little longer than the slower one.
        with ThreadPoolExecutor(max_workers=2) as pool:
            embedding = pool.submit(_rebuild_timed, db, vectors) if vectors is not None else None
            with db.reading() as session:
                count, seq = index.rebuild(session)
            typer.echo(f"indexed {count} entries up to change {seq} in {time.perf_counter() - started:.1f} s")
            if embedding is not None:
                embedded, vector_seq, seconds = embedding.result()
                typer.echo(f"embedded {embedded} published entries up to change {vector_seq} in {seconds:.1f} s")
    except (IndexBusy, VectorsBusy) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    finally:
        index.release_writer()
        if vectors is not None:
            vectors.release_writer()
        db.dispose()
    typer.echo(f"done in {time.perf_counter() - started:.1f} s")


def _rebuild_timed(db: Any, vectors: Any) -> tuple[int, int, float]:
    import time

    started = time.perf_counter()
    with db.reading() as session:
        embedded, seq = vectors.rebuild(session)
    return embedded, seq, time.perf_counter() - started


def _let_a_running_server_catch_up(vectors: Any, db_seq: int, timeout: float = 30.0) -> None:
    """A running server's vector store follows its index a little behind (writes wait for
    the index only): while another process holds the store's writer lock and the store is
    behind the database, give it time to catch up, so that only what stays wrong is listed."""
    import time

    if vectors.try_acquire_writer():  # nobody is writing it: compare it as it is
        vectors.release_writer()
        return
    deadline = time.monotonic() + timeout
    while (vectors.applied_seq() or 0) < db_seq and time.monotonic() < deadline:
        time.sleep(0.1)
        vectors.reload_if_changed()


@cli.command()
def check() -> None:
    """List entries missing from or stale in the search index (and the vector store); exit 1
    if there are any."""
    from app.db import Database
    from app.search.index import SearchIndex, compare
    from app.search.vectors import VectorStore, compare_vectors

    settings = get_settings()
    db = Database(settings)
    index = SearchIndex(settings.resolved_index_dir)
    vectors = VectorStore(settings.resolved_index_dir) if settings.vectors else None
    vector_problems: list[tuple[str, str, int]] = []
    vector_seq: int | None = None
    try:
        with db.reading() as session:
            problems, index_seq, db_seq = compare(session, index)
        if vectors is not None:
            _let_a_running_server_catch_up(vectors, db_seq)
            with db.reading() as session:
                found, vector_seq = compare_vectors(session, vectors)
            vector_problems = [(p.problem, p.kind, p.id) for p in found]
    finally:
        db.dispose()
    typer.echo(f"index at change {index_seq if index_seq is not None else 'none (never built)'}, database at {db_seq}")
    for problem in problems:
        typer.echo(f"{problem.problem}: {problem.kind}/{problem.id}")
    failed = bool(problems) or index_seq is None
    if vectors is not None:
        typer.echo(f"vectors at change {vector_seq if vector_seq is not None else 'none (never built)'}")
        for name, kind, entry_id in vector_problems:
            typer.echo(f"vector {name}: {kind}/{entry_id}")
        failed = failed or bool(vector_problems) or vector_seq is None
    if failed:
        typer.echo(f"{len(problems) + len(vector_problems)} entries disagree", err=True)
        raise typer.Exit(1)
    typer.echo("index agrees with the database" + (" and so do the vectors" if vectors is not None else ""))


@cli.command("create-key")
def create_key(
    partner: Annotated[str, typer.Option(help="The partner's name; created if it does not exist.")],
    role: Annotated[str, typer.Option(help="admin, editor or partner.")] = "partner",
    expires_in: Annotated[str | None, typer.Option(help="e.g. 90d, 12h, 2w; no expiry when left out.")] = None,
    name: Annotated[str, typer.Option(help="A label for the key.")] = "",
    new_entry_status: Annotated[
        str, typer.Option(help="For a new partner: status of its new entries (published or pending).")
    ] = "published",
) -> None:
    """Issue an API key and print it (once: only its hash is stored)."""
    from app.db import Database
    from app.models.partner import ROLES, PartnerCreate
    from app.models.types import utcnow
    from app.services import keys, partners

    if role not in ROLES:
        raise typer.BadParameter(f"role must be one of {', '.join(ROLES)}", param_hint="--role")
    if new_entry_status not in ("published", "pending"):
        raise typer.BadParameter("published or pending", param_hint="--new-entry-status")
    try:
        expires_at = utcnow() + partners.parse_duration(expires_in) if expires_in else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--expires-in") from exc
    db = Database(get_settings())
    try:
        with db.writing() as session:
            found = partners.find_partner(session, partner)
            if found is None:
                found = partners.create_partner(
                    session,
                    PartnerCreate(name=partner, new_entry_status=new_entry_status),
                )
                typer.echo(f"created partner {found.name!r} (id {found.id})", err=True)
            assert found.id is not None
            key, token = keys.create_key(session, partner_id=found.id, role=role, name=name, expires_at=expires_at)
    finally:
        db.dispose()
    when = f", expires {expires_at:%Y-%m-%d %H:%M} UTC" if expires_at else ""
    typer.echo(f"key {key.prefix}… for {partner!r}, role {role}{when}. It is shown only this once:", err=True)
    typer.echo(token)


@cli.command()
def load(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV, JSON array or NDJSON.")],
    url: Annotated[str, typer.Option(help="The knowledge base, e.g. https://kb.example.org")] = "http://127.0.0.1:8000",
    key: Annotated[
        str | None,
        typer.Option(envvar="CKB_API_KEY", help="API key; better given as CKB_API_KEY (kept out of shell history)."),
    ] = None,
    kind: Annotated[str, typer.Option(help="resources, projects or networks.")] = "projects",
    batch: Annotated[int, typer.Option(min=1, max=5000, help="Entries per request.")] = 1000,
    atomic: Annotated[bool, typer.Option(help="Each batch all or nothing.")] = False,
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="COLUMN=FIELD",
            help="Fill FIELD from COLUMN (repeatable). Columns named like a field are taken as they are.",
        ),
    ] = None,
) -> None:
    """Load entries from a file through the bulk API (created / updated / unchanged / errors)."""
    from app.kinds import KINDS
    from app.loader import LoadError
    from app.loader import load as run_load

    if not key:
        raise typer.BadParameter("give --key or set CKB_API_KEY", param_hint="--key")
    if kind not in ("resources", "projects", "networks"):
        raise typer.BadParameter("resources, projects or networks", param_hint="--kind")
    explicit: dict[str, str] = {}
    for choice in map_ or []:
        column, sep, name = choice.partition("=")
        if not sep or not column.strip() or not name.strip():
            raise typer.BadParameter(f"{choice!r}: expected COLUMN=FIELD", param_hint="--map")
        explicit[column.strip()] = name.strip()

    def warn(columns: list[str]) -> None:
        typer.echo(f"left out (no such field; use --map COLUMN=FIELD): {', '.join(columns)}", err=True)

    try:
        totals, failures = run_load(
            file,
            url=url,
            key=key,
            kind=kind,
            batch_size=batch,
            atomic=atomic,
            fields=set(KINDS[kind].create.model_fields),
            explicit=explicit,
            on_ignored=warn,
        )
    except LoadError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(
        f"created {totals.created}, updated {totals.updated}, unchanged {totals.unchanged}, errors {totals.error}"
    )
    if failures is not None:
        typer.echo(f"failing rows and their errors: {failures}")
        raise typer.Exit(1)


@cli.command()
def export(
    file: Annotated[Path, typer.Argument(help="Where to write the export (NDJSON); '-' for stdout.")],
) -> None:
    """Write every entry, relation, the history, partners and keys (hashes only) to one file."""
    import sys

    from alembic.runtime.migration import MigrationContext

    from app.db import Database
    from app.services.backup import export as run_export

    settings = get_settings()
    db = Database(settings)
    try:
        with db.reading() as session:
            revision = MigrationContext.configure(session.connection()).get_current_revision() or ""
            if str(file) == "-":
                count = run_export(session, sys.stdout.buffer, licence=settings.licence_name, revision=revision)
            else:
                with file.open("wb") as out:
                    count = run_export(session, out, licence=settings.licence_name, revision=revision)
    finally:
        db.dispose()
    typer.echo(f"exported {count} records", err=True)


@cli.command("import")
def import_(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A file made by `export`.")],
) -> None:
    """Load an export into an empty, migrated database (all or nothing). The search index is
    rebuilt when the server next starts, or now with `reindex`."""
    from sqlmodel import SQLModel

    from app.db import Database
    from app.services.backup import BackupError
    from app.services.backup import import_ as run_import

    settings = get_settings()
    migrate_to_head(settings)
    db = Database(settings)
    try:
        with db.writing() as session, file.open("rb") as lines:
            counts = run_import(session, lines)
        # Fresh planner statistics for the tables just filled (PostgreSQL).
        db.analyze(sorted(SQLModel.metadata.tables))
    except BackupError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    finally:
        db.dispose()
    typer.echo(", ".join(f"{n} {name}" for name, n in counts.items()))


@cli.command()
def erase(
    email: Annotated[str, typer.Option(help="The person's e-mail address.")],
) -> None:
    """Erase a person's name and e-mail address from entries, history and the change log's
    copies, and say what changed."""
    from app.db import Database
    from app.services import keys
    from app.services.access import Caller
    from app.services.erasure import erase_person

    db = Database(get_settings())
    try:
        with db.writing() as session:
            result = erase_person(session, Caller(role="admin", partner_id=keys.house_partner_id(session)), email)
    finally:
        db.dispose()
    typer.echo(f"e-mail {result.email}: names found {result.names or 'none'}")
    typer.echo(f"deposits cleared: {result.deposits or 'none'}")
    typer.echo(f"entries whose contributors changed: {result.contributors or 'none'}")
    typer.echo(f"history rows scrubbed: {result.history_rows}")
    typer.echo(f"self-evaluations deleted: {result.assessments}")


def _safe_url(url: str) -> str:
    """The database URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@cli.command()
def messages(
    check: Annotated[bool, typer.Option("--check", help="Only check: exit 1 if anything is untranslated.")] = False,
) -> None:
    """Bring the message catalogues (app/locale) up to date with the code, or check them."""
    from app import messages as catalogues

    if not check:
        for path in catalogues.update():
            typer.echo(f"updated {path}")
    gaps = catalogues.check()
    for name, missing in gaps.missing.items():
        for message in missing:
            typer.echo(f"{name}: not translated: {message!r}", err=True)
    for name, stale in gaps.stale.items():
        for message in stale:
            typer.echo(f"{name}: no longer in the code: {message!r}", err=True)
    if gaps:
        raise typer.Exit(1)


def main() -> None:
    cli()
