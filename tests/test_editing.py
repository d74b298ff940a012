"""Edits as changes: each applies in one transaction, validates, and undoes exactly."""

from __future__ import annotations

from datetime import date

import pytest

from poa_desktop.domain.changes import inverse_of
from poa_desktop.domain.enums import DependencyType, ItemKind, MouStatus, PartnerRoleKind
from poa_desktop.domain.errors import ConflictError, FieldError, InUseError
from poa_desktop.domain.records import PlanRef
from poa_desktop.services.change_builder import ChangeBuilder
from poa_desktop.services.editing import PlanEditor
from poa_desktop.services.files import dump_json
from poa_desktop.services.plan_service import PlanService
from poa_desktop.services.register_service import RegisterService
from poa_desktop.store.database import Database


@pytest.fixture
def editor(database: Database) -> PlanEditor:
    return PlanEditor(database)


@pytest.fixture
def build(database: Database) -> ChangeBuilder:
    return ChangeBuilder(database, today=lambda: date(2013, 5, 1))


def uuid_of(service: PlanService, plan: PlanRef, code: str) -> str:
    outline = service.outline(plan.uuid)
    rows = outline.activities + outline.means_of_action + outline.key_outputs + outline.milestones
    return next(row.uuid for row in rows if row.code == code)


def snapshot(service: PlanService, plan: PlanRef) -> str:
    return dump_json(service.document(plan.uuid))


def test_edit_undo_redo_a_field(plan_service, shipped_plan, editor, build) -> None:
    uuid = uuid_of(plan_service, shipped_plan, "II.2(iv)")
    undo = editor.apply(build.edit("item", uuid, {"status": "at_risk", "percent_complete": 40}))
    row = plan_service.item_detail(uuid).row
    assert (row.status.value, row.percent_complete) == ("at_risk", 40)
    redo = editor.apply(undo)
    assert plan_service.item_detail(uuid).row.status.value == "not_started"
    editor.apply(redo)
    assert plan_service.item_detail(uuid).row.percent_complete == 40


def test_a_stale_edit_is_refused_showing_both_values(
    plan_service, shipped_plan, editor, build
) -> None:
    uuid = uuid_of(plan_service, shipped_plan, "I.1")
    seen = {"title": plan_service.item_detail(uuid).row.title}
    editor.apply(build.edit("item", uuid, {"title": "Changed elsewhere"}))
    with pytest.raises(ConflictError) as raised:
        editor.apply(build.edit("item", uuid, {"title": "My title"}, seen=seen))
    assert raised.value.current == "Changed elsewhere"
    assert raised.value.yours == seen["title"]
    assert plan_service.item_detail(uuid).row.title == "Changed elsewhere"


@pytest.mark.parametrize(
    ("new", "field", "message"),
    [
        ({"end": date(2010, 1, 1)}, "end", "is before the start"),
        ({"code": "II.2"}, "code", "The code II.2 is already used in this plan"),
        ({"title": "  "}, "title", "cannot be empty"),
        ({"percent_complete": 120}, "percent_complete", "between 0 and 100"),
    ],
)
def test_invalid_edits_name_the_field_and_change_nothing(
    plan_service, shipped_plan, editor, build, new, field, message
) -> None:
    before = snapshot(plan_service, shipped_plan)
    uuid = uuid_of(plan_service, shipped_plan, "I.3(i)")
    with pytest.raises(FieldError, match=message) as raised:
        editor.apply(build.edit("item", uuid, new))
    assert raised.value.field == field
    assert snapshot(plan_service, shipped_plan) == before


def test_a_dependency_that_makes_a_cycle_is_refused_and_named(
    plan_service, shipped_plan, editor, build
) -> None:
    first = uuid_of(plan_service, shipped_plan, "I.3(ii)")
    second = uuid_of(plan_service, shipped_plan, "I.3(i)")
    with pytest.raises(FieldError, match=r"would make a cycle: .*I\.3\(i\) → I\.3\(ii\)") as raised:
        editor.apply(build.new_dependency(shipped_plan.uuid, first, second))
    assert raised.value.field == "to"


def test_add_a_dependency_and_undo_it(plan_service, shipped_plan, editor, build, database) -> None:
    registers = RegisterService(database)
    before = len(registers.dependencies(shipped_plan.uuid))
    a = uuid_of(plan_service, shipped_plan, "V.2(i)")
    b = uuid_of(plan_service, shipped_plan, "KO18")
    undo = editor.apply(build.new_dependency(shipped_plan.uuid, a, b, DependencyType.SS, 30))
    added = registers.dependencies(shipped_plan.uuid)[-1]
    assert (added.from_code, added.to_code, added.type, added.lag_days) == (
        "V.2(i)",
        "KO18",
        DependencyType.SS,
        30,
    )
    editor.apply(undo)
    assert len(registers.dependencies(shipped_plan.uuid)) == before


def test_deleting_an_item_others_depend_on_says_which(
    plan_service, shipped_plan, editor, build, database
) -> None:
    uuid = uuid_of(plan_service, shipped_plan, "II.2(v)")
    with pytest.raises(InUseError) as raised:
        build.delete("item", uuid)
    dependents = raised.value.dependents
    assert "dependency II.2(v) → IV.2(ii)" in dependents
    assert "II.2(v) delivers KO8" in dependents
    roles = [
        r
        for r in RegisterService(database).partner_roles(shipped_plan.uuid)
        if r.item_code == "II.2(v)"
    ]
    assert roles and all(
        f"{r.partner_code} is {r.role.value} on II.2(v)" in dependents for r in roles
    )


def test_delete_with_links_then_undo_restores_everything(
    plan_service, shipped_plan, editor, build
) -> None:
    before = snapshot(plan_service, shipped_plan)
    uuid = uuid_of(plan_service, shipped_plan, "I.3")  # the activity, its means and their links
    change = build.delete("item", uuid, remove_links=True)
    codes = {image.values.get("code") for image in change.rows}
    assert {"I.3", "I.3(i)", "I.3(ii)"} <= codes
    undo = editor.apply(change)
    assert "I.3(i)" not in {
        row.code for row in plan_service.outline(shipped_plan.uuid).means_of_action
    }
    editor.apply(undo)
    assert snapshot(plan_service, shipped_plan) == before


def test_new_item_undo_redo_keeps_its_uuid(plan_service, shipped_plan, editor, build) -> None:
    activity = uuid_of(plan_service, shipped_plan, "II.2")
    change = build.new_item(shipped_plan.uuid, ItemKind.MEANS, "A new study", activity=activity)
    assert change.rows[0].values["code"] == "II.2(vii)"
    undo = editor.apply(change)
    row = next(
        r for r in plan_service.outline(shipped_plan.uuid).means_of_action if r.code == "II.2(vii)"
    )
    assert (row.parent_code, row.label, row.uuid) == ("II.2", "(vii)", change.rows[0].uuid)
    redo = editor.apply(undo)
    assert "II.2(vii)" not in {
        r.code for r in plan_service.outline(shipped_plan.uuid).means_of_action
    }
    editor.apply(redo)
    assert plan_service.item_detail(change.rows[0].uuid).row.code == "II.2(vii)"


def test_new_key_output_gets_the_next_number(plan_service, shipped_plan, editor, build) -> None:
    component = plan_service.outline(shipped_plan.uuid).components[0].uuid
    change = build.new_item(shipped_plan.uuid, ItemKind.OUTPUT, "Nineteenth", component=component,
                            start=date(2016, 1, 1), end=date(2017, 12, 31))  # fmt: skip
    editor.apply(change)
    numbers = [row.number for row in plan_service.outline(shipped_plan.uuid).key_outputs]
    assert numbers[-1] == 19 and change.rows[0].values["code"] == "KO19"


def test_move_an_item_among_its_siblings_and_back(
    plan_service, shipped_plan, editor, build
) -> None:
    def order() -> list[str]:
        return [
            r.code
            for r in plan_service.outline(shipped_plan.uuid).means_of_action
            if r.parent_code == "II.2"
        ]

    before = order()
    undo = editor.apply(build.move_item(uuid_of(plan_service, shipped_plan, "II.2(iii)"), -1))
    assert order()[:3] == ["II.2(i)", "II.2(iii)", "II.2(ii)"]
    editor.apply(undo)
    assert order() == before


def test_set_links_replaces_paragraphs_and_undoes(
    plan_service, shipped_plan, editor, build, database
) -> None:
    registers = RegisterService(database)
    mandates = {m.code: m for m in registers.mandates(shipped_plan.uuid)}
    activity = uuid_of(plan_service, shipped_plan, "I.5")
    undo = editor.apply(
        build.set_links(
            "activity_mandate", activity, [mandates["35(h)"].uuid, mandates["35(j)"].uuid]
        )
    )
    assert [m.code for m in plan_service.item_detail(activity).mandates] == ["35(h)", "35(j)"]
    editor.apply(undo)
    assert [m.code for m in plan_service.item_detail(activity).mandates] == ["35(h)"]


def test_partners_roles_and_mous(plan_service, shipped_plan, editor, build, database) -> None:
    registers = RegisterService(database, today=lambda: date(2013, 5, 1))
    new_partner = build.new_partner(shipped_plan.uuid, "African Union Commission", acronym="AUC",
                                    kind="regional_organisation", region="Africa")  # fmt: skip
    editor.apply(new_partner)
    partner = next(p for p in registers.partners(shipped_plan.uuid) if p.code == "AUC")
    item = uuid_of(plan_service, shipped_plan, "III.2(i)")
    editor.apply(build.new_partner_role(partner.uuid, item, PartnerRoleKind.FUNDER))
    editor.apply(build.new_mou(shipped_plan.uuid, "MOU with the AUC", parties=[partner.uuid],
                               status=MouStatus.NEGOTIATING, target_date=date(2014, 6, 30)))  # fmt: skip
    mou = registers.mous(shipped_plan.uuid)[-1]
    assert (mou.code, mou.party_codes, mou.overdue) == ("MOU-1", ("AUC",), False)
    with pytest.raises(InUseError) as raised:
        build.delete("partner", partner.uuid)
    assert set(raised.value.dependents) == {"AUC is funder on III.2(i)", "AUC is a party to MOU-1"}
    before = snapshot(plan_service, shipped_plan)
    undo = editor.apply(build.delete("partner", partner.uuid, remove_links=True))
    assert registers.mous(shipped_plan.uuid)[-1].party_codes == ()
    editor.apply(undo)
    assert snapshot(plan_service, shipped_plan) == before


def test_progress_notes_indicators_and_measurements(
    plan_service, shipped_plan, editor, build, database
) -> None:
    registers = RegisterService(database)
    item = uuid_of(plan_service, shipped_plan, "V.2(i)")
    editor.apply(build.new_progress_note(item, "Text agreed with ISSA.", author="SEC/SOC"))
    [note] = plan_service.item_detail(item).progress_notes
    assert (note.noted_on, note.author) == (date(2013, 5, 1), "SEC/SOC")
    ratifications = next(
        i for i in registers.indicators(shipped_plan.uuid) if i.code == "C102-RATIFICATIONS"
    )
    editor.apply(build.new_measurement(ratifications.uuid, date(2015, 12, 31), 53))
    updated = next(
        i for i in registers.indicators(shipped_plan.uuid) if i.code == "C102-RATIFICATIONS"
    )
    assert updated.progress == pytest.approx(6 / 13)


def test_several_plans_new_duplicate_rename_delete(
    plan_service, shipped_plan, editor, build
) -> None:
    editor.apply(build.new_plan("next", "Next plan", date(2020, 1, 1), date(2025, 12, 31)))
    undo_duplicate = editor.apply(
        build.duplicate_plan(shipped_plan.uuid, "ilo-ss-copy", "Successor plan")
    )
    codes = {plan.code for plan in plan_service.list_plans()}
    assert codes == {"ilo-ss-2011-19", "next", "ilo-ss-copy"}
    copy = plan_service.find_plan("ilo-ss-copy")
    assert plan_service.counts(copy.uuid) == plan_service.counts(shipped_plan.uuid)
    assert (
        plan_service.outline(copy.uuid).activities[0].uuid
        != plan_service.outline(shipped_plan.uuid).activities[0].uuid
    )
    editor.apply(build.edit("plan", copy.uuid, {"title": "Successor plan 2020–25"}))
    assert plan_service.find_plan("ilo-ss-copy").title == "Successor plan 2020–25"
    before = snapshot(plan_service, shipped_plan)
    undo_delete = editor.apply(build.delete_plan(shipped_plan.uuid))
    assert "ilo-ss-2011-19" not in {plan.code for plan in plan_service.list_plans()}
    editor.apply(undo_delete)
    assert snapshot(plan_service, shipped_plan) == before
    editor.apply(build.edit("plan", copy.uuid, {"title": "Successor plan"}))
    editor.apply(undo_duplicate)
    assert "ilo-ss-copy" not in {plan.code for plan in plan_service.list_plans()}


def test_inverse_of_a_batch_reverses_its_parts(plan_service, shipped_plan, build) -> None:
    batch = build.move_item(uuid_of(plan_service, shipped_plan, "II.2(vi)"), -1)
    assert inverse_of(inverse_of(batch)) == batch


def test_a_key_output_keeps_its_dates(plan_service, shipped_plan, editor, build) -> None:
    output = uuid_of(plan_service, shipped_plan, "KO3")
    with pytest.raises(FieldError, match="A key output needs its end date") as raised:
        editor.apply(build.edit("item", output, {"end": None}))
    assert raised.value.field == "end"
    assert plan_service.item_detail(output).row.end is not None


def test_progress_notes_carry_their_id_for_deleting(
    plan_service, shipped_plan, editor, build
) -> None:
    item = uuid_of(plan_service, shipped_plan, "II.2(i)")
    editor.apply(build.new_progress_note(item, "Draft tool tested.", author="SEC/SOC"))
    [note] = plan_service.item_detail(item).progress_notes
    undo = editor.apply(build.delete("progress_note", note.uuid))
    assert plan_service.item_detail(item).progress_notes == ()
    editor.apply(undo)
    assert plan_service.item_detail(item).progress_notes == (note,)


@pytest.mark.parametrize(
    ("text", "message"),
    [("Bell\x07", "control character U\\+0007"), ("x" * 20_001, "at most 20000")],
)
def test_text_the_plan_document_refuses_is_refused_on_edit(
    plan_service, shipped_plan, editor, build, text: str, message: str
) -> None:
    uuid = uuid_of(plan_service, shipped_plan, "I.1")
    with pytest.raises(FieldError, match=message) as raised:
        editor.apply(build.edit("item", uuid, {"title": text}))
    assert raised.value.field == "title"
