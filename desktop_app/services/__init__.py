"""Use cases over the store. No Qt: the CLI, the UI and the tests all call these."""
