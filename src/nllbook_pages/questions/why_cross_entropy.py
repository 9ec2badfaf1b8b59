"""The check-yourself questions of Why cross-entropy, computed by nllbook."""

from __future__ import annotations

import numpy as np

import nllbook

from ..quiz import Choice, Misconception, Numeric, Question, Section
from ._common import _ORDINAL, GRADIENT, _log10

__all__ = ["questions"]


ACCURACY = Section("why_cross_entropy", "Why not optimise accuracy directly")
MSE = Section("why_cross_entropy", "MSE after a sigmoid against cross-entropy")
CONVEX = Section("why_cross_entropy", "Convex in the logit, or not")
DERIVED = Section("why_cross_entropy", "Deriving softmax minus one-hot")
LOG_ODDS = Section("why_cross_entropy", "Logits are log-odds")


def questions() -> list[Question]:
    # A right but unsure prediction: label 1, probability 0.8.
    p_right = 0.8
    z_right = float(nllbook.log_odds(p_right))
    g_right = float(nllbook.binary_cross_entropy_gradient(z_right, 1.0))
    g_right_mse = float(nllbook.sigmoid_squared_error_gradient(z_right, 1.0))
    # A confidently wrong one: label 1, logit -4.
    z_wrong = -4.0
    g_wrong = float(nllbook.sigmoid_squared_error_gradient(z_wrong, 1.0))
    g_wrong_bce = float(nllbook.binary_cross_entropy_gradient(z_wrong, 1.0))
    # Log-odds of 0.8.
    odds = p_right / (1 - p_right)
    # Softmax minus one-hot on a logit that is not the true class's.
    z3 = np.array([1.0, 2.0, 0.0])
    true3, asked = 1, 0
    grad3 = nllbook.softmax_cross_entropy_gradient(z3, true3)
    q3 = nllbook.softmax(z3)
    # Which loss is convex in the logit, for either label: checked on a grid.
    grid = np.linspace(-10.0, 10.0, 2001)
    convex_bce = bool(nllbook.binary_cross_entropy_second_derivative(grid).min() >= 0)
    convex_mse = all(
        nllbook.sigmoid_squared_error_second_derivative(grid, np.full_like(grid, y)).min() >= 0
        for y in (0.0, 1.0)
    )
    options = [
        "binary cross-entropy",
        "the squared error after a sigmoid",
        "both",
        "neither",
    ]
    convex_answer = {
        (True, False): 0,
        (False, True): 1,
        (True, True): 2,
        (False, False): 3,
    }[(convex_bce, convex_mse)]
    return [
        Numeric(
            "bce-grad-right",
            f"The label is 1 and a binary model gives it {p_right:g}: already right. What is "
            "the gradient of the binary cross-entropy with respect to the logit z?",
            answer=g_right,
            tolerance=0.005,
            misconceptions=[
                Misconception(
                    "a right answer gets no gradient",
                    "That is accuracy's view. Cross-entropy still pushes a right but unsure "
                    "prediction towards more confidence: its gradient is σ(z) − y.",
                    0.0,
                    ACCURACY,
                ),
                Misconception(
                    "the derivative with respect to the probability",
                    f"{-1 / p_right:.3f} is d(−ln q)/dq = −1/q. With respect to the logit the "
                    "sigmoid's slope q(1 − q) multiplies it, leaving q − y.",
                    -1 / p_right,
                    MSE,
                ),
                Misconception(
                    "the squared error's gradient",
                    f"{g_right_mse:.3f} is 2(σ − y)σ(1 − σ), the gradient of MSE after a "
                    "sigmoid; the cross-entropy's has no factor σ(1 − σ).",
                    g_right_mse,
                    MSE,
                ),
            ],
            why="σ(z) − y = 0.8 − 1: the predicted probability minus the label.",
        ),
        Numeric(
            "mse-grad-wrong",
            f"The label is 1 and the logit is z = {z_wrong:g}, so the model is confidently "
            "wrong. The loss is MSELoss applied after a sigmoid, (σ(z) − y)². What is its "
            "gradient with respect to z?",
            answer=g_wrong,
            tolerance=0.002,
            misconceptions=[
                Misconception(
                    "the cross-entropy's gradient",
                    f"{g_wrong_bce:.3f} is σ(z) − y, what cross-entropy gives. The squared "
                    "error's gradient carries the extra factor 2σ(z)(1 − σ(z)), nearly 0 here.",
                    g_wrong_bce,
                    MSE,
                ),
                Misconception(
                    "the gradient with respect to the probability",
                    "2(σ(z) − y) is the derivative in σ(z); the chain rule through the sigmoid "
                    "multiplies it by σ(z)(1 − σ(z)).",
                    2 * g_wrong_bce,
                    MSE,
                ),
            ],
            why=f"2(σ(z) − y)σ(z)(1 − σ(z)) with σ({z_wrong:g}) = "
            f"{float(nllbook.sigmoid(z_wrong)):.3f}: the vanishing gradient of MSE after a "
            "sigmoid.",
        ),
        Numeric(
            "log-odds",
            f"A binary model gives the positive class the probability {p_right:g}. What is its "
            "logit?",
            answer=float(nllbook.log_odds(p_right)),
            tolerance=0.01,
            misconceptions=[
                Misconception(
                    "the odds instead of their log",
                    f"{odds:g} is the odds p/(1 − p); the logit is their natural log.",
                    odds,
                    LOG_ODDS,
                ),
                Misconception(
                    "the log of the probability",
                    f"ln {p_right:g} is the log-probability. The logit is the log of the odds, "
                    "ln(p/(1 − p)).",
                    float(np.log(p_right)),
                    LOG_ODDS,
                ),
                _log10(float(nllbook.log_odds(p_right)) / float(np.log(10))),
            ],
            why="ln(0.8/0.2) = ln 4: the inverse of the sigmoid.",
        ),
        Numeric(
            "softmax-grad",
            f"Logits [1, 2, 0]; the true class is the {_ORDINAL[true3]} one (index {true3} in "
            f"code). What is the gradient of the cross-entropy with respect to the "
            f"{_ORDINAL[asked]} logit (index {asked})?",
            answer=float(grad3[asked]),
            tolerance=0.005,
            misconceptions=[
                Misconception(
                    "the one-hot subtracted at the wrong class",
                    "The one-hot row has its 1 at the true class only: at any other class the "
                    "gradient is the probability itself.",
                    float(q3[asked] - 1.0),
                    DERIVED,
                ),
                Misconception(
                    "the sign of the gradient reversed",
                    "The gradient is softmax(z) − one-hot, positive at a wrong class: gradient "
                    "descent lowers that logit.",
                    float(-grad3[asked]),
                    GRADIENT,
                ),
            ],
            why="softmax(z)₁ − 0: at a class that is not the true one, the gradient is its "
            "probability.",
        ),
        Choice(
            "convex",
            "Which loss is convex in the logit z, for the label 0 and for the label 1?",
            options=options,
            answer=convex_answer,
            misconceptions=[
                Misconception(
                    "both taken to be convex",
                    "The squared error is convex in the probability, not in the logit: "
                    "through the sigmoid it curves downwards on the wrong side.",
                    2,
                    CONVEX,
                ),
            ],
            why="BCE's second derivative σ(z)(1 − σ(z)) is never negative; that of the squared "
            "error after a sigmoid changes sign at z = ∓ln 2.",
        ),
    ]
