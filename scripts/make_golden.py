"""Regenerate the golden JSON of the seed form. Review the diff line by line before committing."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import oitparse  # noqa: E402

seed = ROOT / "tests" / "fixtures" / "seed_pathumthani_2565.txt"
out = ROOT / "tests" / "fixtures" / "golden" / "seed_pathumthani_2565.json"
data = oitparse.parse(seed).model_dump(mode="json")
out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(f"wrote {out.relative_to(ROOT)}: {len(data['items'])} items")
