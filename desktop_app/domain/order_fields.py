"""The one table of an order import's columns: every other module takes them from here, by name.

Each entry is one column of the `orders` table that an import fills from the file: which field
of the spreadsheet holds it, whether a re-import with another value changes the stored order,
how a message and the screens name it, and the header names to guess it by. The table lives
in the domain (it imports nothing) so that the store builds `OrderRow`'s columns from it too.
Its readers, all by name: the store's `OrderRow` (store/models_orders: the descriptive columns
are made from their entries), the reader and the mapping screens (imports.model FIELD_LABELS,
REQUIRED_FIELDS, OPTIONAL_FIELDS; imports.header SYNONYMS), the record parser
(imports.records: OrderRecord.texts), the writer's insert and update and its locked-order check
(imports.writer), the change log that undo reads back (imports.changes), the Orders query
(orders_query.OrderView.texts), the Orders table (ui.models.orders_model) and `orders list`.

Adding a descriptive column (plain text, like category and SKU: a country, a channel…) takes
one entry and a migration:

1. `text_column("country", "Country", 8, ("country", "land", …))` at the end of ORDER_COLUMNS
   (the change log stores an order's values in this order; undo reads a log written before the
   column existed as having the column's empty value, which the migration gives old rows);
2. an Alembic migration numbered after the latest in store/migrations/versions adding the
   column as `text_column` makes it: `sa.String(length=100), nullable=False,
   server_default=""`.

tests/services/test_import_fields.py adds such a column that way to a copy of the package and
round-trips a file through it. A column of another kind (a number, a date) also needs its
typed attribute on OrderRow, records.OrderRecord and orders_query.OrderView, and its parsing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OrderColumn:
    """`column`: the orders table's column. `field`: the spreadsheet field mapped to it ("" when
    the import works it out: the partner of the code). `record`: the OrderRecord attribute with
    its value (a text column's value is in OrderRecord.texts instead). `compared`: a re-import
    with another value updates the order (else the value is only written along with the
    others). `said`: how a message names it. `label`: the field's name on the screens ("" for
    none). `required`: a file must have a column for it. `form`: the field's place on the
    mapping form, which is also the order in which header names are tried (a name two fields
    know goes to the earlier). `text`: plain text, read as it is written, stored in a
    String(`size`) column that is never NULL ("" when the file has none). `synonyms`: header
    names to guess a text column by (the other fields' are in imports.header). `listed`: shown
    as a column of the Orders screen and of `orders list`."""

    column: str
    field: str
    record: str
    said: str
    label: str = ""
    form: int = 0
    required: bool = False
    compared: bool = True
    text: bool = False
    synonyms: tuple[str, ...] = ()
    size: int = 100
    listed: bool = False


def text_column(
    name: str,
    label: str,
    form: int,
    synonyms: tuple[str, ...],
    *,
    said: str = "",
    size: int = 100,
    listed: bool = False,
) -> OrderColumn:
    """A descriptive column: the field, the column and its place in OrderRecord.texts share
    one name; a re-import with another value updates the order."""
    return OrderColumn(
        name,
        name,
        name,
        said or label.lower(),
        label,
        form,
        text=True,
        synonyms=synonyms,
        size=size,
        listed=listed,
    )


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
    text_column(
        "category",
        "Category",
        5,
        (
            "category",
            "product category",
            "kategorie",
            "categorie",
            "categoria",
            "категория",
            "类目",
            "商品类目",
        ),
        listed=True,
    ),
    text_column(
        "sku",
        "SKU",
        7,
        ("sku", "product id", "item id", "artikelnummer", "артикул", "商品编号"),
        said="SKU",
    ),
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
# A value of each column in a change log written before the column existed: what the column's
# migration gave the rows it found (text: "").
ORDER_LOG_MISSING = tuple("" if c.text else None for c in ORDER_COLUMNS)

# The descriptive columns: their values travel as one tuple, in this order (OrderRecord.texts,
# OrderView.texts); TEXT_AT gives a column's place in it.
ORDER_TEXT_COLUMNS = tuple(c for c in ORDER_COLUMNS if c.text)
TEXT_AT = {c.column: i for i, c in enumerate(ORDER_TEXT_COLUMNS)}
# The others are typed attributes of the record, named by `record`.
ORDER_TYPED_COLUMNS = tuple(c for c in ORDER_COLUMNS if not c.text)
ORDER_TYPED_RECORD = tuple(c.record for c in ORDER_TYPED_COLUMNS)
# A record's values as the writer takes them: the typed attributes, then the texts.
ORDER_RECORD_COLUMNS = tuple(c.column for c in ORDER_TYPED_COLUMNS + ORDER_TEXT_COLUMNS)
ORDER_INSERT_COLUMNS = ORDER_KEY + ORDER_RECORD_COLUMNS + ORDER_IMPORT_COLUMNS

# The spreadsheet fields of an order import, in their places on the form.
_SHEET = sorted((ORDER_ID_FIELD, *(c for c in ORDER_COLUMNS if c.field)), key=lambda c: c.form)
ORDER_FIELD_LABELS = {c.field: c.label for c in _SHEET}
ORDER_REQUIRED_FIELDS = tuple(c.field for c in _SHEET if c.required)
ORDER_OPTIONAL_FIELDS = tuple(c.field for c in _SHEET if not c.required)
ORDER_FIELD_SYNONYMS = {c.field: c.synonyms for c in ORDER_TEXT_COLUMNS}
