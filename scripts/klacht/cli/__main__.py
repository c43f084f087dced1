import sys

from klacht.cli import main

sys.exit(main())
