"""Which parts of a figure change between slider states, and on which sliders.

Pure functions on SVG text and lists of strings, with no matplotlib and no
widget code, so each step can be tested alone:

- :func:`prefix_ids` makes the ids of one player unique on the page;
- :func:`dynamic_elements` finds the outermost elements (by ``id``) whose
  content differs between states, and each state's XML for them;
- :func:`factorize` finds the sliders a value depends on, and stores it once
  per combination of those sliders only.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")

_ID_RE = re.compile(r'\bid="([^"]+)"')


def prefix_ids(svg: str, prefix: str) -> str:
    """Make every id (and reference to it) unique to one player on the page."""
    ids = set(_ID_RE.findall(svg))
    if not ids:
        return svg

    def sub_id(m: re.Match[str]) -> str:
        return f'id="{prefix}-{m.group(1)}"'

    def sub_ref(m: re.Match[str]) -> str:
        ident = m.group(2)
        return f"{m.group(1)}#{prefix}-{ident}" if ident in ids else m.group(0)

    svg = _ID_RE.sub(sub_id, svg)
    return re.sub(r'(url\(|href=")#([^")]+)', sub_ref, svg)


def elements_by_id(svg: str) -> tuple[dict[str, str], dict[str, str | None], dict[str, str]]:
    """Map each element id to its XML, to its parent's id, and to its own part.

    The "own part" is the element serialised with every descendant that has
    an id of its own replaced by a placeholder: it changes only when the
    element itself (not something inside it) changes.
    """
    root = ET.fromstring(svg)
    xml_of: dict[str, str] = {}
    parent_of: dict[str, str | None] = {}
    own_of: dict[str, str] = {}

    def shallow(el: ET.Element) -> ET.Element:
        copy = ET.Element(el.tag, el.attrib)
        copy.text, copy.tail = el.text, None
        for child in el:
            if child.get("id") is not None:
                stub = ET.SubElement(copy, "ref", {"id": child.get("id", "")})
                stub.tail = child.tail
            else:
                sub = shallow(child)
                sub.tail = child.tail
                copy.append(sub)
        return copy

    def walk(el: ET.Element, parent: str | None) -> None:
        ident = el.get("id")
        if ident is not None:
            xml_of[ident] = ET.tostring(el, encoding="unicode")
            own_of[ident] = ET.tostring(shallow(el), encoding="unicode")
            parent_of[ident] = parent
            parent = ident
        for child in el:
            walk(child, parent)

    walk(root, None)
    return xml_of, parent_of, own_of


def strip_ns(xml: str) -> str:
    """Drop the namespace declarations ElementTree writes on each fragment
    (inside an ``<svg>`` element of an HTML page they are implied)."""
    return xml.replace(' xmlns="http://www.w3.org/2000/svg"', "").replace(
        ' xmlns:xlink="http://www.w3.org/1999/xlink"', ""
    )


def dynamic_elements(svgs: Sequence[str], base: int) -> tuple[list[str], list[list[str]]]:
    """The outermost elements that differ between the figures ``svgs``.

    Returns their ids (sorted) and, for each figure, their XML in the order
    of the ids. An element that exists only in some figures is covered by its
    nearest ancestor that exists in all of them.
    """
    parsed = [elements_by_id(s) for s in svgs]
    per_state = [xml_of for xml_of, _, _ in parsed]
    base_xml, parents, base_own = parsed[base]
    common = set(base_xml).intersection(*per_state)
    changed: set[str] = set()

    def stable_ancestor(ident: str, parent_of: Mapping[str, str | None]) -> str:
        anc = parent_of[ident]
        while anc is not None and anc not in common:
            anc = parent_of[anc]
        if anc is None:
            raise RuntimeError(f"element {ident!r}: no stable element to update")
        return anc

    for xml_of, parent_of, own_of in parsed:
        for ident in xml_of:
            if ident not in common:
                changed.add(stable_ancestor(ident, parent_of))
            elif own_of[ident] != base_own[ident]:
                changed.add(ident)
    for ident in set(base_xml) - common:
        changed.add(stable_ancestor(ident, parents))

    def outermost(ident: str) -> bool:
        parent = parents[ident]
        while parent is not None:
            if parent in changed:
                return False
            parent = parents[parent]
        return True

    ids = sorted(i for i in changed if outermost(i))
    return ids, [[strip_ns(xml_of[i]) for i in ids] for xml_of in per_state]


def factorize(values: Sequence[str], shape: Sequence[int]) -> tuple[list[int], list[str]]:
    """Store a value given for every combination of sliders once per
    combination of only the sliders it depends on.

    ``values`` is indexed row-major over sliders with ``shape[i]`` positions
    each. Returns ``(deps, table)``: the sliders the value changes with, in
    order, and the value for each combination of them, row-major. A value
    that is the same along each other slider is a function of ``deps``
    alone, so nothing is lost.
    """
    n = math.prod(shape)
    if len(values) != n:
        raise ValueError(f"values: {len(values)} for a grid of {n}")
    strides = [1] * len(shape)
    for axis in range(len(shape) - 2, -1, -1):
        strides[axis] = strides[axis + 1] * shape[axis + 1]

    def varies(axis: int) -> bool:
        step = strides[axis]
        return any(values[k] != values[k - step] for k in range(n) if (k // step) % shape[axis] > 0)

    deps = [axis for axis in range(len(shape)) if varies(axis)]
    table = []
    for combo in range(math.prod(shape[a] for a in deps)):
        k, rest = 0, combo
        for axis in reversed(deps):
            k += (rest % shape[axis]) * strides[axis]
            rest //= shape[axis]
        table.append(values[k])
    return deps, table
