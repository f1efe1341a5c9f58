"""Self-evaluation: frameworks (immutable versions), assessments, their rounds, links, answers
and targets

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.types

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("benchmark", sa.Boolean(), nullable=False),
        sa.Column("framework_slug", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "framework",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("not_applicable", sa.JSON(), nullable=False),
        sa.Column("scale", sa.JSON(), nullable=False),
        sa.Column("principles", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_framework")),
        sa.UniqueConstraint("slug", "version", name="uq_framework_slug_version"),
    )
    with op.batch_alter_table("framework", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_framework_slug"), ["slug"], unique=False)

    op.create_table(
        "assessment_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", app.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"], name=op.f("fk_assessment_link_assessment_id_assessment")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_assessment_link_token_hash")),
    )
    with op.batch_alter_table("assessment_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_link_assessment_id"), ["assessment_id"], unique=False)

    op.create_table(
        "assessment_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("completed_at", app.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"], name=op.f("fk_assessment_round_assessment_id_assessment")
        ),
        sa.ForeignKeyConstraint(
            ["framework_id"], ["framework.id"], name=op.f("fk_assessment_round_framework_id_framework")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_round")),
        sa.UniqueConstraint("assessment_id", "number", name="uq_assessment_round_number"),
    )
    with op.batch_alter_table("assessment_round", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_round_assessment_id"), ["assessment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_round_framework_id"), ["framework_id"], unique=False)

    op.create_table(
        "assessment_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("principle_key", sa.String(length=60), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"], name=op.f("fk_assessment_target_assessment_id_assessment")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_target")),
        sa.UniqueConstraint("assessment_id", "principle_key", name="uq_assessment_target_principle"),
    )
    with op.batch_alter_table("assessment_target", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_target_assessment_id"), ["assessment_id"], unique=False)

    op.create_table(
        "assessment_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("submitted_at", app.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["link_id"], ["assessment_link.id"], name=op.f("fk_assessment_response_link_id_assessment_link")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["assessment_round.id"], name=op.f("fk_assessment_response_round_id_assessment_round")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_response")),
        sa.UniqueConstraint("round_id", "link_id", name="uq_assessment_response_round_link"),
    )
    with op.batch_alter_table("assessment_response", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_response_link_id"), ["link_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_response_round_id"), ["round_id"], unique=False)

    op.create_table(
        "assessment_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("statement_key", sa.String(length=60), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["assessment_response.id"],
            name=op.f("fk_assessment_answer_response_id_assessment_response"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_answer")),
        sa.UniqueConstraint("response_id", "statement_key", name="uq_assessment_answer_statement"),
    )
    with op.batch_alter_table("assessment_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_answer_response_id"), ["response_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("assessment_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_answer_response_id"))

    op.drop_table("assessment_answer")
    with op.batch_alter_table("assessment_response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_response_round_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_response_link_id"))

    op.drop_table("assessment_response")
    with op.batch_alter_table("assessment_target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_target_assessment_id"))

    op.drop_table("assessment_target")
    with op.batch_alter_table("assessment_round", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_round_framework_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_round_assessment_id"))

    op.drop_table("assessment_round")
    with op.batch_alter_table("assessment_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_link_assessment_id"))

    op.drop_table("assessment_link")
    with op.batch_alter_table("framework", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_framework_slug"))

    op.drop_table("framework")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_updated_at"))

    op.drop_table("assessment")
