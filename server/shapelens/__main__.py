import gc
import sys

if sys.argv[1:2] == ["check"]:
    gc.disable()  # before the imports too: a check never needs the cyclic collector (see cli.run)

from .cli import run

run()
