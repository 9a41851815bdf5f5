"""The wire between grader and worker: data only, bounded in size, no unsafe text gets past it."""

import json
import math
import struct
import tracemalloc

import numpy as np
import pytest

from autograder.checks import plain
from autograder.checks.submission import Raised, Returned
from autograder.engine import wire
from autograder.engine.sandbox import cost


def _frame(header: bytes, blobs: list[bytes] = ()) -> bytes:
    parts = [struct.pack("<II", len(header), len(blobs)), header]
    for blob in blobs:
        parts += [struct.pack("<Q", len(blob)), blob]
    return b"".join(parts)


def test_round_trip_of_a_reply():
    message = {"op": "reply", "outcome": Returned(plain.Node("dict", ("b", "w"), (np.ones(3), np.zeros(()))))}
    back = wire.unpack(wire.pack(message))
    node = back["outcome"].value
    assert node.keys == ("b", "w") and np.array_equal(node.children[0], np.ones(3))


def test_a_header_of_millions_of_small_values_is_refused_before_it_is_parsed():
    """A valid 62 MB frame of 4.4 million small dicts took the grader from 180 MB to 1.7 GB: the
    header is now capped on its own, before ``json.loads`` builds anything."""
    items = ",".join(['{"map":{}}'] * 300_000)
    header = ('{"map":{"op":"reply","outcome":{"seq":[' + items + "]}}}").encode()
    assert wire.MAX_HEADER < len(header) < wire.MAX_MESSAGE
    frame = _frame(header)
    tracemalloc.start()
    try:
        with pytest.raises(wire.ProtocolError, match="too large"):
            wire.unpack(frame)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < len(frame), peak  # nothing was built from it


@pytest.mark.parametrize("constant", ["Infinity", "-Infinity", "NaN"])
def test_numbers_that_are_not_json_are_refused(constant):
    """A cell error at index Infinity once raised OverflowError in the grader (int(inf))."""
    header = ('{"map":{"op":"executed","errors":{"seq":[{"seq":[' + constant + ',"ValueError"]}]}}}').encode()
    with pytest.raises(wire.ProtocolError, match="in a header"):
        wire.unpack(_frame(header))


def test_too_many_arrays_are_refused():
    with pytest.raises(wire.ProtocolError):
        wire.unpack(struct.pack("<II", 2, wire.MAX_ARRAYS + 1) + b"{}")


def test_student_strings_come_out_printable():
    """A lone surrogate in a dict key killed the batch when the feedback was written; control
    characters forge lines in reports. Every string read off the wire is printable UTF-8."""
    hostile = ["\ud800", "w\r# 10 / 10 points", "b\x1b[2J", "\u202etxt.exe", "caf\udce9"]
    header = json.dumps(
        {
            "map": {
                "op": "reply",
                "outcome": {
                    "returned": {
                        "node": "dict",
                        "keys": hostile,
                        "children": [{"opaque": "<img src=x onerror=alert(1)>\n"}] * len(hostile),
                    }
                },
            }
        }
    ).encode()
    node = wire.unpack(_frame(header))["outcome"].value
    for text in (*node.keys, node.children[0].type_name):
        text.encode("utf-8")  # raises for a surrogate
        assert text.isprintable(), text
    assert len(set(node.keys)) == len(hostile)  # lossless: different keys stay different


def test_raised_names_are_printable_and_short():
    header = json.dumps({"map": {"op": "reply", "outcome": {"raised": "E\ud800" * 500, "detail": "x\n" * 500}}})
    outcome = wire.unpack(_frame(header.encode()))["outcome"]
    assert isinstance(outcome, Raised) and outcome.error.isprintable() and outcome.detail.isprintable()
    assert len(outcome.error) <= 200 and len(outcome.detail) <= 300


@pytest.mark.parametrize("value", [math.nan, math.inf, -1.0, 1e300, "3", None, True])
def test_worker_reported_costs_must_be_finite_numbers_in_range(value):
    assert cost(value) == 0.0


def test_worker_reported_costs_in_range_are_kept():
    assert cost(2.5) == 2.5 and cost(3) == 3.0
