"""The data-only wire format between the trusted grader and a sandboxed worker.

A message is a JSON header plus numeric arrays in ``.npy`` format, framed by lengths. Decoding uses
``json.loads`` and ``numpy.load(allow_pickle=False)`` only, so nothing a submission sends can run
code in the trusted process; sizes are capped before anything is read. Plain values (``plain.Node``,
``plain.Opaque``, arrays) and the call markers (``Theta``, ``Probe``, ``StudentFn``) are tagged dicts.

The JSON header is capped apart from the array payloads: replies need kilobytes of structure, and a
megabyte of JSON can already become tens of megabytes of Python objects, so the trusted process's
memory and time per frame stay bounded whatever a submission sends. Every string read from a frame
goes through ``escape.printable`` (no lone surrogate or control character gets past the wire).
"""

import io
import json
import struct
from collections.abc import Callable
from typing import Any

import numpy as np

from ..checks import plain
from ..checks.submission import Probe, Raised, Returned, StudentFn, Theta
from ..escape import printable

MAX_MESSAGE = 24 * 1024 * 1024
"""Largest message (bytes); a bigger one is a protocol violation. The largest is the notebook file
sent to a worker (at most 20 MiB); the largest honest reply (a loop's losses) takes kilobytes."""
MAX_REPLY = 8 * 1024 * 1024
"""Largest message a worker may send (bytes): replies need kilobytes."""
MAX_HEADER = 1024 * 1024
"""Largest JSON header (bytes) in a message: the structure of any honest reply fits in kilobytes."""
MAX_ARRAYS = 10_000
"""Most ``.npy`` payloads in one message."""

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


class _Decoder:
    """Reads one frame's JSON tree, with its arrays, back into values. ``text`` is applied to every
    string: ``printable`` where the grader reads what a worker sent, ``str`` in the worker (which
    must get the grader's strings, a reference's source code say, exactly)."""

    def __init__(self, blobs: list[bytes], text: Callable[[str], str]):
        self.blobs = blobs
        self.text = text

    def string(self, value: Any, what: str) -> str:
        if type(value) is not str or len(value) > 10_000:
            raise ProtocolError(f"{what} is not a short string")
        return self.text(value)

    def value(self, value: Any) -> Any:
        if value is None or type(value) is bool:
            return value
        if type(value) is str:
            return self.string(value, "string")
        if type(value) is not dict or len(value) == 0:
            raise ProtocolError("malformed value")
        if "num" in value:
            number = value["num"]
            if type(number) not in (int, float):
                raise ProtocolError("malformed number")
            return number
        if "npy" in value:
            index = value["npy"]
            if type(index) is not int or not 0 <= index < len(self.blobs):
                raise ProtocolError("bad array reference")
            try:
                array = np.load(io.BytesIO(self.blobs[index]), allow_pickle=False)
            except Exception as error:
                raise ProtocolError(f"bad array: {type(error).__name__}") from None
            if not isinstance(array, np.ndarray) or array.dtype.kind not in _ARRAY_KINDS:
                raise ProtocolError("array is not numeric")
            return array
        if "node" in value:
            keys = [self.string(k, "key") for k in value.get("keys", [])]
            children = tuple(self.value(c) for c in value.get("children", []))
            if not all(c is None or isinstance(c, np.ndarray | plain.Node | plain.Opaque) for c in children):
                raise ProtocolError("node child is not plain data")
            return plain.Node(self.string(value["node"], "node kind"), tuple(keys), children)
        if "opaque" in value:
            return plain.Opaque(self.string(value["opaque"], "type name"))
        if "theta" in value:
            return Theta(tuple(float(v) for v in value["theta"]))
        if "probe" in value:
            return Probe(self.string(value["probe"], "probe"), int(value["w"]), int(value["b"]))
        if "student_fn" in value:
            return StudentFn(self.string(value["student_fn"], "function name"))
        if "returned" in value:
            result = self.value(value["returned"])
            if not (result is None or isinstance(result, np.ndarray | plain.Node | plain.Opaque)):
                raise ProtocolError("returned value is not plain data")
            return Returned(result)
        if "raised" in value:
            return Raised(
                self.string(value["raised"], "error name")[:200], self.string(value.get("detail", ""), "detail")[:300]
            )
        if "map" in value:
            return {self.string(k, "key"): self.value(v) for k, v in value["map"].items()}
        if "seq" in value:
            return [self.value(v) for v in value["seq"]]
        raise ProtocolError("unknown tag")


def pack(message: dict[str, Any]) -> bytes:
    """Serialise a message (a dict of data and markers) into one frame."""
    blobs: list[bytes] = []
    header = json.dumps(_to_json(message, blobs)).encode()
    parts = [struct.pack("<II", len(header), len(blobs)), header]
    for blob in blobs:
        parts += [struct.pack("<Q", len(blob)), blob]
    return b"".join(parts)


def _no_constant(name: str) -> None:
    """``Infinity`` and ``NaN`` are not JSON: numbers that large only break what reads them."""
    raise ProtocolError(f"{name} in a header")


def unpack(frame: bytes, text: Callable[[str], str] = printable) -> dict[str, Any]:
    """Parse a frame made by ``pack``; raises ``ProtocolError`` for anything else. Strings go
    through ``text`` (by default made printable: see the module docstring)."""
    if len(frame) > MAX_MESSAGE:
        raise ProtocolError("message too large")
    try:
        header_size, count = struct.unpack_from("<II", frame, 0)
        if header_size > MAX_HEADER or count > MAX_ARRAYS:
            raise ProtocolError(f"header of {header_size} bytes or {count} arrays: too large")
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
        message = _Decoder(blobs, text).value(json.loads(header, parse_constant=_no_constant))
    except ProtocolError:
        raise
    except Exception as error:  # whatever a hostile frame triggers, it is only ever a protocol error
        raise ProtocolError(f"malformed message: {type(error).__name__}") from None
    if not isinstance(message, dict):
        raise ProtocolError("a message is a mapping")
    return message
