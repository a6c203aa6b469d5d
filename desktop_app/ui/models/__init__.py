"""Qt item models over service results (small lists) or SQL pages (big tables); every table
model is a `base.TableModel`, most a `base.ValueTableModel` with declared columns."""
