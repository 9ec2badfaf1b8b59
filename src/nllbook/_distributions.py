"""Small distributions the book builds again and again: one-hot rows, a coin, the uniform.

They live here so that the chapters, the explorers and the questions build
them one way, with the same checks.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validation as v

__all__ = ["binary_distribution", "one_hot", "uniform_distribution"]

#: More classes than this is a mistake, not a vocabulary: the largest
#: vocabularies of language models have about 2**18 tokens.
MAX_CLASSES = 2**24


def one_hot(index: ArrayLike, k: int) -> NDArray[np.float64]:
    r"""One-hot rows: probability 1 on class ``index`` (counted from 0), 0 elsewhere.

    .. math:: t_j = [j = y], \quad j = 0, \dots, K - 1

    A one-hot row is the hard target of a classifier: the distribution of
    a sample whose class is known. Its entropy is 0, and its cross-entropy
    against a model's ``q`` is the NLL :math:`-\ln q_y`.

    Parameters
    ----------
    index : int or array_like of int
        Class indices, each in ``0 .. k - 1``; an array gives one row per
        entry, of shape ``index.shape + (k,)``.
    k : int
        The number of classes, from 1 to ``2**24``.

    Returns
    -------
    ndarray of float64

    Raises
    ------
    ValueError
        If ``k`` is not a whole number from 1 to ``2**24``, or ``index`` holds anything but
        whole numbers in ``0 .. k - 1`` (booleans included).

    Examples
    --------
    The dot product with a one-hot row picks one probability out, which is
    how the likelihood of one sample is written:

    >>> import numpy as np, nllbook
    >>> q = np.array([0.1, 0.3, 0.5, 0.1])
    >>> bool(nllbook.one_hot(2, 4) @ q == q[2])
    True
    >>> nllbook.one_hot([0, 3], 4).sum(axis=-1).tolist()
    [1.0, 1.0]
    """
    n = v.whole_number(k, "k", 1, MAX_CLASSES)
    idx = v.class_indices(index, "index", n)
    return np.asarray(np.eye(n)[idx], dtype=np.float64)


def binary_distribution(p: ArrayLike) -> NDArray[np.float64]:
    r"""The two-class distribution :math:`(p, 1 - p)`, along a new last axis.

    A coin, a yes/no event or a binary classifier's prediction written as a
    distribution over two classes, so that the functions for ``K`` classes
    apply to it: :math:`H(p, 1-p)` is the binary entropy.

    Parameters
    ----------
    p : float or array_like
        The probability of the first class, in [0, 1].

    Returns
    -------
    ndarray of float64, shape ``p.shape + (2,)``

    Raises
    ------
    ValueError
        If ``p`` is not real, is a boolean, or lies outside [0, 1] (NaN
        included).

    Examples
    --------
    The binary entropy is largest, ln 2, for a fair coin:

    >>> import numpy as np, nllbook
    >>> bool(np.isclose(nllbook.entropy(nllbook.binary_distribution(0.5)), np.log(2)))
    True
    >>> nllbook.binary_distribution([0.25, 1.0]).tolist()
    [[0.25, 0.75], [1.0, 0.0]]
    """
    arr = v.float_array(p, "p").astype(np.float64)
    if not np.all((arr >= 0) & (arr <= 1)):
        raise ValueError(f"p: probabilities must lie in [0, 1], got {p!r}")
    return np.stack([arr, 1.0 - arr], axis=-1)


def uniform_distribution(k: int) -> NDArray[np.float64]:
    r"""The uniform distribution over ``k`` classes: :math:`1/K` each.

    It is the model that knows nothing: its NLL on any class is
    :math:`\ln K`, the loss a classifier starts from, and its entropy
    :math:`\ln K` is the largest of any distribution over ``K`` classes.

    Parameters
    ----------
    k : int
        The number of classes, from 1 to ``2**24``.

    Returns
    -------
    ndarray of float64, shape (k,)

    Raises
    ------
    ValueError
        If ``k`` is not a whole number from 1 to ``2**24``.

    Examples
    --------
    >>> import numpy as np, nllbook
    >>> q = nllbook.uniform_distribution(10)
    >>> ln_k = np.log(10)
    >>> bool(np.isclose(nllbook.nll(q, 3), ln_k) and np.isclose(nllbook.entropy(q), ln_k))
    True
    """
    n = v.whole_number(k, "k", 1, MAX_CLASSES)
    return np.full(n, 1.0 / n)
