"""reefscope: see where your computer-vision models fail."""

__version__ = "0.1.0"
