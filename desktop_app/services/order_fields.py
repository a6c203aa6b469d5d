"""The one table of an order import's columns: every other module takes them from here, by name.

Each entry is one column of the `orders` table that an import fills from the file: which field
of the spreadsheet holds it, which attribute of the parsed record (records.OrderRecord) carries
it, whether a re-import with another value changes the stored order, and how a message names
it. The reader and the mapping screens (model.FIELD_LABELS, REQUIRED_FIELDS, OPTIONAL_FIELDS),
the record parser (records), the writer's insert and update and its locked-order check (writer),
the change log that undo reads back (changes.ORDER_VALUES) and the Orders query
(orders_query.OrderView) all read this table.

Adding a column to the import: one entry here, at the end (the change log stores an order's
previous values in this order, and undo reads logs written before the column existed by
padding them with None), the column on store.models_orders.OrderRow with an Alembic migration
numbered after the latest in store/migrations/versions, an attribute of that name on
records.OrderRecord (and on orders_query.OrderView to show it), and the header names to guess
it by in header.SYNONYMS. tests/services/test_import_fields.py fails while any of them is out
of step.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OrderColumn:
    """`column`: the orders table's column. `field`: the spreadsheet field mapped to it ("" when
    the import works it out: the partner of the code). `record`: the OrderRecord attribute with
    its value. `compared`: a re-import with another value updates the order (else the value is
    only written along with the others). `said`: how a message names it. `label`: the field's
    name on the screens ("" for none). `required`: a file must have a column for it. `form`:
    the field's place on the mapping form, which is also the order in which header names are
    tried (a name two fields know goes to the earlier). `text`: plain text, read as it is
    written (the record parser needs nothing else to read it)."""

    column: str
    field: str
    record: str
    said: str
    label: str = ""
    form: int = 0
    required: bool = False
    compared: bool = True
    text: bool = False


# In the change log's order; new columns go at the end.
ORDER_COLUMNS: tuple[OrderColumn, ...] = (
    OrderColumn("order_date", "date", "order_date", "date", "Date", 1, required=True),
    OrderColumn("partner_id", "", "partner_id", "partner"),
    OrderColumn(
        "partner_code",
        "partner_code",
        "code",
        "partner code",
        "Partner code",
        2,
        required=True,
        compared=False,  # another spelling of the same partner's code changes nothing
    ),
    OrderColumn("amount_minor", "amount", "amount_minor", "amount", "Amount", 3, required=True),
    OrderColumn("currency", "currency", "currency", "currency", "Currency", 4),
    OrderColumn("category", "category", "category", "category", "Category", 5, text=True),
    OrderColumn("sku", "sku", "sku", "SKU", "SKU", 7, text=True),
    OrderColumn("status", "status", "status", "status", "Status", 6),
)
BY_COLUMN = {c.column: c for c in ORDER_COLUMNS}

# The order's identity (the file's order id, per source): never changed by a re-import.
ORDER_KEY = ("source", "external_id")
ORDER_ID_FIELD = OrderColumn(
    "external_id", "order_id", "external_id", "order id", "Order id", 0, required=True
)
# Filled by the import itself.
ORDER_IMPORT_COLUMNS = ("batch_id", "historical")

ORDER_VALUES = tuple(c.column for c in ORDER_COLUMNS)  # stored, logged, written on update
ORDER_COMPARED = tuple(c.column for c in ORDER_COLUMNS if c.compared)
ORDER_INSERT_COLUMNS = ORDER_KEY + ORDER_VALUES + ORDER_IMPORT_COLUMNS
ORDER_RECORD_VALUES = tuple(c.record for c in ORDER_COLUMNS)  # the same values on a record
ORDER_TEXT_COLUMNS = tuple(c for c in ORDER_COLUMNS if c.text)

# The spreadsheet fields of an order import, in their places on the form.
_SHEET = sorted((ORDER_ID_FIELD, *(c for c in ORDER_COLUMNS if c.field)), key=lambda c: c.form)
ORDER_FIELD_LABELS = {c.field: c.label for c in _SHEET}
ORDER_REQUIRED_FIELDS = tuple(c.field for c in _SHEET if c.required)
ORDER_OPTIONAL_FIELDS = tuple(c.field for c in _SHEET if not c.required)
