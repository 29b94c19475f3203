"""`python -m counter_app` runs the same command line as `counter-app` (the window first when no command is given)."""

import sys

from counter_app.cli_launch import main

sys.exit(main())
