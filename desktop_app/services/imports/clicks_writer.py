"""Clicks, visitors and impressions per partner and day: new days inserted, changed days
updated (their previous figures kept so an undo can put them back), identical days left alone.
A file without impressions leaves a day's stored impressions as they are."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update

from desktop_app.services.imports.changes import record_changes
from desktop_app.services.imports.records import ClickRecord
from desktop_app.services.imports.sink import RecordSink
from desktop_app.store.models import ClickRow


def write_clicks(writer: RecordSink, records: list[ClickRecord]) -> None:
    source = writer.options.source
    rows: list[tuple[ClickRecord, int]] = []
    for record in records:
        partner_id = writer.partner_id(record.code, record.row)
        if partner_id is None:
            continue
        if writer.first_seen(
            ("clicks", partner_id, record.day),
            record.row,
            f"partner '{record.code}' on {record.day}",
            "date",
        ):
            rows.append((record, partner_id))
    days = sorted({r.day for r, _ in rows})
    existing: dict[tuple[int, Any], Any] = {}
    if days:
        for row in writer.session.execute(
            select(
                ClickRow.id,
                ClickRow.partner_id,
                ClickRow.day,
                ClickRow.clicks,
                ClickRow.visitors,
                ClickRow.impressions,
            ).where(ClickRow.source == source, ClickRow.day >= days[0], ClickRow.day <= days[-1])
        ).mappings():
            existing[(row["partner_id"], row["day"])] = row
    inserts, updates = [], []
    previous: list[tuple[int, tuple[int, int, int | None]]] = []
    for record, partner_id in rows:
        old = existing.get((partner_id, record.day))
        if old is None:
            inserts.append(
                {
                    "source": source,
                    "partner_id": partner_id,
                    "day": record.day,
                    "clicks": record.clicks,
                    "visitors": record.visitors,
                    "impressions": record.impressions,
                    "batch_id": writer.batch_id,
                }
            )
            continue
        before = (old["clicks"], old["visitors"], old["impressions"])
        impressions = old["impressions"] if record.impressions is None else record.impressions
        after = (record.clicks, record.visitors, impressions)
        if before == after:
            writer.report.unchanged += 1
        else:
            updates.append(
                {
                    "id": old["id"],
                    "clicks": record.clicks,
                    "visitors": record.visitors,
                    "impressions": impressions,
                }
            )
            previous.append((old["id"], before))
    if inserts:
        writer.session.connection().execute(insert(ClickRow), inserts)
        writer.report.added += len(inserts)
    if updates:
        writer.session.execute(update(ClickRow), updates)
        record_changes(writer.session, writer.batch_id, "clicks", previous)
        writer.report.updated += len(updates)
