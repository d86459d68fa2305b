"""The email classifier at run time: a multinomial logistic regression read from a JSON file.

The weights are fitted by `make email-model` (bench/email/fit_model.py, scikit-learn, on the
development split of corpora/email) and exported as plain numbers, so running the product
needs numpy only. Probabilities are calibrated by one temperature fitted on cross-validated
scores.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, get_args

import numpy as np

MODEL_FILE = Path(__file__).parent / "data" / "model.json"

Category = Literal[
    "interview_invitation",
    "interview_scheduled",
    "interview_rescheduled",
    "interview_cancelled",
    "rejection",
    "assessment",
    "offer",
    "application_received",
    "other",
]
CATEGORIES: tuple[Category, ...] = get_args(Category)
INTERVIEW = frozenset(CATEGORIES[:3])


@dataclass(frozen=True)
class EmailModel:
    classes: tuple[str, ...]
    index: dict[str, int]
    weights: np.ndarray  # (features, classes)
    intercept: np.ndarray  # (classes,)
    temperature: float

    @classmethod
    def from_json(cls, document: dict[str, object]) -> EmailModel:
        names = document["features"]
        weights = document["weights"]
        classes = document["classes"]
        intercept = document["intercept"]
        assert isinstance(names, list) and isinstance(weights, list)
        assert isinstance(classes, list) and isinstance(intercept, list)
        if tuple(classes) != CATEGORIES:
            raise ValueError("the model's classes are not the product's categories")
        matrix = np.asarray(weights, dtype=np.float64).reshape(len(names), len(classes))
        return cls(
            classes=tuple(str(c) for c in classes),
            index={str(n): i for i, n in enumerate(names)},
            weights=matrix,
            intercept=np.asarray(intercept, dtype=np.float64),
            temperature=float(document.get("temperature", 1.0)),  # type: ignore[arg-type]
        )

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> EmailModel:
        return cls.from_json(json.loads(path.read_text("utf-8")))

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        rows = [i for f in features if (i := self.index.get(f)) is not None]
        z = self.intercept + self.weights[rows].sum(axis=0) if rows else self.intercept.copy()
        z = z / self.temperature
        z -= z.max()
        p = np.exp(z)
        p /= p.sum()
        return {c: float(v) for c, v in zip(self.classes, p, strict=True)}


@cache
def default_model() -> EmailModel:
    return EmailModel.load()
