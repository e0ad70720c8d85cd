"""Use cases on the ledger. Each is one transaction and writes its audit event."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction

from ducha.core.services import (
    Actor,
    event,
    insert_events,
    record_event,
    save_audited,
    snapshot,
    snapshot_fields,
)
from ducha.ledger import jobs
from ducha.ledger.models import ImportState, LedgerImport, WorkItem
from ducha.ledger.sheets import LedgerPlan, PlannedItem, Registry, plan_import
from ducha.lib.deadlines import format_deadline
from ducha.lib.excel import SpreadsheetError
from ducha.lib.sheetimport import ImportFailed
from ducha.org.models import Leader, Unit
from ducha.org.queries import split_leader
from ducha.org.services import create_unknown_leader, create_unknown_unit
from ducha.review.models import Rating, Round
from ducha.review.services import set_rating


@transaction.atomic
def create_work_item(
    item: WorkItem,
    *,
    actor: Actor,
    leaders: Sequence[Leader] = (),
    co_units: Sequence[Unit] = (),
) -> WorkItem:
    """Save a new item with its leaders and co-units, audited as one creation."""
    item.full_clean()
    item.save()
    item.leaders.set(leaders)
    item.co_units.set([u for u in co_units if u.pk != item.lead_unit_id])
    record_event("workitem.created", item, actor=actor, before=None, after=snapshot(item))
    return item


@transaction.atomic
def update_work_item(item: WorkItem, *, actor: Actor) -> WorkItem:
    return save_audited(item, actor=actor)


# Import ---------------------------------------------------------------------------

BATCH = 2000
GENERATED_CODE = re.compile(r"^TZ-(\d+)$")


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    units_created: int
    leaders_created: int
    ratings: int = 0


@transaction.atomic
def import_ledger(
    plan: LedgerPlan,
    *,
    actor: Actor,
    create_missing: bool = False,
    round: Round | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Carry out a validated import plan, all or nothing.

    1. Refuse a plan with errors, or with unknown names unless `create_missing`.
    2. Create the missing units and leaders (audited one by one; there are few).
    3. Create new items level by level (parents first) in batches, with their links and
       one audit event each.
    4. Change the items whose row differs, audited with their values before and after.
    5. With a round, set the ratings the rows' 状态 column gives (through `set_rating`).
    """
    if plan.errors or ((plan.missing_units or plan.missing_leaders) and not create_missing):
        raise ValueError("the plan has errors or unknown names; nothing was imported")
    units = {name: create_unknown_unit(name, actor=actor) for name in plan.missing_units}
    leaders = {name: _create_leader(name, actor=actor) for name in plan.missing_leaders}
    for planned in plan.items:
        _resolve_names(planned, units, leaders)
    new = [p for p in plan.items if p.action == "create"]
    _assign_codes(new)
    done = 0
    for depth in sorted({p.depth for p in new}):
        for start in range(0, len(new), BATCH):
            batch = [p for p in new[start : start + BATCH] if p.depth == depth]
            _create_batch(batch, actor=actor)
            done += len(batch)
            if progress is not None:
                progress(done, len(new))
    changed = [p for p in plan.items if p.action == "update"]
    for planned in changed:
        _update_from_row(planned, actor=actor)
    rated = _set_ratings(plan, round=round, actor=actor)
    return ImportResult(
        created=len(new),
        updated=len(changed),
        unchanged=plan.count("keep"),
        units_created=len(units),
        leaders_created=len(leaders),
        ratings=rated,
    )


def _set_ratings(plan: LedgerPlan, *, round: Round | None, actor: Actor) -> int:
    """Each row's 状态 and 督查意见 as the item's rating in `round`; examples are kept."""
    if round is None:
        return 0
    rows = [p for p in plan.items if p.rating_changes]
    examples = dict(
        Rating.objects.filter(round=round, is_example=True).values_list("item_id", "example_order")
    )
    for planned in rows:
        item, status = planned.existing, planned.status
        assert item is not None and status is not None
        set_rating(
            round,
            item,
            status=status,
            note=planned.note,
            example_order=examples.get(item.pk),
            actor=actor,
        )
    return len(rows)


def _create_leader(text: str, *, actor: Actor) -> Leader:
    """A leader named in a ledger (姓名职务) but not registered."""
    name, title = split_leader(text)
    return create_unknown_leader(name, title, actor=actor)


def _resolve_names(
    planned: PlannedItem, units: dict[str, Unit], leaders: dict[str, Leader]
) -> None:
    def unit(value: Unit | str) -> Unit:
        return units[value] if isinstance(value, str) else value

    planned.lead_unit = unit(planned.lead_unit)
    planned.co_units = [unit(u) for u in planned.co_units]
    planned.leaders = [leaders[v] if isinstance(v, str) else v for v in planned.leaders]


def _assign_codes(new: Sequence[PlannedItem]) -> None:
    """Rows without a code get the next free TZ-000001-style code, in file order."""
    numbers = [
        int(m[1])
        for code in WorkItem.objects.filter(code__startswith="TZ-").values_list("code", flat=True)
        if (m := GENERATED_CODE.match(code))
    ]
    next_number = max(numbers, default=0) + 1
    for planned in new:
        if not planned.code:
            planned.code = f"TZ-{next_number:06d}"
            next_number += 1


def _item_from_row(planned: PlannedItem, item: WorkItem) -> WorkItem:
    assert planned.source is not None and isinstance(planned.lead_unit, Unit)
    item.code = planned.code
    item.title = planned.title
    item.description = planned.description
    item.source = planned.source
    item.category = planned.category
    item.deadline = planned.deadline.day
    item.ongoing = planned.deadline.ongoing
    item.lead_unit = planned.lead_unit
    item.parent = _parent_of(planned)
    return item


def _parent_of(planned: PlannedItem) -> WorkItem | None:
    if planned.parent is not None:
        return planned.parent.existing
    if planned.parent_code:
        return WorkItem.objects.get(code=planned.parent_code)
    return None


def _co_units(planned: PlannedItem) -> list[Unit]:
    lead = planned.lead_unit
    seen: dict[int, Unit] = {}
    for unit in planned.co_units:
        assert isinstance(unit, Unit)
        if unit != lead:
            seen.setdefault(unit.pk, unit)
    return list(seen.values())


def _leaders(planned: PlannedItem) -> list[Leader]:
    return list(
        {leader.pk: leader for leader in planned.leaders if isinstance(leader, Leader)}.values()
    )


def _create_batch(batch: Sequence[PlannedItem], *, actor: Actor) -> None:
    """Insert a batch of new items, their links and their audit events in a few queries."""
    # The row form has checked every value; the database's constraints guard the rest.
    items = [_item_from_row(p, WorkItem()) for p in batch]
    WorkItem.objects.bulk_create(items)
    leader_links: list[tuple[int, int]] = []
    unit_links: list[tuple[int, int]] = []
    events = []
    for planned, item in zip(batch, items, strict=True):
        planned.existing = item
        leaders, co_units = _leaders(planned), _co_units(planned)
        leader_links += [(item.pk, x.pk) for x in leaders]
        unit_links += [(item.pk, x.pk) for x in co_units]
        after = snapshot_fields(item) | {
            "leaders": sorted(x.pk for x in leaders),
            "co_units": sorted(x.pk for x in co_units),
        }
        events.append(event("workitem.created", item, actor=actor, before=None, after=after))
    _insert_links(WorkItem.leaders.through, ("workitem_id", "leader_id"), leader_links)
    _insert_links(WorkItem.co_units.through, ("workitem_id", "unit_id"), unit_links)
    insert_events(events)


def _insert_links(through: Any, columns: tuple[str, str], pairs: list[tuple[int, int]]) -> None:
    """Many-to-many rows as plain id pairs: building 100,000 model objects for two integers
    each would take most of a large import's time."""
    if not pairs:
        return
    quote = connection.ops.quote_name
    table = quote(through._meta.db_table)
    sql = f"INSERT INTO {table} ({quote(columns[0])}, {quote(columns[1])}) VALUES (%s, %s)"
    with connection.cursor() as cursor:
        cursor.executemany(sql, pairs)


def _update_from_row(planned: PlannedItem, *, actor: Actor) -> None:
    item = planned.existing
    assert item is not None
    before = snapshot(item)
    _item_from_row(planned, item)
    item.full_clean()
    item.save()
    item.leaders.set(_leaders(planned))
    item.co_units.set(_co_units(planned))
    record_event("workitem.changed", item, actor=actor, before=before, after=snapshot(item))


# Imports from the browser -----------------------------------------------------------

MAX_REPORTED_ERRORS = 1000
PREVIEW_ROWS = 200


@transaction.atomic
def start_ledger_import(job: LedgerImport, *, actor: User) -> LedgerImport:
    """Store an uploaded file and check it in the background (see `ducha.ledger.jobs`)."""
    job.created_by = actor
    job.state = ImportState.CHECKING
    job.full_clean(exclude=["data"])
    job.save()
    # The audit names the file; its bytes stay in the job row, not in the trail.
    after = {
        "filename": job.filename,
        "year": job.year,
        "source": job.default_source_id,
        "round": job.round_id,
    }
    record_event("ledgerimport.created", job, actor=actor, before=None, after=after)
    transaction.on_commit(lambda: jobs.run(check_ledger_import, job))
    return job


@transaction.atomic
def restart_ledger_import(job: LedgerImport, *, actor: Actor) -> bool:
    """Check again a job that failed with its file kept (its process died); audited."""
    restarted = (
        LedgerImport.objects.filter(pk=job.pk, state=ImportState.FAILED)
        .exclude(data=b"")
        .update(state=ImportState.CHECKING, report={}, done=0, total=0)
    )
    if not restarted:
        return False
    record_event(
        "ledgerimport.restarted",
        job,
        actor=actor,
        before={"state": ImportState.FAILED},
        after={"state": ImportState.CHECKING},
    )
    transaction.on_commit(lambda: jobs.run(check_ledger_import, job))
    return True


def check_ledger_import(job_id: int) -> None:
    """Plan the import (nothing written) and keep the preview and errors in the report."""
    job = LedgerImport.objects.get(pk=job_id)
    token = str(job.token)
    try:
        plan = plan_import(
            bytes(job.data),
            job.filename,
            registry=_registry(job, create_missing=True),
            progress=functools.partial(jobs.publish, token, phase=jobs.CHECK),
        )
    except (ImportFailed, SpreadsheetError) as error:
        _finish(job, ImportState.FAILED, {"message": str(error)})
        return
    _finish(job, ImportState.CHECKED, plan_report(plan))


def _registry(job: LedgerImport, *, create_missing: bool) -> Registry:
    return Registry.load(
        year=job.year,
        create_missing=create_missing,
        default_source=job.default_source,
        round=job.round,
    )


def plan_report(plan: LedgerPlan) -> dict[str, Any]:
    """What the preview page shows: counts, located errors, unknown names, first rows."""
    return {
        "sheet": plan.sheet,
        "rows": plan.rows,
        "counts": {a: plan.count(a) for a in ("create", "update", "keep")},
        "ratings": plan.ratings,
        "error_count": len(plan.errors),
        "errors": [asdict(e) for e in plan.errors[:MAX_REPORTED_ERRORS]],
        "missing_units": plan.missing_units,
        "missing_leaders": plan.missing_leaders,
        "preview": [_preview(p) for p in plan.items[:PREVIEW_ROWS]],
    }


def _preview(planned: PlannedItem) -> dict[str, Any]:
    def name(value: object) -> str:
        return value if isinstance(value, str) else str(value)

    return {
        "row": planned.row.number,
        "action": planned.action,
        "code": planned.code,
        "title": planned.title,
        "depth": planned.depth,
        "source": str(planned.source),
        "leaders": "、".join(name(x) for x in planned.leaders),
        "lead_unit": name(planned.lead_unit),
        "co_units": "、".join(name(x) for x in planned.co_units),
        "deadline": format_deadline(planned.deadline),
    }


def _finish(job: LedgerImport, state: str, report: dict[str, Any]) -> None:
    done, total, _ = jobs.progress_of(job)
    # A finished job keeps its report; the file itself (up to 64 MB) is no longer needed.
    file = {} if state == ImportState.CHECKED else {"data": b""}
    LedgerImport.objects.filter(pk=job.pk).update(
        state=state, report=job.report | report, done=done, total=total, **file
    )
    jobs.forget(str(job.token))


@transaction.atomic
def confirm_ledger_import(job: LedgerImport, *, actor: Actor, create_missing: bool) -> bool:
    """Claim a checked job for import (once, however often the button is pressed)."""
    claimed = LedgerImport.objects.filter(pk=job.pk, state=ImportState.CHECKED).update(
        state=ImportState.IMPORTING, create_missing=create_missing, done=0
    )
    if not claimed:
        return False
    record_event(
        "ledgerimport.confirmed",
        job,
        actor=actor,
        before={"state": ImportState.CHECKED},
        after={"state": ImportState.IMPORTING, "create_missing": create_missing},
    )
    transaction.on_commit(lambda: jobs.run(lambda pk: run_ledger_import(pk, actor=actor), job))
    return True


def run_ledger_import(job_id: int, *, actor: Actor) -> None:
    """Check the file again against today's registry and import it, all or nothing."""
    job = LedgerImport.objects.get(pk=job_id)
    token = str(job.token)
    try:
        plan = plan_import(
            bytes(job.data),
            job.filename,
            registry=_registry(job, create_missing=job.create_missing),
            progress=functools.partial(jobs.publish, token, phase=jobs.CHECK),
        )
        if plan.errors or not plan.items:
            _finish(
                job, ImportState.FAILED, plan_report(plan) | {"message": "表格有错误，未导入。"}
            )
            return
        result = import_ledger(
            plan,
            actor=actor,
            create_missing=job.create_missing,
            round=job.round,
            progress=functools.partial(jobs.publish, token, phase=jobs.WRITE),
        )
    except (ImportFailed, SpreadsheetError) as error:
        _finish(job, ImportState.FAILED, {"message": str(error)})
        return
    _finish(job, ImportState.DONE, {"result": asdict(result)})
