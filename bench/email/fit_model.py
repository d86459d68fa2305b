"""Fit the email classifier on the development split of corpora/email and export its weights.

The model is a multinomial logistic regression (scikit-learn) over the features of
`core.email.features`: named signals (sender role, headers, calendar, links, times, language,
rule hits), the words of the new body text, and the words and word pairs of the subject.
Words seen in fewer than two training emails are dropped. Its probabilities are calibrated by
one temperature, fitted on cross-validated scores. The weights go to core/email/data/model.json
as plain numbers, rounded so that rebuilding gives the same bytes; the product reads them with
numpy (`core.email.model`), so scikit-learn is needed only here.

The figures it reports are cross-validated: five folds, stratified by category, with every
reply thread kept inside one fold; each fold's model (exported and read back exactly as the
product would) scores the emails it never saw, through the whole detector.

Run: `make email-model` (or `uv run python -m bench.email.fit_model [--out PATH]
[--no-cv]`). Writes `email.devCrossValidated` in bench/results/email.json unless `--no-cv`.
Only the dev split is ever read here.
"""

from __future__ import annotations

import argparse
import json
import warnings
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold
from threadpoolctl import threadpool_limits

from bench.email.corpus import Case, load
from bench.email.scoring import Outcome, score
from core.email.detect import Analysis, analyse, detect
from core.email.message import parse_email
from core.email.model import CATEGORIES, MODEL_FILE, EmailModel

RESULTS = Path(__file__).resolve().parents[2] / "bench" / "results" / "email.json"
FOLDS = 5
C = 2.0  # inverse ridge strength, chosen by cross-validation on dev among 0.1, 0.25, 0.5, 1, 2, 4
MIN_EMAILS = 2  # a word must occur in this many training emails to get a weight
_NGRAM = ("s:", "b:", "c:")
DIGITS = 4  # weights are rounded so that the artifact's bytes are reproducible


LEGACY = Path(__file__).resolve().parents[2] / "tests" / "email" / "corpus"
_LEGACY_NEGATIVES = (
    ("rejection", ("rejection", "absage", "refus", "rechazo", "decided_not")),
    ("application_received", ("received", "eingangs", "recibida", "under_review")),
    ("offer", ("offer", "offre")),
)


def legacy_cases() -> list[Case]:
    """The detector's older regression set (tests/email/corpus), labelled before the nine
    categories existed: its labels are mapped onto them (a stated time makes an invitation a
    scheduled interview; a negative's category is in its file name). It only ever trains."""
    labels = json.loads((LEGACY / "labels.json").read_text("utf-8"))
    cases = []
    for name, label in sorted(labels.items()):
        if label["isInterview"]:
            category = {
                "cancellation": "interview_cancelled",
                "reschedule": "interview_rescheduled",
            }.get(label["event"]) or (
                "interview_scheduled" if label["startsAt"] else "interview_invitation"
            )
        else:
            category = next(
                (c for c, words in _LEGACY_NEGATIVES if any(w in name for w in words)), "other"
            )
        raw = (LEGACY / name).read_bytes()
        cases.append(Case(f"legacy/{name}", raw, {"category": category, "threadOf": None}))
    return cases


def thread_roots(cases: Sequence[Case]) -> list[str]:
    parent = {c.file: c.label.get("threadOf") for c in cases}

    def root(name: str) -> str:
        while parent.get(name):
            name = str(parent[name])
        return name

    return [root(c.file) for c in cases]


def fit(
    feature_sets: Sequence[set[str]], labels: Sequence[str], temperature: float = 1.0
) -> dict[str, Any]:
    """The exported model document fitted on these emails."""
    counts = Counter(f for fs in feature_sets for f in fs)
    kept = [
        {f: 1.0 for f in fs if not f.startswith(_NGRAM) or counts[f] >= MIN_EMAILS}
        for fs in feature_sets
    ]
    vectoriser = DictVectorizer(sort=True)
    x = vectoriser.fit_transform(kept)
    clf = LogisticRegression(
        C=C, solver="newton-cg", max_iter=1000, class_weight="balanced", tol=1e-8
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.fit(x, list(labels))
    order = [list(clf.classes_).index(c) for c in CATEGORIES]
    coef = np.round(clf.coef_[order].T, DIGITS)  # (features, classes)
    names = vectoriser.get_feature_names_out()
    keep = np.abs(coef).max(axis=1) >= 10**-DIGITS
    return {
        "about": "email classifier weights; rebuild with `make email-model`",
        "classes": list(CATEGORIES),
        "temperature": round(temperature, DIGITS),
        "intercept": [round(float(v), DIGITS) for v in clf.intercept_[order]],
        "features": [str(n) for n, k in zip(names, keep, strict=True) if k],
        "weights": [[float(v) for v in row] for row, k in zip(coef, keep, strict=True) if k],
    }


def dump(document: dict[str, Any]) -> str:
    """One feature per line: small, diffable, byte-stable."""
    head = {k: v for k, v in document.items() if k not in ("features", "weights")}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ',\n"features": [']
    lines.append(",\n".join(json.dumps(f, ensure_ascii=False) for f in document["features"]))
    lines.append('],\n"weights": [')
    lines.append(",\n".join(json.dumps(w) for w in document["weights"]))
    lines.append("]}\n")
    return "\n".join(lines)


def logits(model: EmailModel, features: set[str]) -> np.ndarray:
    rows = [i for f in features if (i := model.index.get(f)) is not None]
    return model.intercept + (model.weights[rows].sum(axis=0) if rows else 0.0)


def fit_temperature(scores: np.ndarray, truth: np.ndarray) -> float:
    def nll(t: float) -> float:
        z = scores / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-logp[np.arange(len(truth)), truth].mean())

    return float(minimize_scalar(nll, bounds=(0.05, 20.0), method="bounded").x)


def cross_validate(
    cases: Sequence[Case],
    seen: Sequence[Analysis],
    extra: Sequence[Analysis],
    extra_labels: list[str],
) -> tuple[dict[str, Any], float]:
    labels = [c.category for c in cases]
    folds = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=0)
    models: dict[int, EmailModel] = {}
    scores = np.zeros((len(cases), len(CATEGORIES)))
    for train, test in folds.split(np.zeros(len(cases)), labels, thread_roots(cases)):
        model = EmailModel.from_json(
            fit(
                [seen[i].features for i in train] + [e.features for e in extra],
                [labels[i] for i in train] + extra_labels,
            )
        )
        for i in test:
            models[int(i)] = model
            scores[i] = logits(model, seen[i].features)
    truth = np.array([CATEGORIES.index(c) for c in labels])
    temperature = fit_temperature(scores, truth)
    outcomes = []
    for i, case in enumerate(cases):
        m = models[i]
        calibrated = EmailModel(m.classes, m.index, m.weights, m.intercept, temperature)
        outcomes.append(Outcome(case, detect(parse_email(case.raw), model=calibrated)))
    figures, mistakes = score(outcomes)
    figures["calibration"] = _calibration(scores / temperature, truth)
    return {"figures": figures, "mistakes": mistakes}, temperature


def _calibration(scores: np.ndarray, truth: np.ndarray) -> dict[str, Any]:
    """How well the interview probability matches the interview rate (expected calibration
    error over five bins) and the log loss of the nine-class probabilities."""
    z = scores - scores.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    timed = [CATEGORIES.index(c) for c in CATEGORIES[:4]]
    p_timed = p[:, timed].sum(axis=1)
    is_timed = np.isin(truth, timed)
    ece = 0.0
    for lo in np.linspace(0, 0.8, 5):
        inside = (p_timed >= lo) & (p_timed < lo + 0.2 + (1e-9 if lo >= 0.8 else 0))
        if inside.any():
            ece += inside.mean() * abs(p_timed[inside].mean() - is_timed[inside].mean())
    logloss = float(-np.log(p[np.arange(len(truth)), truth] + 1e-12).mean())
    return {"sessionProbabilityEce": round(float(ece), 3), "logLoss": round(logloss, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_FILE, help="where to write the weights")
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    parser.add_argument("--verbose", action="store_true", help="list dev mistakes on stderr")
    args = parser.parse_args()
    # One thread: on a small problem, BLAS threads cost far more than they give.
    with threadpool_limits(1):
        _run(args)


def _run(args: argparse.Namespace) -> None:
    cases = load("dev")
    seen = [analyse(parse_email(c.raw)) for c in cases]
    legacy = legacy_cases()
    extra = [analyse(parse_email(c.raw)) for c in legacy]
    extra_labels = [c.category for c in legacy]
    temperature = 1.0
    report: dict[str, Any] | None = None
    if not args.no_cv:
        report, temperature = cross_validate(cases, seen, extra, extra_labels)
    else:
        current = json.loads(MODEL_FILE.read_text("utf-8")) if MODEL_FILE.exists() else {}
        temperature = float(current.get("temperature", 1.0))
    document = fit(
        [s.features for s in seen] + [e.features for e in extra],
        [c.category for c in cases] + extra_labels,
        temperature,
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dump(document), "utf-8")
    print(f"wrote {args.out} ({len(document['features'])} features, temperature {temperature:.3f})")
    if report is None:
        return
    if args.verbose:
        print("\n".join(report["mistakes"]))
    figures = report["figures"]
    figures["note"] = (
        f"{FOLDS}-fold cross-validation on the dev split ({len(cases)} emails), folds stratified "
        "by category with reply threads kept together; each fold's exported model runs through "
        "the whole detector on the emails it did not see; the older regression set "
        f"(tests/email/corpus, {len(legacy)} emails) is in every training fold"
    )
    print(json.dumps(figures, indent=2))
    current = json.loads(RESULTS.read_text("utf-8")) if RESULTS.exists() else {}
    current["devCrossValidated"] = figures
    RESULTS.write_text(json.dumps(current, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
