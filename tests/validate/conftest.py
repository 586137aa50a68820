"""The validation tests: vhelp.py (the compiled CoNDIS library, its mapping) is importable."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # vhelp.py
