"""``python -m reefscope``: the same command line as ``reefscope``."""

from reefscope.cli import main

if __name__ == "__main__":
    main()
