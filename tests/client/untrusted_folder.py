"""Opening an untrusted folder runs none of its code: the server and the preflight checks start
exactly as the compiled extension (client/out/extension.js) starts them, from a folder full of
shadow modules (shapelens/, pygls/, lsprotocol/, json.py, typing_extensions.py, ...) that each
write a sentinel file when imported, with PYTHONPATH pointing into that folder too. The server
must answer (lsp_smoke) and no sentinel may be written.

    python3 tests/client/untrusted_folder.py EXTENSION_JS PYTHON [LAUNCHER]

With LAUNCHER (bundled/tool/server.py) the useBundled commands are checked, else the
fromEnvironment ones (PYTHON must have ShapeLens installed). A control run of the old command
(``python -m shapelens serve`` from the folder) must write a sentinel, or the check proves
nothing. Standard library only; exit status 0 on success.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lsp_smoke

# Each module writes a sentinel named after itself, then fails loudly.
SHADOWS = ["shapelens", "pygls", "lsprotocol", "cattrs", "attrs", "jedi", "parso", "tomli", "json",
           "typing_extensions", "importlib_metadata", "sitecustomize", "usercustomize", "enum",
           "logging", "asyncio", "argparse"]
PACKAGES = {"shapelens", "pygls", "lsprotocol", "cattrs", "attrs", "jedi", "parso", "tomli"}

# Loads the compiled extension with a stub 'vscode' module and prints the commands it would run.
NODE = r"""
const Module = require("module");
const stub = new Proxy(function () {}, {
  get: (t, p) => (p === "__esModule" ? false : stub), apply: () => stub, construct: () => stub,
});
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === "vscode" ? stub : load.call(this, request, ...rest);
};
const ext = require(process.argv[1]);
const interpreter = { command: process.argv[2], args: [], source: "setting" };
const launcher = process.argv[3] || undefined;
const how = launcher ? "useBundled" : "fromEnvironment";
console.log(JSON.stringify({
  preflight: ext.preflightLaunch(interpreter, how),
  server: ext.serverLaunch(interpreter, how, launcher),
}));
"""


DOCUMENT = lsp_smoke.TEXT + "import json\nimport pygls\nfrom shapelens import cli\nfrom settings import SIZE\n"


def make_shadow_folder(root: Path, sentinels: Path) -> None:
    for name in SHADOWS:
        code = (f"open({str(sentinels / name)!r}, 'w').write('imported from the workspace')\n"
                f"raise SystemExit('the workspace module {name} was imported')\n")
        if name in PACKAGES:
            (root / name).mkdir()
            (root / name / "__init__.py").write_text(code)
        else:
            (root / f"{name}.py").write_text(code)
    (root / "model.py").write_text(DOCUMENT)
    (root / "settings.py").write_text("SIZE = 3\n")  # a module of the project: read, never run


def main(extension_js: str, python: str, launcher: str | None) -> int:
    extension_js = str(Path(extension_js).resolve())
    launcher = str(Path(launcher).resolve()) if launcher else None
    plan = json.loads(subprocess.run(["node", "-e", NODE, extension_js, python, launcher or ""],
                                     capture_output=True, text=True, check=True, timeout=60).stdout)
    extension_root = Path(extension_js).resolve().parents[2]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        folder, sentinels = Path(tmp) / "untrusted", Path(tmp) / "sentinels"
        folder.mkdir()
        sentinels.mkdir()
        make_shadow_folder(folder, sentinels)
        # The editor's environment may carry a relative PYTHONPATH: resolved from the cwd.
        env = {**os.environ, "PYTHONPATH": f".{os.pathsep}{folder}"}
        for kind in ("preflight", "server"):
            launch = plan[kind]
            if Path(launch["cwd"]).resolve() != extension_root:
                failures.append(f"{kind} starts in {launch['cwd']}, not the extension's folder")
        command = [plan["server"]["command"], *plan["server"]["args"]]
        preflight = [plan["preflight"]["command"], *plan["preflight"]["args"]]
        # The extension's own cwd, and the workspace as cwd (what it did before): both safe.
        for cwd in (plan["server"]["cwd"], str(folder)):
            done = subprocess.run(preflight, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
            if done.returncode != 0:
                failures.append(f"preflight {preflight} in {cwd}: status {done.returncode} {done.stderr[-500:]}")
            # The folder is the workspace, the document one of its files importing its modules
            # (read statically; jedi may be asked where they are).
            if lsp_smoke.main(command, cwd=cwd, env=env, root_uri=folder.as_uri(),
                              uri=(folder / "model.py").as_uri(), text=DOCUMENT) != 0:
                failures.append(f"the server {command} did not answer from {cwd}")
        written = sorted(p.name for p in sentinels.iterdir())
        if written:
            failures.append(f"workspace modules were imported: {written}")
        # Control: the old command (no isolation, the folder as cwd) runs the folder's shapelens/.
        plain = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        control = subprocess.run([python, "-m", "shapelens", "--version"], cwd=folder, env=plain,
                                 capture_output=True, text=True, timeout=60)
        if not (sentinels / "shapelens").exists():
            failures.append(f"control: the shadow shapelens/ was not imported ({control.stderr[-300:]}): "
                            "this check would prove nothing")
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    if not failures:
        print(f"ok: {len(SHADOWS)} shadow modules, none imported by the {'useBundled' if launcher else 'fromEnvironment'}"
              " preflight or server; the server answered")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) == 4 else None))
