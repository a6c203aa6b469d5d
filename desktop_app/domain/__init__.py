"""Pure business rules: no Qt, no database. Everything here is exact (Decimal / minor units)."""
