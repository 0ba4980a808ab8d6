import sys

from voces.cli import main

# Guarded: a worker started by a fork server (core.parallel.process_pool, in `voces ver`)
# imports this module again under another name and must not run the command twice.
if __name__ == "__main__":
    sys.exit(main())
