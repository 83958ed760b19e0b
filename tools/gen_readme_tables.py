"""Regenerate the README tables from the code: the rule catalog and the engine's layer registry.

    .venv/bin/python tools/gen_readme_tables.py

tests/core/test_readme_tables.py fails when the README and the code disagree.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
sys.path.insert(0, str(ROOT / "server"))

from shapelens.engine import REGISTRY  # noqa: E402
from shapelens.engine.keras_names import ALIASES  # noqa: E402
from shapelens.rule_outcomes import OUTCOMES  # noqa: E402
from shapelens.rules import RULES  # noqa: E402

FAMILY_ORDER = ["core", "activations", "convolutional", "pooling", "recurrent", "reshaping", "normalization",
                "regularization", "preprocessing", "applications"]


def rules_table() -> str:
    rows = ["| code | name | severity | what it finds | what Keras does | the fix |", "|---|---|---|---|---|---|"]
    for r in RULES.values():
        keras, fix = OUTCOMES.get(r.code, ("", ""))
        cells = (r.code, r.name, r.severity, r.summary, keras, fix)
        rows.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(rows)


def layers_table() -> str:
    by_family: dict[str, list[str]] = {}
    for name, rule in REGISTRY.items():
        by_family.setdefault(rule.family or "other", []).append(name)
    aliases: dict[str, list[str]] = {}
    for alias, real in ALIASES.items():
        aliases.setdefault(real, []).append(alias)
    order = [f for f in FAMILY_ORDER if f in by_family] + sorted(set(by_family) - set(FAMILY_ORDER))
    rows = ["| family | layers |", "|---|---|"]
    for family in order:
        names = []
        for name in sorted(by_family[family]):
            extra = f" (also {', '.join(sorted(aliases[name]))})" if name in aliases else ""
            names.append(f"`{name}`{extra}")
        rows.append(f"| {family} | {', '.join(names)} |")
    rows.append(f"\n{len(REGISTRY)} layer classes, plus `keras.Input`/`InputLayer` and nested `Sequential` models.")
    return "\n".join(rows)


def render(text: str) -> str:
    for marker, table in (("rules", rules_table()), ("layers", layers_table())):
        pattern = re.compile(rf"(<!-- {marker}:start -->\n)(?:.*?\n)?(<!-- {marker}:end -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"README.md has no <!-- {marker}:start --> ... <!-- {marker}:end --> markers")
        text = pattern.sub(lambda m, t=table: m.group(1) + t + "\n" + m.group(2), text)
    return text


if __name__ == "__main__":
    README.write_text(render(README.read_text()))
    print("README tables regenerated")
