"""`python -m desktop_app` behaves exactly like the `payout-desk` command."""

import sys

from desktop_app.launcher import main

sys.exit(main())
