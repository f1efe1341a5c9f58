"""Entries of the four kinds, partners, API keys, relations and the change log

Revision ID: 0001
Revises:
Create Date: 2026-11-25 15:58:07.871534
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import app.models.types

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "change",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("op", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("key_id", sa.Integer(), nullable=True),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("diff", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_change")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.create_index("ix_change_entry", ["kind", "entry_id"], unique=False)

    op.create_table(
        "partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("new_entry_status", sa.String(length=16), nullable=False),
        sa.Column("created_at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner")),
        sa.UniqueConstraint("name", name=op.f("uq_partner_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_partner_slug")),
    )
    op.create_table(
        "relation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("a_kind", sa.String(length=32), nullable=False),
        sa.Column("a_id", sa.Integer(), nullable=False),
        sa.Column("b_kind", sa.String(length=32), nullable=False),
        sa.Column("b_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relation")),
        sa.UniqueConstraint("a_kind", "a_id", "b_kind", "b_id", name="uq_relation_pair"),
    )
    with op.batch_alter_table("relation", schema=None) as batch_op:
        batch_op.create_index("ix_relation_b", ["b_kind", "b_id"], unique=False)

    op.create_table(
        "api_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", app.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", app.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", app.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["partner_id"], ["partner.id"], name=op.f("fk_api_key_partner_id_partner")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_key")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_api_key_key_hash")),
    )
    with op.batch_alter_table("api_key", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_key_partner_id"), ["partner_id"], unique=False)

    op.create_table(
        "network",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("organisation", sa.String(length=300), nullable=True),
        sa.Column("region", sa.String(length=300), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("network_type", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["partner.id"], name=op.f("fk_network_owner_id_partner")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network")),
        sa.UniqueConstraint("owner_id", "external_id", name="uq_network_owner_external_id"),
        sa.UniqueConstraint("slug", name="uq_network_slug"),
    )
    with op.batch_alter_table("network", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_network_network_type"), ["network_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_network_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_network_region"), ["region"], unique=False)
        batch_op.create_index(batch_op.f("ix_network_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_network_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("project_type", sa.String(length=16), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=True),
        sa.Column("end_year", sa.Integer(), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("region", sa.String(length=300), nullable=True),
        sa.Column("contributors", sa.JSON(), nullable=False),
        sa.Column("organisations", sa.JSON(), nullable=False),
        sa.Column("publications", sa.JSON(), nullable=False),
        sa.Column("outcomes", sa.Text(), nullable=False),
        sa.Column("funding", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["partner.id"], name=op.f("fk_project_owner_id_partner")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
        sa.UniqueConstraint("owner_id", "external_id", name="uq_project_owner_external_id"),
        sa.UniqueConstraint("slug", name="uq_project_slug"),
    )
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_project_type"), ["project_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_region"), ["region"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_start_year"), ["start_year"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "resource",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("type", sa.String(length=100), nullable=True),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("publisher", sa.String(length=300), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("category", sa.String(length=300), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["partner.id"], name=op.f("fk_resource_owner_id_partner")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource")),
        sa.UniqueConstraint("owner_id", "external_id", name="uq_resource_owner_external_id"),
        sa.UniqueConstraint("slug", name="uq_resource_slug"),
    )
    with op.batch_alter_table("resource", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resource_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_resource_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_resource_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_resource_type"), ["type"], unique=False)
        batch_op.create_index(batch_op.f("ix_resource_updated_at"), ["updated_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_resource_year"), ["year"], unique=False)

    op.create_table(
        "toolkit_section",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["partner.id"], name=op.f("fk_toolkit_section_owner_id_partner")),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["toolkit_section.id"],
            name=op.f("fk_toolkit_section_parent_id_toolkit_section"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_toolkit_section")),
        sa.UniqueConstraint("owner_id", "external_id", name="uq_toolkit_section_owner_external_id"),
        sa.UniqueConstraint("slug", name="uq_toolkit_section_slug"),
    )
    with op.batch_alter_table("toolkit_section", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_toolkit_section_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_toolkit_section_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_toolkit_section_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_toolkit_section_updated_at"), ["updated_at"], unique=False)

    # The knowledge base's own organisation owns the seed entries and the bootstrap admin's.
    partner = sa.table(
        "partner",
        sa.column("name", sa.String),
        sa.column("slug", sa.String),
        sa.column("new_entry_status", sa.String),
        sa.column("created_at", app.models.types.UTCDateTime(timezone=True)),
    )
    op.bulk_insert(
        partner,
        [
            {
                "name": "Co-production Knowledge Base",
                "slug": "co-production-knowledge-base",
                "new_entry_status": "published",
                "created_at": datetime.now(UTC),
            }
        ],
    )


def downgrade() -> None:

    with op.batch_alter_table("toolkit_section", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_toolkit_section_updated_at"))
        batch_op.drop_index(batch_op.f("ix_toolkit_section_status"))
        batch_op.drop_index(batch_op.f("ix_toolkit_section_parent_id"))
        batch_op.drop_index(batch_op.f("ix_toolkit_section_owner_id"))

    op.drop_table("toolkit_section")
    with op.batch_alter_table("resource", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_year"))
        batch_op.drop_index(batch_op.f("ix_resource_updated_at"))
        batch_op.drop_index(batch_op.f("ix_resource_type"))
        batch_op.drop_index(batch_op.f("ix_resource_status"))
        batch_op.drop_index(batch_op.f("ix_resource_owner_id"))
        batch_op.drop_index(batch_op.f("ix_resource_category"))

    op.drop_table("resource")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_updated_at"))
        batch_op.drop_index(batch_op.f("ix_project_status"))
        batch_op.drop_index(batch_op.f("ix_project_start_year"))
        batch_op.drop_index(batch_op.f("ix_project_region"))
        batch_op.drop_index(batch_op.f("ix_project_project_type"))
        batch_op.drop_index(batch_op.f("ix_project_owner_id"))

    op.drop_table("project")
    with op.batch_alter_table("network", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_network_updated_at"))
        batch_op.drop_index(batch_op.f("ix_network_status"))
        batch_op.drop_index(batch_op.f("ix_network_region"))
        batch_op.drop_index(batch_op.f("ix_network_owner_id"))
        batch_op.drop_index(batch_op.f("ix_network_network_type"))

    op.drop_table("network")
    with op.batch_alter_table("api_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_key_partner_id"))

    op.drop_table("api_key")
    with op.batch_alter_table("relation", schema=None) as batch_op:
        batch_op.drop_index("ix_relation_b")

    op.drop_table("relation")
    op.drop_table("partner")
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.drop_index("ix_change_entry")

    op.drop_table("change")
