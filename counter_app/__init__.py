"""counter_app: the desktop application of a Vietnamese one-stop counter (Bộ phận Một cửa)."""

# Kept here rather than read through importlib.metadata (~60 ms at start); a test checks it against
# pyproject.toml.
__version__ = "0.1.0"
