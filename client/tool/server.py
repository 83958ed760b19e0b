"""Runs ShapeLens from the libraries bundled with the VS Code extension (bundled/libs).

    <python> -I <extension>/bundled/tool/server.py [serve --stdio]

Any Python 3.10 or newer will do: nothing needs to be installed in it. The bundled libraries
come first on sys.path, so another ShapeLens, pygls or lsprotocol installed in that Python is
not used. The extension runs it in isolated mode (-I) from its own folder, so nothing of the
opened workspace (nor PYTHONPATH) is on sys.path: this script adds bundled/libs itself.
Arguments are those of the ``shapelens`` command; none means ``serve``.
"""

import os
import sys

NEEDS = (3, 10)

# No f-strings nor annotations here: this file must still parse on an old Python, to say so.

if sys.version_info < NEEDS:
    sys.stderr.write(
        "ShapeLens needs Python %d.%d or newer, but %s is Python %s.\n"
        % (NEEDS[0], NEEDS[1], sys.executable, sys.version.split()[0])
    )
    sys.exit(4)

LIBS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "libs")
if not os.path.isfile(os.path.join(LIBS, "shapelens", "__init__.py")):
    sys.stderr.write("ShapeLens: the bundled libraries are missing from %s.\n" % LIBS)
    sys.exit(5)

# This script's own folder is not a library folder.
if sys.path and os.path.abspath(sys.path[0] or os.curdir) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]
sys.path.insert(0, LIBS)

from shapelens.cli import main  # noqa: E402

sys.exit(main(sys.argv[1:] or ["serve"]))
