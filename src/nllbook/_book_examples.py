"""The data of the book's own chapters, beyond the articles' worked examples.

Re-exported by :mod:`nllbook.examples`, where readers find them.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "ACCURACY_BIAS",
    "ACCURACY_LABELS",
    "ACCURACY_WEIGHT",
    "ACCURACY_X",
    "DISTILL_STUDENT_LOGITS",
    "DISTILL_TEMPERATURES",
    "EARLY_TRUE_PROBS",
    "FOCAL_EASY_COUNT",
    "FOCAL_EASY_LOGIT",
    "FOCAL_HARD_COUNT",
    "FOCAL_HARD_LOGIT",
    "FOCAL_LOGITS",
    "IMBALANCE_SHARES",
    "INIT_LOGITS",
    "INIT_SCALES",
    "INIT_TARGETS",
    "KL_GRID",
    "KL_MODES",
    "KL_MODE_SCALE",
    "KL_MODE_WEIGHTS",
    "LATE_TRUE_PROBS",
    "PADDED_LOGITS",
    "PADDED_TARGETS",
    "POSITIVE_SHARE",
    "POS_WEIGHTS",
    "WEIGHTED_LOGITS",
    "WEIGHTED_TARGETS",
    "WEIGHTED_WEIGHTS",
]  # fmt: skip

# -- Symptoms --------------------------------------------------------------------------------------

#: Raw scores of a freshly initialised 10-class classifier on 1000 inputs, before
#: any scaling: standard normal draws (seed 24). Multiplied by a scale s, they
#: stand for a last layer initialised with standard deviation s.
INIT_LOGITS: NDArray[np.float64] = np.random.default_rng(24).standard_normal((1000, 10))
#: The true classes of those 1000 inputs, uniform over the 10 classes (seed 25).
INIT_TARGETS: NDArray[np.int64] = np.random.default_rng(25).integers(0, 10, size=1000)
#: The scales of the initial logits that the chapter compares.
INIT_SCALES: tuple[float, ...] = (0.01, 1.0, 10.0)

#: The probability a binary classifier gives to the true class of ten validation
#: examples, at an early checkpoint (7 right, unsure) and a late one (8 right,
#: confident, and confidently wrong on the other two).
EARLY_TRUE_PROBS: NDArray[np.float64] = np.array([0.6] * 7 + [0.4] * 3)
LATE_TRUE_PROBS: NDArray[np.float64] = np.array([0.95] * 8 + [0.02] * 2)


# -- Imbalance and masking -------------------------------------------------------------------------

#: The class shares of an imbalanced three-class data set: 80 %, 15 % and 5 %.
IMBALANCE_SHARES: NDArray[np.float64] = np.array([0.8, 0.15, 0.05])
#: A batch of four examples of three classes (logits), its true classes and
#: the class weights it is scored with: the rare classes count 2 and 4 times.
WEIGHTED_LOGITS: NDArray[np.float64] = np.array(
    [[2.0, 0.5, -1.0], [1.5, 1.0, 0.0], [0.5, 0.2, 0.1], [0.3, 0.1, -0.4]]
)
WEIGHTED_TARGETS: NDArray[np.int64] = np.array([0, 0, 1, 2])
WEIGHTED_WEIGHTS: NDArray[np.float64] = np.array([1.0, 2.0, 4.0])
#: A binary task with 10 % positives, and the pos_weights compared: 1, 3, 9 = neg. / pos.
POSITIVE_SHARE = 0.1
POS_WEIGHTS: tuple[float, ...] = (1.0, 3.0, 9.0)
#: Logits of four examples whose label is 1, from easy (3) to wrong (-2).
FOCAL_LOGITS: NDArray[np.float64] = np.array([3.0, 1.0, 0.0, -2.0])
#: A detector's batch: 990 easy negatives (logit -3) and 10 hard positives (logit -1).
FOCAL_EASY_LOGIT, FOCAL_EASY_COUNT = -3.0, 990
FOCAL_HARD_LOGIT, FOCAL_HARD_COUNT = -1.0, 10
#: Two padded sequences of token classes (vocabulary of 5): the first has 6
#: real tokens, the second 2, then padding (-100, PyTorch's ignore_index);
#: and the model's logits at every position (seed 26).
PADDED_TARGETS: NDArray[np.int64] = np.array([[1, 4, 2, 0, 3, 1], [2, 2, -100, -100, -100, -100]])
PADDED_LOGITS: NDArray[np.float64] = np.random.default_rng(26).standard_normal((2, 6, 5))


# -- Why cross-entropy -----------------------------------------------------------------------------

#: Six one-feature examples and their labels, for the page "Why cross-entropy":
#: the third (x = -0.5, label 1) and fourth (x = 0.5, label 0) are out of order,
#: so no threshold classifies all six right.
ACCURACY_X: NDArray[np.float64] = np.array([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])
ACCURACY_LABELS: NDArray[np.float64] = np.array([0.0, 0.0, 1.0, 0.0, 1.0, 1.0])
#: The weight and bias of the logistic model z = w x + b that the page nudges.
ACCURACY_WEIGHT = 2.0
ACCURACY_BIAS = 0.3


# -- Priors, distillation and KL's direction --------------------------------------------------

#: KL(p‖q) against KL(q‖p): the grid, -5 to 5 in steps of 0.1, and the bimodal p's two
#: modes, their centres, weights and the width of each.
KL_GRID: NDArray[np.float64] = np.linspace(-5.0, 5.0, 101)
KL_MODES, KL_MODE_WEIGHTS, KL_MODE_SCALE = (-2.0, 2.0), (0.6, 0.4), 0.5
#: Distillation: a student's logits, taught by the logits of "In practice"
#: (:data:`nllbook.examples.PRACTICE_LOGITS`), and the temperatures compared.
DISTILL_STUDENT_LOGITS: NDArray[np.float64] = np.array([1.0, 1.5, 0.3, -0.5])
DISTILL_TEMPERATURES: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 16.0)
