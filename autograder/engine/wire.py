"""The data-only wire format between the trusted grader and a sandboxed worker.

A message is a JSON header plus numeric arrays in ``.npy`` format, framed by lengths. Decoding uses
``json.loads`` and ``numpy.load(allow_pickle=False)`` only, so nothing a submission sends can run
code in the trusted process; sizes are capped before anything is read. Plain values (``plain.Node``,
``plain.Opaque``, arrays) and the call markers (``Theta``, ``Probe``, ``StudentFn``) are tagged dicts.
"""

import io
import json
import struct
from typing import Any

import numpy as np

from ..checks import plain
from ..checks.submission import Probe, Raised, Returned, StudentFn, Theta

MAX_MESSAGE = 64 * 1024 * 1024
"""Largest message the trusted side accepts (bytes); a bigger one is a protocol violation."""

_ARRAY_KINDS = "biuf"


class ProtocolError(ValueError):
    """A message that is not well-formed, too large, or holds something other than data."""


def _to_json(value: Any, blobs: list[bytes]) -> Any:
    if value is None or type(value) in (bool, str):
        return value
    if type(value) in (int, float):
        return {"num": value}
    if isinstance(value, np.ndarray | np.generic):
        array = np.asarray(value)
        if array.dtype.kind not in _ARRAY_KINDS:
            raise ProtocolError(f"array of dtype {array.dtype} is not data")
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        blobs.append(buffer.getvalue())
        return {"npy": len(blobs) - 1}
    if isinstance(value, plain.Node):
        return {"node": value.kind, "keys": list(value.keys), "children": [_to_json(c, blobs) for c in value.children]}
    if isinstance(value, plain.Opaque):
        return {"opaque": value.type_name}
    if isinstance(value, Theta):
        return {"theta": [float(v) for v in value.values]}
    if isinstance(value, Probe):
        return {"probe": value.kind, "w": value.w_index, "b": value.b_index}
    if isinstance(value, StudentFn):
        return {"student_fn": value.name}
    if isinstance(value, Returned):
        return {"returned": _to_json(value.value, blobs)}
    if isinstance(value, Raised):
        return {"raised": value.error, "detail": value.detail}
    if isinstance(value, dict):
        return {"map": {str(k): _to_json(v, blobs) for k, v in value.items()}}
    if isinstance(value, list | tuple):
        return {"seq": [_to_json(v, blobs) for v in value]}
    raise ProtocolError(f"{type(value).__name__} cannot be sent")


def _str(value: Any, what: str) -> str:
    if type(value) is not str or len(value) > 10_000:
        raise ProtocolError(f"{what} is not a short string")
    return value


def _from_json(value: Any, blobs: list[bytes]) -> Any:
    if value is None or type(value) in (bool, str):
        return value
    if type(value) is not dict or len(value) == 0:
        raise ProtocolError("malformed value")
    if "num" in value:
        number = value["num"]
        if type(number) not in (int, float):
            raise ProtocolError("malformed number")
        return number
    if "npy" in value:
        index = value["npy"]
        if type(index) is not int or not 0 <= index < len(blobs):
            raise ProtocolError("bad array reference")
        try:
            array = np.load(io.BytesIO(blobs[index]), allow_pickle=False)
        except Exception as error:
            raise ProtocolError(f"bad array: {type(error).__name__}") from None
        if not isinstance(array, np.ndarray) or array.dtype.kind not in _ARRAY_KINDS:
            raise ProtocolError("array is not numeric")
        return array
    if "node" in value:
        keys = [_str(k, "key") for k in value.get("keys", [])]
        children = tuple(_from_json(c, blobs) for c in value.get("children", []))
        if not all(c is None or isinstance(c, np.ndarray | plain.Node | plain.Opaque) for c in children):
            raise ProtocolError("node child is not plain data")
        return plain.Node(_str(value["node"], "node kind"), tuple(keys), children)
    if "opaque" in value:
        return plain.Opaque(_str(value["opaque"], "type name"))
    if "theta" in value:
        return Theta(tuple(float(v) for v in value["theta"]))
    if "probe" in value:
        return Probe(_str(value["probe"], "probe"), int(value["w"]), int(value["b"]))
    if "student_fn" in value:
        return StudentFn(_str(value["student_fn"], "function name"))
    if "returned" in value:
        result = _from_json(value["returned"], blobs)
        if not (result is None or isinstance(result, np.ndarray | plain.Node | plain.Opaque)):
            raise ProtocolError("returned value is not plain data")
        return Returned(result)
    if "raised" in value:
        return Raised(_str(value["raised"], "error name")[:200], _str(value.get("detail", ""), "detail")[:300])
    if "map" in value:
        return {_str(k, "key"): _from_json(v, blobs) for k, v in value["map"].items()}
    if "seq" in value:
        return [_from_json(v, blobs) for v in value["seq"]]
    raise ProtocolError("unknown tag")


def pack(message: dict[str, Any]) -> bytes:
    """Serialise a message (a dict of data and markers) into one frame."""
    blobs: list[bytes] = []
    header = json.dumps(_to_json(message, blobs)).encode()
    parts = [struct.pack("<II", len(header), len(blobs)), header]
    for blob in blobs:
        parts += [struct.pack("<Q", len(blob)), blob]
    return b"".join(parts)


def unpack(frame: bytes) -> dict[str, Any]:
    """Parse a frame made by ``pack``; raises ``ProtocolError`` for anything else."""
    if len(frame) > MAX_MESSAGE:
        raise ProtocolError("message too large")
    try:
        header_size, count = struct.unpack_from("<II", frame, 0)
        offset = 8
        header = frame[offset : offset + header_size]
        offset += header_size
        blobs = []
        for _ in range(count):
            (size,) = struct.unpack_from("<Q", frame, offset)
            offset += 8
            blobs.append(frame[offset : offset + size])
            offset += size
        if offset != len(frame):
            raise ProtocolError("trailing bytes")
        message = _from_json(json.loads(header), blobs)
    except ProtocolError:
        raise
    except Exception as error:  # whatever a hostile frame triggers, it is only ever a protocol error
        raise ProtocolError(f"malformed message: {type(error).__name__}") from None
    if not isinstance(message, dict):
        raise ProtocolError("a message is a mapping")
    return message
