"""The kinds of payment file (services.payment_files writes them), named apart from the writers
so the command line can offer them without loading the writers."""

FORMATS = ("paypal", "sepa", "csv", "xlsx")
