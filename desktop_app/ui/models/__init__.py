"""Qt item models over service results (small lists) or SQL pages (big tables)."""
