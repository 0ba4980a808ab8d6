import sys

from voces.cli import main

sys.exit(main())
