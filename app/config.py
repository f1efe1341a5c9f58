"""Settings, read once from the environment (prefix CKB_; DATABASE_URL also unprefixed)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SQLITE_URL = "sqlite:///./ckb.sqlite3"
REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CKB_", extra="ignore", populate_by_name=True)

    environment: Literal["development", "production", "test"] = "development"
    database_url: str = Field(
        default=DEFAULT_SQLITE_URL,
        validation_alias=AliasChoices("DATABASE_URL", "CKB_DATABASE_URL", "database_url"),
    )
    db_pool_size: int = Field(default=10, ge=1, le=200)
    # A bootstrap admin key: lets an operator in before any key exists in the database.
    admin_key: SecretStr | None = None
    # Where the tantivy index lives; by default beside the SQLite file, or ./index on PostgreSQL.
    index_dir: Path | None = None
    seed_dir: Path = REPO_ROOT / "seed"
    frontend_dir: Path = REPO_ROOT / "frontend"
    # Public URL of this site, used for canonical links, feeds, oEmbed and pagination links.
    # Required in production; in development, unset, addresses are made from the request's
    # Host, which must then be one of `allowed_hosts`.
    public_url: str | None = None
    allowed_hosts: list[str] = Field(default_factory=lambda: ["localhost", "127.0.0.1", "::1"])
    # Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (uvicorn's setting);
    # none by default, so that no client can choose the address rate limits see.
    forwarded_allow_ips: str = Field(
        default="",
        validation_alias=AliasChoices("CKB_FORWARDED_ALLOW_IPS", "FORWARDED_ALLOW_IPS", "forwarded_allow_ips"),
    )

    # Limits
    max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=1024)
    bulk_max_body_bytes: int = Field(default=64 * 1024 * 1024, ge=1024)
    bulk_max_items: int = Field(default=5000, ge=1)
    # An NDJSON line longer than this is refused (413) before it is parsed.
    bulk_max_line_bytes: int = Field(default=1024 * 1024, ge=1024)
    # Seconds a client may pause while sending a request body (408 after that).
    body_timeout_seconds: float = Field(default=30.0, gt=0)
    # Idempotency-Key answers are replayed for this long.
    idempotency_hours: int = Field(default=24, ge=1)
    max_page_depth: int = Field(default=10_000, ge=100)  # page * per_page must stay under it

    # How long a write waits for the local search index to apply it before answering.
    index_wait_seconds: float = Field(default=2.0, ge=0)
    # How long the indexer waits, once woken, to gather more changes into one index commit.
    # None by default: whatever arrives while a commit runs goes into the next one anyway.
    index_batch_seconds: float = Field(default=0.0, ge=0)

    # Rate limits (the `limits` library's notation); shared through Redis when it is set.
    redis_url: str | None = None
    deposit_rate_limit: str = "10/hour"
    write_rate_limit: str = "600/minute"
    # Self-evaluations started per client address.
    assessment_rate_limit: str = "20/hour"

    # Origins allowed to send writes from a browser (public GETs allow any origin).
    cors_write_origins: list[str] = Field(default_factory=list)
    # Who may frame the site (the /embed/ routes may always be framed).
    frame_ancestors: str = "'self'"

    licence_name: str = "CC BY 4.0"
    licence_url: str = "https://creativecommons.org/licenses/by/4.0/"

    # Depositors' e-mail addresses are erased this many days after moderation.
    depositor_email_retention_days: int = Field(default=180, ge=0)
    # Self-evaluations never completed are deleted once untouched for this many days.
    assessment_retention_days: int = Field(default=365, ge=1)
    # The benchmark of a framework is shown once this many organisations contribute to it.
    benchmark_minimum: int = Field(default=5, ge=2)

    log_level: str = "INFO"

    # Search by meaning: a vector per published entry, kept under the index directory and fed
    # from the change log like the index. Off: every search mode is keyword search, and
    # related entries come from relations and shared keywords only.
    vectors: bool = True

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.public_url is not None and not re.match(r"^https?://[^/\s?#]+(/[^\s?#]*)?$", self.public_url):
            raise ValueError(
                "CKB_PUBLIC_URL must be an absolute http(s) URL with no query, such as https://kb.example.org"
            )
        if self.environment == "production":
            key = self.admin_key.get_secret_value() if self.admin_key else None
            if key is not None and len(key) < 24:
                raise ValueError("CKB_ADMIN_KEY must be at least 24 characters in production")
            if not self.public_url:
                raise ValueError(
                    "CKB_PUBLIC_URL must be set in production: links, feeds and embeds are made from it, "
                    "never from a request's Host header"
                )
        return self

    @property
    def trusted_hosts(self) -> set[str] | None:
        """Host headers that may be used to make addresses (None: any, since none is used)."""
        if self.public_url:
            return None
        hosts = {h.lower().strip("[]") for h in self.allowed_hosts}
        if self.environment == "test":
            hosts.add("testserver")  # httpx's test client
        return None if "*" in hosts else hosts

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        path = self.database_url.split(":///", 1)[1] if ":///" in self.database_url else ""
        if path in ("", ":memory:"):
            return None
        return Path(path).resolve()

    @property
    def resolved_index_dir(self) -> Path:
        if self.index_dir is not None:
            return self.index_dir.resolve()
        db_file = self.sqlite_path
        if db_file is not None:
            return db_file.parent / "index"
        return Path.cwd() / "index"


@lru_cache
def get_settings() -> Settings:
    return Settings()
