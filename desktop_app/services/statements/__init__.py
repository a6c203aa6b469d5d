"""Partner statements: value types (document), PDF rendering (render), building and export."""
