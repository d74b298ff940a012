"""SQLAlchemy 2.0 models of a plan of action.

Integrity lives in the database, not only in the services: foreign keys, unique codes
within a plan, start not after end, percent between 0 and 100, closed vocabularies as
CHECK constraints. Every entity row carries a stable UUID, timestamps and a version
counter (optimistic concurrency: a stale edit fails instead of overwriting). Pure link
tables (activity × mandate, output × means, MOU × party, MOU × output) are identified by
the pair they link and carry no UUID of their own.

Activities, means of action, key outputs and milestones share one table, ``item``
(single-table inheritance), so that dependencies, partner roles, progress notes and
baselines can point at any of them with a real foreign key, and so that the Gantt and the
tree read a plan with one query.
"""

from __future__ import annotations

import uuid as uuid_module
from datetime import UTC, date, datetime
from typing import ClassVar

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from poa_desktop.domain.enums import (
    DependencyType,
    GenderMarker,
    ItemKind,
    MouStatus,
    PartnerKind,
    PartnerRoleKind,
    Status,
    values,
)

#: Named constraints: Alembic's batch mode on SQLite can only alter what it can name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_uuid() -> str:
    return str(uuid_module.uuid4())


def one_of(column: str, enum: type) -> str:
    """A CHECK expression that keeps ``column`` inside an enum's stored values."""
    quoted = ", ".join(f"'{value}'" for value in values(enum))
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Entity:
    """Columns every entity row carries."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    version_id: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version_id}


class Plan(Entity, Base):
    __tablename__ = "plan"
    __table_args__ = (CheckConstraint("period_start <= period_end", name="period_order"),)

    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    source_document: Mapped[str] = mapped_column(String(200), default="")
    source_title: Mapped[str] = mapped_column(Text, default="")
    source_date: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")

    components: Mapped[list[Component]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Component.sort_order"
    )


class Component(Entity, Base):
    __tablename__ = "component"
    __table_args__ = (UniqueConstraint("plan_id", "code", name="uq_component_plan_code"),)

    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(500))
    cross_cutting: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    plan: Mapped[Plan] = relationship(back_populates="components")


class MandateParagraph(Entity, Base):
    """A paragraph of the mandate (for the shipped plan: the 2011 Conference conclusions)."""

    __tablename__ = "mandate_paragraph"
    __table_args__ = (UniqueConstraint("plan_id", "code", name="uq_mandate_plan_code"),)

    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


activity_mandate = Table(
    "activity_mandate",
    Base.metadata,
    Column("activity_id", ForeignKey("item.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "mandate_id",
        ForeignKey("mandate_paragraph.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    Column("sort_order", Integer, nullable=False, default=0),
)

output_means = Table(
    "output_means",
    Base.metadata,
    Column("output_id", ForeignKey("item.id", ondelete="CASCADE"), primary_key=True),
    Column("means_id", ForeignKey("item.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("sort_order", Integer, nullable=False, default=0),
)


class Item(Entity, Base):
    """An activity, means of action, key output or milestone (see the module docstring)."""

    polymorphic_identity: ClassVar[str] = ""

    __tablename__ = "item"
    __table_args__ = (
        UniqueConstraint("plan_id", "code", name="uq_item_plan_code"),
        UniqueConstraint("plan_id", "number", name="uq_item_plan_number"),
        CheckConstraint(one_of("kind", ItemKind), name="kind"),
        CheckConstraint(one_of("status", Status), name="status"),
        CheckConstraint(one_of("gender_marker", GenderMarker), name="gender_marker"),
        CheckConstraint("percent_complete BETWEEN 0 AND 100", name="percent_range"),
        CheckConstraint(
            "planned_start IS NULL OR planned_end IS NULL OR planned_start <= planned_end",
            name="date_order",
        ),
        CheckConstraint("kind <> 'means' OR parent_id IS NOT NULL", name="means_has_activity"),
        CheckConstraint(
            "kind NOT IN ('activity', 'output') OR component_id IS NOT NULL",
            name="has_component",
        ),
        CheckConstraint(
            "(kind = 'output' AND number IS NOT NULL AND number >= 1)"
            " OR (kind <> 'output' AND number IS NULL)",
            name="output_number",
        ),
        CheckConstraint(
            "kind <> 'milestone' OR (planned_start IS NOT NULL AND planned_end = planned_start)",
            name="milestone_date",
        ),
        CheckConstraint("length(code) > 0", name="code_not_empty"),
    )

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        if cls.__name__ != "Item":
            return {"polymorphic_identity": cls.polymorphic_identity}
        return {
            "polymorphic_on": cls.__table__.c.kind,
            "polymorphic_abstract": True,
            "version_id_col": cls.__table__.c.version_id,
        }

    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    timing_text: Mapped[str] = mapped_column(String(500), default="")
    planned_start: Mapped[date | None] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=Status.NOT_STARTED.value)
    percent_complete: Mapped[int] = mapped_column(Integer, default=0)
    gender_marker: Mapped[str] = mapped_column(String(16), default=GenderMarker.NOT_SCREENED.value)
    gender_note: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # Kind-specific columns (NULL where they do not apply; the CHECKs above say where).
    component_id: Mapped[int | None] = mapped_column(ForeignKey("component.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("item.id"), index=True)
    label: Mapped[str] = mapped_column(String(32), default="")
    number: Mapped[int | None] = mapped_column(Integer)


class Activity(Item):
    polymorphic_identity = ItemKind.ACTIVITY.value

    mandates: Mapped[list[MandateParagraph]] = relationship(
        secondary=activity_mandate, order_by=activity_mandate.c.sort_order
    )


class MeansOfAction(Item):
    polymorphic_identity = ItemKind.MEANS.value


class KeyOutput(Item):
    polymorphic_identity = ItemKind.OUTPUT.value


class Milestone(Item):
    polymorphic_identity = ItemKind.MILESTONE.value


class Dependency(Entity, Base):
    """Successor waits on predecessor. Deleting an item with dependencies is refused by
    the database (no cascade): the user must decide about the links first."""

    __tablename__ = "dependency"
    __table_args__ = (
        UniqueConstraint("predecessor_id", "successor_id", name="uq_dependency_pair"),
        CheckConstraint("predecessor_id <> successor_id", name="not_self"),
        CheckConstraint(one_of("type", DependencyType), name="type"),
    )

    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    predecessor_id: Mapped[int] = mapped_column(ForeignKey("item.id"), index=True)
    successor_id: Mapped[int] = mapped_column(ForeignKey("item.id"), index=True)
    type: Mapped[str] = mapped_column(String(2), default=DependencyType.FS.value)
    lag_days: Mapped[int] = mapped_column(Integer, default=0)
    source_text: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Partner(Entity, Base):
    __tablename__ = "partner"
    __table_args__ = (
        UniqueConstraint("plan_id", "code", name="uq_partner_plan_code"),
        CheckConstraint(one_of("kind", PartnerKind), name="kind"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(500))
    acronym: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(32), default=PartnerKind.OTHER.value)
    region: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class PartnerRole(Entity, Base):
    __tablename__ = "partner_role"
    __table_args__ = (
        UniqueConstraint("partner_id", "item_id", "role", name="uq_partner_role"),
        CheckConstraint(one_of("role", PartnerRoleKind), name="role"),
    )

    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partner.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16), default=PartnerRoleKind.PARTNER.value)
    note: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


mou_party = Table(
    "mou_party",
    Base.metadata,
    Column("mou_id", ForeignKey("mou.id", ondelete="CASCADE"), primary_key=True),
    Column("partner_id", ForeignKey("partner.id"), primary_key=True, index=True),
    Column("sort_order", Integer, nullable=False, default=0),
)

mou_output = Table(
    "mou_output",
    Base.metadata,
    Column("mou_id", ForeignKey("mou.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", ForeignKey("item.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("sort_order", Integer, nullable=False, default=0),
)


class Mou(Entity, Base):
    """A memorandum of understanding to negotiate and sign."""

    __tablename__ = "mou"
    __table_args__ = (
        UniqueConstraint("plan_id", "code", name="uq_mou_plan_code"),
        CheckConstraint(one_of("status", MouStatus), name="status"),
    )

    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=MouStatus.PROPOSED.value)
    target_date: Mapped[date | None] = mapped_column(Date)
    signed_date: Mapped[date | None] = mapped_column(Date)
    source_text: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Indicator(Entity, Base):
    __tablename__ = "indicator"
    __table_args__ = (UniqueConstraint("plan_id", "code", name="uq_indicator_plan_code"),)

    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(100), default="")
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_date: Mapped[date | None] = mapped_column(Date)
    target_value: Mapped[float | None] = mapped_column(Float)
    target_date: Mapped[date | None] = mapped_column(Date)
    source_text: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class IndicatorMeasurement(Entity, Base):
    __tablename__ = "indicator_measurement"

    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    measured_on: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class ProgressNote(Entity, Base):
    """A dated note on an item: who said what about its progress, and when."""

    __tablename__ = "progress_note"

    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)
    noted_on: Mapped[date] = mapped_column(Date)
    author: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class SourceFinding(Entity, Base):
    """A note recorded when a plan was transcribed: where its source contradicts itself
    or points at nothing. The source's words are kept; the finding says what is wrong."""

    __tablename__ = "source_finding"
    __table_args__ = (UniqueConstraint("plan_id", "code", name="uq_source_finding_plan_code"),)

    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(64), default="")
    text: Mapped[str] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Baseline(Entity, Base):
    """A named snapshot of the plan's dates and statuses (e.g. "GB.312, November 2011"),
    to see slippage against and to list the changes since."""

    __tablename__ = "baseline"
    __table_args__ = (UniqueConstraint("plan_id", "name", name="uq_baseline_plan_name"),)

    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    taken_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class BaselineItem(Entity, Base):
    """One item as it was when the baseline was taken. It names the item by UUID, not by a
    foreign key, so a baseline still shows an item that was deleted since."""

    __tablename__ = "baseline_item"
    __table_args__ = (
        UniqueConstraint("baseline_id", "item_uuid", name="uq_baseline_item"),
        CheckConstraint(one_of("kind", ItemKind), name="kind"),
        CheckConstraint(one_of("status", Status), name="status"),
        CheckConstraint("percent_complete BETWEEN 0 AND 100", name="percent_range"),
        CheckConstraint(
            "planned_start IS NULL OR planned_end IS NULL OR planned_start <= planned_end",
            name="date_order",
        ),
    )

    baseline_id: Mapped[int] = mapped_column(
        ForeignKey("baseline.id", ondelete="CASCADE"), index=True
    )
    item_uuid: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    planned_start: Mapped[date | None] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    percent_complete: Mapped[int] = mapped_column(Integer, default=0)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
