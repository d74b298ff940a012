"""Filters of the partner and MOU registers: partner kind, region, MOU status."""

from __future__ import annotations


def test_partner_kind_region_and_mou_status_filters(database, shipped_plan) -> None:  # type: ignore[no-untyped-def]
    from poa_desktop.domain.enums import MouStatus, PartnerKind
    from poa_desktop.domain.filters import FilterCriteria, predicate_for
    from poa_desktop.services.register_service import RegisterService

    registers = RegisterService(database)
    associations = FilterCriteria(
        partner_kinds=frozenset({PartnerKind.SOCIAL_SECURITY_ASSOCIATION})
    )
    keep = predicate_for("partner", associations)
    assert keep is not None
    kept = {row.code for row in registers.partners(shipped_plan.uuid) if keep(row)}
    assert kept == {"ISSA", "ECASSA", "CIPRESS", "CIESS"}
    africa = predicate_for("partner", FilterCriteria(regions=frozenset({"Africa"})))
    assert africa is not None
    assert "ECASSA" in {row.code for row in registers.partners(shipped_plan.uuid) if africa(row)}
    negotiating = predicate_for(
        "mou", FilterCriteria(mou_statuses=frozenset({MouStatus.NEGOTIATING}))
    )
    assert negotiating is not None
    assert [row.code for row in registers.mous(shipped_plan.uuid) if negotiating(row)] == [
        "MOU-ISSA"
    ]
    assert predicate_for("item", associations) is None  # does not apply to the plan tree
