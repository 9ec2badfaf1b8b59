r"""Input checks shared by every public function.

Each check either returns a clean array or raises ``ValueError`` naming the
argument and the problem, before anything is computed. The message starts
with the name of the argument as the caller wrote it.

Booleans
--------
One rule across the library: **a boolean is not a number.** ``True``,
``np.True_`` and arrays of dtype ``bool`` are refused (``ValueError``) by
every argument that takes numbers: probabilities, labels, logits, counts,
measurements, temperatures, widths, bases, degrees of freedom. Pass
``x.astype(float)`` (or ``int``) to mean 0 and 1. Booleans are taken only
where the argument *is* a yes/no value: the flags ``from_logits``,
``log_target`` and ``normalize`` of :mod:`nllbook.conventions` (which take
nothing else), and the outcomes ``y_true`` of
:func:`nllbook.calibration_curve` and
:func:`nllbook.expected_calibration_error` (0/1 or booleans, such as
``top_label(...).correct``).

Rows that sum to 1
------------------
A probability row of ``K`` entries is accepted when

.. math:: \Bigl|\sum_k p_k - 1\Bigr| \le \mathtt{SUM\_ATOL} + K\,\varepsilon

where ``SUM_ATOL`` (default 1e-6, settable as ``nllbook.SUM_ATOL``) is the
tolerance for rounding done before the row reached nllbook, and
:math:`K \varepsilon` (:math:`\varepsilon` the machine epsilon of the
caller's float type; float64 for integers) is the rounding the row picks up
in its own type: about 7e-16 for three float64 entries, 4e-7 for three
float32 ones, 3e-3 for three float16 ones. The sum is taken in float64 (or
longdouble). See :func:`sum_tolerance`.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

Reduction = Literal["mean", "sum", "none"]
REDUCTIONS: tuple[str, ...] = ("mean", "sum", "none")

#: Absolute tolerance on ``|sum(row) - 1|``, to which :func:`sum_tolerance`
#: adds ``K * eps`` of the row's type (see the module docstring). Set it as
#: ``nllbook.SUM_ATOL = 1e-9``; a value outside [0, 1) is refused.
SUM_ATOL = 1e-6


def check_sum_atol(value: object) -> float:
    """A valid value for :data:`SUM_ATOL`: a real number in [0, 1)."""
    atol = real_number(value, "SUM_ATOL")
    if not 0.0 <= atol < 1.0:
        raise ValueError(f"SUM_ATOL: must be a number in [0, 1), got {value!r}")
    return atol


def refuse_bool(x: object, name: str) -> None:
    """Apply the library's rule on booleans: a boolean is not a number.

    Refuses Python and numpy booleans and arrays (or lists) of booleans.
    """
    if isinstance(x, (bool, np.bool_)) or (isinstance(x, np.ndarray) and x.dtype.kind == "b"):
        raise ValueError(f"{name}: booleans are not numbers (pass 0 and 1 as numbers)")


FloatArray = NDArray[np.floating[Any]]
#: What a function that reduces or maps elementwise returns: a numpy float
#: scalar for 0-d results, an array otherwise.
FloatResult = np.floating[Any] | FloatArray

#: Float types that are kept as they are; everything else real becomes float64.
_KEPT = (np.dtype(np.float32), np.dtype(np.float64), np.dtype(np.longdouble))


def any_array(x: ArrayLike, name: str, *, booleans: bool = False) -> NDArray[Any]:
    """``np.asarray(x)``, with a ragged nested list reported as a ``ValueError`` on ``name``.

    Booleans are refused (the library's rule) unless ``booleans`` is true,
    for an argument that is a yes/no value.
    """
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as exc:  # ragged nested lists
        raise ValueError(f"{name}: cannot be read as an array ({exc})") from None
    if not booleans:
        refuse_bool(arr, name)
    return arr


def _as_array(x: ArrayLike, name: str) -> NDArray[Any]:
    arr = any_array(x, name)  # refuses booleans
    if arr.dtype.kind not in "iuf":
        raise ValueError(f"{name}: expected real numbers, got dtype {arr.dtype}")
    if arr.size == 0:
        raise ValueError(f"{name}: is empty")
    return arr


def float_array(x: ArrayLike, name: str) -> FloatArray:
    """Return ``x`` as a non-empty, C-contiguous float array.

    float32, float64 and longdouble keep their type; integers and float16
    become float64; booleans are refused (see the module docstring). C
    order matters: numpy sums the last axis pairwise (error growing like
    log K) only when it is contiguous, and one term after the other (error
    growing like K) otherwise.
    """
    arr = _as_array(x, name)
    if arr.dtype not in _KEPT:
        return arr.astype(np.float64, order="C")
    return arr if arr.flags.c_contiguous else arr.copy(order="C")


def sum_tolerance(dtype: np.dtype[Any], k: int) -> float:
    """Tolerance used by :func:`probabilities` for rows of ``k`` entries of ``dtype``.

    ``SUM_ATOL + k * eps``, with ``eps`` the machine epsilon of ``dtype``
    (float64's for a type that is not floating).
    """
    dt = dtype if dtype.kind == "f" else np.dtype(np.float64)
    return float(SUM_ATOL) + k * float(np.finfo(dt).eps)


def real_number(x: object, name: str) -> float:
    """Return a real scalar argument as a float; booleans, strings, None and NaN are refused."""
    if isinstance(x, (str, bytes, bool, np.bool_)) or x is None:
        raise ValueError(f"{name}: must be a real number, got {x!r}")
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: must be a real number, got {x!r}") from None
    if arr.ndim != 0 or arr.dtype.kind not in "iuf":
        raise ValueError(f"{name}: must be a real number, got {x!r}")
    out = float(arr)
    if np.isnan(out):
        raise ValueError(f"{name}: must be a real number, got NaN")
    return out


def whole_number(x: object, name: str, minimum: int, maximum: int | None = None) -> int:
    """An integer argument in ``[minimum, maximum]``; booleans and floats are refused."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, np.integer)):
        raise ValueError(f"{name}: must be an integer, got {x!r}")
    if x < minimum:
        raise ValueError(f"{name}: must be at least {minimum}, got {x}")
    if maximum is not None and x > maximum:
        raise ValueError(f"{name}: must be at most {maximum}, got {x}")
    return int(x)


def flag(x: object, name: str) -> bool:
    """A yes/no argument: ``True`` or ``False`` (Python or numpy), nothing else."""
    if not isinstance(x, (bool, np.bool_)):
        raise ValueError(f"{name}: must be True or False, got {x!r}")
    return bool(x)


def whole_axis(axis: object, ndim: int, name: str, shape: tuple[int, ...]) -> int:
    """An axis of an array of ``ndim`` dimensions, as a non-negative int."""
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)):
        raise ValueError(f"axis: must be an integer, got {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis: {axis} is out of range for {name} of shape {shape}")
    return int(axis) % ndim


def float_dtype(dtype: object, name: str = "dtype") -> np.dtype[Any]:
    """Check that ``dtype`` names a floating type and return it (``None`` is refused)."""
    if dtype is None:
        raise ValueError(f"{name}: must be a floating type, got None")
    try:
        dt: np.dtype[Any] = np.dtype(dtype)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise ValueError(f"{name}: must be a floating type, got {dtype!r}") from None
    if dt.kind != "f":
        raise ValueError(f"{name}: must be a floating type, got {dt}")
    return dt


def probabilities(
    x: ArrayLike, name: str, *, rows_sum_to_one: bool = True, renormalise: bool = False
) -> FloatArray:
    """Check that ``x`` holds probabilities along its last axis.

    Entries must be finite and in [0, 1]; with ``rows_sum_to_one`` every row
    (last axis) must sum to 1 within :func:`sum_tolerance`, and with
    ``renormalise`` each accepted row is then divided by its sum (as
    ``scipy.stats.entropy`` does), so that the identities between entropy,
    cross-entropy and KL divergence hold for every accepted row.
    """
    raw = _as_array(x, name)
    arr = float_array(raw, name)
    if np.isnan(arr).any():
        raise ValueError(f"{name}: contains NaN")
    if np.isinf(arr).any():
        raise ValueError(f"{name}: contains an infinite value")
    if (arr < 0).any():
        raise ValueError(f"{name}: contains a negative probability (min {arr.min():g})")
    if (arr > 1).any():
        raise ValueError(f"{name}: contains a probability above 1 (max {arr.max():g})")
    if rows_sum_to_one:
        if arr.ndim == 0:
            raise ValueError(f"{name}: expected a distribution along the last axis, got a scalar")
        # The tolerance is that of the type the caller gave (float16 rows
        # are held to float16's precision, even though they become float64).
        tol = sum_tolerance(raw.dtype, arr.shape[-1])
        wide = np.result_type(arr.dtype, np.float64)
        sums = arr.sum(axis=-1, dtype=wide, keepdims=True)
        bad = np.abs(sums - 1.0) > tol
        if bad.any():
            worst = sums[bad].flat[0]
            raise ValueError(
                f"{name}: rows must sum to 1 along the last axis "
                f"(tolerance {tol:.1e}); found a row summing to {worst:.6g}"
            )
        # Rows that already sum to exactly 1 are unchanged by renormalising.
        if renormalise and (sums != 1.0).any():
            arr = (arr / sums).astype(arr.dtype)
    return arr


def logits_array(x: ArrayLike, name: str) -> FloatArray:
    """Check logits: real, no NaN, no +inf (-inf is a valid 'impossible' logit)."""
    arr = float_array(x, name)
    if arr.ndim == 0:
        raise ValueError(f"{name}: expected scores along the last axis, got a scalar")
    # Fast path: min and max are single passes without temporaries, and both
    # propagate NaN, so finite extremes mean every entry is finite.
    if np.isfinite(arr.min()) and np.isfinite(arr.max()):
        return arr
    if np.isnan(arr).any():
        raise ValueError(f"{name}: contains NaN")
    if np.isposinf(arr).any():
        raise ValueError(f"{name}: contains +inf")
    if np.isneginf(arr).all(axis=-1).any():
        raise ValueError(f"{name}: a row is entirely -inf, so no class has any probability")
    return arr


def class_indices(target: ArrayLike, name: str, num_classes: int) -> NDArray[np.intp]:
    """Check integer class labels in ``[0, num_classes)``."""
    arr = any_array(target, name)  # refuses booleans
    if arr.size == 0:
        raise ValueError(f"{name}: is empty")
    if arr.dtype.kind not in "iu":
        raise ValueError(f"{name}: class indices must be integers, got dtype {arr.dtype}")
    if arr.min() < 0 or arr.max() >= num_classes:
        raise ValueError(
            f"{name}: class index out of range [0, {num_classes}) "
            f"(found {arr.min() if arr.min() < 0 else arr.max()})"
        )
    return arr.astype(np.intp, copy=False)


def reduction(value: object, allowed: tuple[str, ...] = REDUCTIONS) -> Reduction:
    """Check the ``reduction`` keyword (a string; arrays and other types are refused)."""
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"reduction: must be one of {allowed}, got {value!r}")
    return value  # type: ignore[return-value]


def log_base(base: float | None) -> float:
    """Return ``log(base)`` to divide natural logs by (1.0 for nats)."""
    if base is None:
        return 1.0
    try:
        b = real_number(base, "base")
    except ValueError:
        raise ValueError(f"base: must be a positive number other than 1, got {base!r}") from None
    if not np.isfinite(b) or b <= 0 or b == 1:
        raise ValueError(f"base: must be a positive number other than 1, got {base!r}")
    return float(np.log(b))


def reduce(values: FloatArray, how: Reduction) -> FloatResult:
    """Apply a validated reduction; scalars come back as numpy scalars.

    Means and sums accumulate in at least float64 and are rounded once to
    the values' type, so a float32 mean over many samples is not biased by
    float32 running sums.
    """
    wide = np.result_type(values.dtype, np.float64)
    if how == "mean":
        mean: np.floating[Any] = values.mean(dtype=wide).astype(values.dtype)
        return mean
    if how == "sum":
        total: np.floating[Any] = values.sum(dtype=wide).astype(values.dtype)
        return total
    return scalar_or_array(values)


def scalar_or_array(values: NDArray[Any]) -> FloatResult:
    """A 0-d result as a numpy scalar, anything else as the array itself."""
    out: FloatResult = values[()] if values.ndim == 0 else values
    return out


def same_last_axis(a: FloatArray, b: FloatArray, name_a: str, name_b: str) -> tuple[int, ...]:
    """Check that two arrays broadcast and share their last axis; return the shape."""
    if a.shape[-1:] != b.shape[-1:]:
        raise ValueError(
            f"{name_a} and {name_b}: shapes {a.shape} and {b.shape} differ in the number "
            "of classes (last axis)"
        )
    return broadcast_one_way(a.shape, b.shape, name_a, name_b)


def broadcast_one_way(
    a: tuple[int, ...], b: tuple[int, ...], name_a: str, name_b: str
) -> tuple[int, ...]:
    """Broadcast two shapes when one of them already is the result.

    One distribution may score a batch (shapes ``(K,)`` and ``(N, K)``), but
    shapes that would both grow, such as ``(N,)`` and ``(N, 1)`` into
    ``(N, N)``, are almost always a mistake and are refused, as torch does.
    """
    try:
        shape = tuple(np.broadcast_shapes(a, b))
    except ValueError:
        raise ValueError(f"{name_a} and {name_b}: shapes {a} and {b} do not broadcast") from None
    if shape != tuple(a) and shape != tuple(b):
        raise ValueError(
            f"{name_a} and {name_b}: shapes {a} and {b} would broadcast to {shape}, larger "
            "than both; give them the same batch shape"
        )
    return shape


def result_dtype(*arrays: FloatArray) -> np.dtype[Any]:
    """float32 only when every input is float32; float64 otherwise."""
    return np.result_type(*arrays)
