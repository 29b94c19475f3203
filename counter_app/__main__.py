"""`python -m counter_app` runs the same command line as `counter-app`."""

import sys

from counter_app.cli import main

sys.exit(main())
