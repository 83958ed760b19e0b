from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases"
MODELS = Path(__file__).resolve().parent / "models"
EXAMPLES = ROOT / "examples"
