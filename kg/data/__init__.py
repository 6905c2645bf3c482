"""Data shipped with kg."""

from pathlib import Path

#: The bundled sample corpus: four Hugging Face "Daily Papers" page dumps (355 pairs, 325 papers).
SAMPLE_CORPUS = Path(__file__).parent / "sample" / "hf-daily-papers"
