"""`python -m counter_app.hub --db URL [--host H] [--port N]`: the same as `counter-app hub`."""

import sys

from counter_app.cli import main

sys.exit(main(["hub", *sys.argv[1:]]))
