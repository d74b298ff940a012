"""What find and filter need beyond the rows a view shows: each item's partners and the
text of its progress notes.

Like the other services: one read session per call, Core selects, frozen records out. The
filter bar's list of partners comes from ``RegisterService.partners``.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from poa_desktop.domain.errors import NotFoundError
from poa_desktop.domain.filters import FilterContext
from poa_desktop.store.database import Database
from poa_desktop.store.models import Item, Partner, PartnerRole, Plan, ProgressNote


class SearchService:
    """Reads the ``FilterContext`` of a plan (cheap: two selects; re-read after edits)."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def context(self, plan_uuid: str) -> FilterContext:
        """Per item uuid: the codes of its partners, their codes, names and acronyms as
        one searchable text, and its progress notes' authors and text."""
        codes: dict[str, set[str]] = defaultdict(set)
        partner_words: dict[str, list[str]] = defaultdict(list)
        notes: dict[str, list[str]] = defaultdict(list)
        with self._database.read() as session:
            plan_id = session.execute(select(Plan.id).where(Plan.uuid == plan_uuid)).scalar()
            if plan_id is None:
                raise NotFoundError(f"No plan with id {plan_uuid} in this database.")
            for item_uuid, code, name, acronym in session.execute(
                select(Item.uuid, Partner.code, Partner.name, Partner.acronym)
                .join(PartnerRole, PartnerRole.item_id == Item.id)
                .join(Partner, Partner.id == PartnerRole.partner_id)
                .where(Item.plan_id == plan_id)
                .order_by(PartnerRole.sort_order, PartnerRole.id)
            ):
                codes[item_uuid].add(code)
                partner_words[item_uuid].extend(word for word in (code, name, acronym) if word)
            for item_uuid, author, text in session.execute(
                select(Item.uuid, ProgressNote.author, ProgressNote.text)
                .join(ProgressNote, ProgressNote.item_id == Item.id)
                .where(Item.plan_id == plan_id)
                .order_by(ProgressNote.noted_on, ProgressNote.id)
            ):
                notes[item_uuid].extend(word for word in (author, text) if word)
        return FilterContext(
            partner_codes={uuid: frozenset(found) for uuid, found in codes.items()},
            partner_text={uuid: "\n".join(words) for uuid, words in partner_words.items()},
            note_text={uuid: "\n".join(words) for uuid, words in notes.items()},
        )
