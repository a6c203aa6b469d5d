"""The Partners screen's fraud actions: flag the selected partner (reason, optionally
terminate) or lift their flag (reason). Both recalculate the open draft run."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QWidget

from desktop_app.domain.partners import Partner
from desktop_app.errors import UserError
from desktop_app.services import payouts
from desktop_app.services.changes import Changes
from desktop_app.services.payouts.api import is_partner_flagged
from desktop_app.store.database import Store
from desktop_app.ui.dialogs.fraud_dialog import PartnerFraudDialog
from desktop_app.ui.events import announce
from desktop_app.ui.message import ask_reason, show_error


def is_flagged(store: Store, partner_id: int) -> bool:
    return is_partner_flagged(store, partner_id)


def flag_partner(
    parent: QWidget, store: Store, partner: Partner, done: Callable[[], None]
) -> PartnerFraudDialog:
    dialog = PartnerFraudDialog(partner, parent)

    def apply() -> None:
        changes = Changes.NONE
        try:
            changes = payouts.flag_partner(
                store, partner.id, dialog.reason.text(), terminate=dialog.terminate.isChecked()
            ).changes
        except UserError as exc:
            show_error(parent, "Flag partner as fraud", exc)
        finally:
            dialog.deleteLater()
        done()
        announce(changes, parent)  # the open draft was recalculated

    dialog.accepted.connect(apply)
    dialog.rejected.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def lift_flag(
    parent: QWidget, store: Store, partner: Partner, done: Callable[[], None]
) -> QInputDialog:
    def lifted(_result: object) -> None:
        done()

    return ask_reason(
        parent,
        "liftPartnerReason",
        "Lift partner fraud flag",
        f"{partner.name} is no longer treated as fraud: the open draft pays their commission "
        "again, and what locked runs withheld is released in the next run.\n"
        "A termination is not undone.",
        "Lift flag",
        lambda reason: payouts.lift_partner_flag(store, partner.id, reason),
        lifted,
    )
