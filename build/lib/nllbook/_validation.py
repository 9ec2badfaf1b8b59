"""Input checks shared by every public function.

Each check either returns a clean array or raises ``ValueError`` naming the
argument and the problem, before anything is computed.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

Reduction = Literal["mean", "sum", "none"]
REDUCTIONS: tuple[str, ...] = ("mean", "sum", "none")

#: Absolute tolerance on ``|sum(row) - 1|`` for float64 (and longdouble)
#: input.  For float32 it is ``1000 * eps`` of float32 (about 1.2e-4), and
#: for float16 ``10 * eps`` of float16 (about 9.8e-3), so that rows rounded to
#: the input's precision still pass. Accepted rows are divided by their sum.
SUM_ATOL = 1e-6

FloatArray = NDArray[np.floating[Any]]
#: What a function that reduces or maps elementwise returns: a numpy float
#: scalar for 0-d results, an array otherwise.
FloatResult = np.floating[Any] | FloatArray

#: Float types that are kept as they are; everything else real becomes float64.
_KEPT = (np.dtype(np.float32), np.dtype(np.float64), np.dtype(np.longdouble))


def any_array(x: ArrayLike, name: str) -> NDArray[Any]:
    """``np.asarray(x)``, with a ragged nested list reported as a ``ValueError`` on ``name``."""
    try:
        return np.asarray(x)
    except (TypeError, ValueError) as exc:  # ragged nested lists
        raise ValueError(f"{name}: cannot be read as an array ({exc})") from None


def _as_array(x: ArrayLike, name: str) -> NDArray[Any]:
    arr = any_array(x, name)
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{name}: expected real numbers, got dtype {arr.dtype}")
    if arr.size == 0:
        raise ValueError(f"{name}: is empty")
    return arr


def float_array(x: ArrayLike, name: str) -> FloatArray:
    """Return ``x`` as a non-empty, C-contiguous float array.

    float32, float64 and longdouble keep their type; integers, booleans and
    float16 become float64. C order matters: numpy sums the last axis
    pairwise (error growing like log K) only when it is contiguous, and one
    term after the other (error growing like K) otherwise.
    """
    arr = _as_array(x, name)
    if arr.dtype not in _KEPT:
        return arr.astype(np.float64, order="C")
    return arr if arr.flags.c_contiguous else arr.copy(order="C")


def sum_tolerance(dtype: np.dtype[Any]) -> float:
    """Tolerance used by :func:`probabilities` for rows of ``dtype``.

    ``1000 * eps`` of the type, at least :data:`SUM_ATOL`; for float16, whose
    ``1000 * eps`` would be almost 1, ``10 * eps`` instead.
    """
    eps = float(np.finfo(dtype).eps)
    if eps > 1e-4:
        return 10.0 * eps
    return max(SUM_ATOL, 1000.0 * eps)


def real_number(x: object, name: str) -> float:
    """Return a real scalar argument as a float; strings, None and NaN are refused."""
    if isinstance(x, (str, bytes, bool, np.bool_)) or x is None:
        raise ValueError(f"{name}: must be a real number, got {x!r}")
    arr = np.asarray(x)
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
        tol = sum_tolerance(raw.dtype if raw.dtype.kind == "f" else arr.dtype)
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
    arr = any_array(target, name)
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


def reduction(value: str) -> Reduction:
    """Check the ``reduction`` keyword."""
    if not isinstance(value, str) or value not in REDUCTIONS:
        raise ValueError(f"reduction: must be one of {REDUCTIONS}, got {value!r}")
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
