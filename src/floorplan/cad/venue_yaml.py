"""Write an imported venue as YAML that reads like the hand-written ones in `data/halls/`.

Points and small records go on one line (`[[0, 0], [40, 0], ...]`,
`{id: E1, at: [20, 0], width: 4}`) so a planner can review and edit the
file; whole metres print without a trailing `.0`.
"""

from __future__ import annotations

from typing import Any

import yaml


class Flow(list[Any]):
    """A list written on one line."""


class FlowMap(dict[str, Any]):
    """A mapping written on one line."""


class _Dumper(yaml.SafeDumper):
    pass


def _flow_list(dumper: yaml.SafeDumper, data: Flow) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


def _flow_map(dumper: yaml.SafeDumper, data: FlowMap) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


_Dumper.add_representer(Flow, _flow_list)
_Dumper.add_representer(FlowMap, _flow_map)


def metres(value: float) -> float | int:
    """Millimetre precision; a whole number of metres as an int."""
    rounded = round(value, 3) + 0.0
    return int(rounded) if rounded.is_integer() else rounded


def point(x: float, y: float) -> Flow:
    return Flow([metres(x), metres(y)])


def dump(data: dict[str, Any], header: str = "") -> str:
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    comment = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
    return comment + body


__all__ = ["Flow", "FlowMap", "dump", "metres", "point"]
