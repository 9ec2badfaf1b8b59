"""The explorers of "Cross-entropy" against scipy and formulas written out."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import rel_entr, xlogy
from scipy.stats import entropy as scipy_entropy

from nllbook import examples as ex
from nllbook_pages import cross_entropy

TS = (0.0, 0.123, 0.4, 0.94, 0.999, 1.0)


def die(t: float) -> np.ndarray:
    q = np.full(6, (1 - t) / 6)
    q[5] += t
    return q


@pytest.mark.parametrize("t", TS)
def test_crossentropy(t: float) -> None:
    n = cross_entropy.ce_explorer().numbers(t=t)
    p, q = ex.OBSERVED_DIE, die(t)
    with np.errstate(divide="ignore"):
        ce = -np.sum(xlogy(p, q))
    assert n["ce"] == pytest.approx(ce, rel=1e-12)
    assert n["h"] == pytest.approx(scipy_entropy(p), rel=1e-12)
    assert n["gap"] == pytest.approx(np.sum(rel_entr(p, q)), rel=1e-10)
    assert n["ce_reversed"] == pytest.approx(-np.sum(xlogy(q, p)), rel=1e-12)
    assert n["kl_reversed"] == pytest.approx(np.sum(rel_entr(q, p)), rel=1e-10, abs=1e-15)
    if math.isfinite(n["ce"]):
        assert n["ce"] == pytest.approx(n["h"] + n["gap"], rel=1e-12)
    assert n["infinite"] == (t == 1.0)


@pytest.mark.parametrize(("p", "q"), [(0.5, 0.9), (0.9, 0.5), (0.3, 0.7), (0.5, 1.0), (0.0, 1.0)])
def test_kl(p: float, q: float) -> None:
    n = cross_entropy.kl_explorer().numbers(p=p, q=q)
    fwd = float(np.sum(rel_entr([p, 1 - p], [q, 1 - q])))
    bwd = float(np.sum(rel_entr([q, 1 - q], [p, 1 - p])))
    assert n["forward"] == pytest.approx(fwd, rel=1e-12)
    assert n["backward"] == pytest.approx(bwd, rel=1e-12)
    if math.isfinite(fwd) and math.isfinite(bwd):
        assert n["difference"] == pytest.approx(fwd - bwd, abs=1e-9)
    else:
        assert n["one_infinite"]


@pytest.mark.parametrize(("y", "y_hat"), [(0.7, 0.3), (0.7, 0.7), (1.0, 0.9), (0.2, 0.0)])
def test_softbce(y: float, y_hat: float) -> None:
    n = cross_entropy.softbce_explorer().numbers(label=y, y_hat=y_hat)
    with np.errstate(divide="ignore"):
        loss = -(xlogy(y, y_hat) + xlogy(1 - y, 1 - y_hat))
    assert n["loss"] == pytest.approx(loss, rel=1e-12)
    assert n["h_label"] == pytest.approx(scipy_entropy([y, 1 - y]), rel=1e-12, abs=1e-15)
    assert n["best"] == pytest.approx(n["h_label"], rel=1e-12, abs=1e-15)
    if math.isfinite(loss):
        assert n["gap"] == pytest.approx(loss - n["h_label"], rel=1e-9, abs=1e-12)
    assert n["infinite"] == (not math.isfinite(loss))
