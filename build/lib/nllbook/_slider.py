"""One slider of an explorer: a name, a label and an explicit grid of values."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Slider:
    """One slider: a name, a visible label and the grid of values it can take.

    The grid is explicit so that the live widget, the static player and the
    tests all visit exactly the same settings.
    """

    name: str
    label: str
    values: tuple[float, ...]
    default: float
    fmt: str = ".2f"

    def __post_init__(self) -> None:
        if len(self.values) < 2:
            raise ValueError(f"values: slider {self.name!r} needs at least two values")
        if self.default not in self.values:
            raise ValueError(f"default: {self.default!r} is not on the grid of {self.name!r}")

    @classmethod
    def linspace(
        cls,
        name: str,
        label: str,
        start: float,
        stop: float,
        num: int,
        default: float,
        fmt: str = ".2f",
    ) -> Slider:
        """A slider over ``num`` evenly spaced values, rounded to ``fmt``."""
        step = (stop - start) / (num - 1)
        values = tuple(float(format(start + i * step, fmt)) for i in range(num))
        return cls(name, label, values, float(format(default, fmt)), fmt)

    def label_of(self, value: float) -> str:
        """The readout shown beside the slider."""
        return format(value, self.fmt)

    @property
    def default_index(self) -> int:
        return self.values.index(self.default)

    @property
    def min(self) -> float:
        return self.values[0]

    @property
    def max(self) -> float:
        return self.values[-1]
