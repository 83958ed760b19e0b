from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED_CASES = ROOT.parent / "shared" / "keras-cases"
MODELS = Path(__file__).resolve().parent / "models"
EXAMPLES = ROOT / "examples"
