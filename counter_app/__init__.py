"""counter_app: the desktop application of a Vietnamese one-stop counter (Bộ phận Một cửa)."""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("counter-app")
except PackageNotFoundError:  # running from a frozen build or a bare source tree
    __version__ = "0.1.0"
