"""nllbook: negative log-likelihood and cross-entropy, word by word.

The pure functions here compute every number of the nllbook Jupyter Book.
Distributions run along the last axis and batch over the leading ones; ``p``
is the true distribution and ``q`` the model's, in the order of
``scipy.stats.entropy``. Logarithms are natural (nats) unless ``base`` says
otherwise, and ``0 * log 0 = 0`` throughout.

Bad input raises ``ValueError``, its message starting with the argument's
name. A boolean is not a number: booleans are refused wherever numbers are
expected (only yes/no flags and calibration outcomes take them). A
probability row of ``K`` entries must sum to 1 within
``SUM_ATOL + K * eps`` of its float type; ``nllbook.SUM_ATOL`` (1e-6) can be
set. See :mod:`nllbook._validation`.

Submodules (imported on first access, as scipy does, so that ``import
nllbook`` stays light and ``nllbook.examples`` works without a separate
import): :mod:`nllbook.examples` (the worked examples of the source
articles), :mod:`nllbook.conventions` (framework conventions),
:mod:`nllbook_pages.plots` and :mod:`nllbook_pages.quiz` (the check-yourself questions;
each chapter's are in :mod:`nllbook_pages.quiz_bank`). The book's explorers are
in the separate package ``nllbook_pages``, which uses this one.

Examples
--------
>>> import nllbook
>>> nllbook.examples.ENTROPY_FAIR_DIE.key
'entropy_fair_die'
"""

import importlib
import sys
import types

from . import _validation
from ._beyond import (
    bigram_counts,
    bigram_nll,
    bigram_probabilities,
    bits_per_symbol,
    gaussian_bin_nll,
    gaussian_nll,
    perplexity,
)
from ._binary import binary_cross_entropy_from_logits, log_sigmoid, sigmoid
from ._calibration import (
    CalibrationCurve,
    TopLabel,
    brier_score,
    calibration_curve,
    expected_brier_score,
    expected_calibration_error,
    fit_temperature,
    temperature_nll,
    top_label,
)
from ._distributions import binary_distribution, one_hot, uniform_distribution
from ._gradients import (
    binary_cross_entropy_gradient,
    binary_cross_entropy_second_derivative,
    log_odds,
    sigmoid_squared_error,
    sigmoid_squared_error_gradient,
    sigmoid_squared_error_second_derivative,
)
from ._information import (
    cross_entropy,
    entropy,
    in_base,
    information_unit,
    kl_divergence,
    xlogy,
)
from ._likelihood import (
    NLLSteps,
    bernoulli_likelihood,
    bernoulli_likelihood_grid,
    bernoulli_nll_grid,
    binary_cross_entropy,
    empirical_distribution,
    likelihood,
    nll,
    nll_steps,
)
from ._logits import (
    cross_entropy_from_logits,
    cross_entropy_from_logits_unfused,
    log_softmax,
    logsumexp,
    naive_log_softmax,
    naive_softmax,
    smooth_labels,
    softmax,
    softmax_cross_entropy_gradient,
)
from ._related import (
    bits_per_byte,
    dirichlet_estimate,
    distillation_gradient,
    distillation_loss,
    l2_prior_variance,
    normal_on_grid,
)
from ._training import (
    SoftmaxRegressionFit,
    fit_softmax_regression,
    softmax_regression_gradient,
    softmax_regression_loss,
)
from ._underflow import (
    cross_entropy_in_dtype,
    product_of_probabilities,
    running_log_sum,
    running_product,
    sum_of_log_probabilities,
    underflow_point,
)
from ._validation import SUM_ATOL
from ._weighted import focal_loss, reweighted_prior

__version__ = "0.1.0"

#: Submodules loaded by :func:`__getattr__` on first access (PEP 562).
_SUBMODULES = ("conventions", "examples")


class _Module(types.ModuleType):
    """The package's module type: ``nllbook.SUM_ATOL`` reads and sets the tolerance in use."""

    @property
    def SUM_ATOL(self) -> float:
        """Tolerance on the sum of a probability row (see :mod:`nllbook._validation`)."""
        return float(_validation.SUM_ATOL)

    @SUM_ATOL.setter
    def SUM_ATOL(self, value: float) -> None:
        _validation.SUM_ATOL = _validation.check_sum_atol(value)


sys.modules[__name__].__class__ = _Module
# The property above answers for the name; the module-level copy would only shadow it.
del globals()["SUM_ATOL"]


def __getattr__(name: str) -> types.ModuleType:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_SUBMODULES, "SUM_ATOL"})


__all__ = [
    "SUM_ATOL",
    "CalibrationCurve",
    "NLLSteps",
    "SoftmaxRegressionFit",
    "TopLabel",
    "bernoulli_likelihood",
    "bernoulli_likelihood_grid",
    "bernoulli_nll_grid",
    "bigram_counts",
    "bigram_nll",
    "bigram_probabilities",
    "binary_cross_entropy",
    "binary_cross_entropy_from_logits",
    "binary_cross_entropy_gradient",
    "binary_cross_entropy_second_derivative",
    "binary_distribution",
    "bits_per_byte",
    "bits_per_symbol",
    "brier_score",
    "calibration_curve",
    "cross_entropy",
    "cross_entropy_from_logits",
    "cross_entropy_from_logits_unfused",
    "cross_entropy_in_dtype",
    "dirichlet_estimate",
    "distillation_gradient",
    "distillation_loss",
    "empirical_distribution",
    "entropy",
    "expected_brier_score",
    "expected_calibration_error",
    "fit_softmax_regression",
    "fit_temperature",
    "focal_loss",
    "gaussian_bin_nll",
    "gaussian_nll",
    "in_base",
    "information_unit",
    "kl_divergence",
    "l2_prior_variance",
    "likelihood",
    "log_odds",
    "log_sigmoid",
    "log_softmax",
    "logsumexp",
    "naive_log_softmax",
    "naive_softmax",
    "nll",
    "nll_steps",
    "normal_on_grid",
    "one_hot",
    "perplexity",
    "product_of_probabilities",
    "reweighted_prior",
    "running_log_sum",
    "running_product",
    "sigmoid",
    "sigmoid_squared_error",
    "sigmoid_squared_error_gradient",
    "sigmoid_squared_error_second_derivative",
    "smooth_labels",
    "softmax",
    "softmax_cross_entropy_gradient",
    "softmax_regression_gradient",
    "softmax_regression_loss",
    "sum_of_log_probabilities",
    "temperature_nll",
    "top_label",
    "underflow_point",
    "uniform_distribution",
    "xlogy",
]
