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

#: Absolute tolerance on ``|sum(row) - 1|`` for float64 input.  For other
#: float types it is ``max(SUM_ATOL, 1000 * eps)`` of that type (about 1.2e-4
#: for float32), so that rows rounded to the input's precision still pass.
SUM_ATOL = 1e-6

FloatArray = NDArray[np.floating[Any]]


def float_array(x: ArrayLike, name: str) -> FloatArray:
    """Return ``x`` as a non-empty float array; float32 stays float32."""
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as exc:  # ragged nested lists
        raise ValueError(f"{name}: cannot be read as an array ({exc})") from None
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{name}: expected real numbers, got dtype {arr.dtype}")
    if arr.size == 0:
        raise ValueError(f"{name}: is empty")
    if arr.dtype == np.float32 or arr.dtype == np.float64:
        return arr
    # Integers, booleans and float16 are promoted to the default float64.
    return arr.astype(np.float64)


def sum_tolerance(dtype: np.dtype[Any]) -> float:
    """Tolerance used by :func:`probabilities` for rows of ``dtype``."""
    return max(SUM_ATOL, 1000.0 * float(np.finfo(dtype).eps))


def probabilities(x: ArrayLike, name: str, *, rows_sum_to_one: bool = True) -> FloatArray:
    """Check that ``x`` holds probabilities along its last axis.

    Entries must be finite and in [0, 1]; with ``rows_sum_to_one`` every row
    (last axis) must sum to 1 within :func:`sum_tolerance`.
    """
    arr = float_array(x, name)
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
        sums = arr.sum(axis=-1, dtype=np.float64)
        bad = np.abs(sums - 1.0) > sum_tolerance(arr.dtype)
        if bad.any():
            worst = sums[bad].flat[0]
            raise ValueError(
                f"{name}: rows must sum to 1 along the last axis "
                f"(tolerance {sum_tolerance(arr.dtype):.1e}); found a row summing to {worst:.6g}"
            )
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
    arr = np.asarray(target)
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
    if value not in REDUCTIONS:
        raise ValueError(f"reduction: must be one of {REDUCTIONS}, got {value!r}")
    return value  # type: ignore[return-value]


def log_base(base: float | None) -> float:
    """Return ``log(base)`` to divide natural logs by (1.0 for nats)."""
    if base is None:
        return 1.0
    try:
        b = float(base)
    except (TypeError, ValueError):
        raise ValueError(f"base: must be a positive number other than 1, got {base!r}") from None
    if not np.isfinite(b) or b <= 0 or b == 1:
        raise ValueError(f"base: must be a positive number other than 1, got {base!r}")
    return float(np.log(b))


def reduce(values: FloatArray, how: Reduction) -> Any:
    """Apply a validated reduction; scalars come back as numpy scalars."""
    if how == "mean":
        return values.mean()
    if how == "sum":
        return values.sum()
    return values[()] if values.ndim == 0 else values


def same_last_axis(a: FloatArray, b: FloatArray, name_a: str, name_b: str) -> tuple[int, ...]:
    """Check that two arrays broadcast and share their last axis; return the shape."""
    if a.shape[-1:] != b.shape[-1:]:
        raise ValueError(
            f"{name_a} and {name_b}: shapes {a.shape} and {b.shape} differ in the number "
            "of classes (last axis)"
        )
    try:
        return tuple(np.broadcast_shapes(a.shape, b.shape))
    except ValueError:
        raise ValueError(
            f"{name_a} and {name_b}: shapes {a.shape} and {b.shape} do not broadcast"
        ) from None


def result_dtype(*arrays: FloatArray) -> np.dtype[Any]:
    """float32 only when every input is float32; float64 otherwise."""
    return np.result_type(*arrays)
