"""cbor_strings, the reader of Pagefind's search index for the protected-terms check.

It steps over a whole item without strings (a number, a short array of numbers, a page
entry) with one regex match. These tests hold it to the plain walker it replaced, kept
here as the reference: on any CBOR, cut short or damaged or not, both return the same
strings in the same order, or both raise ValueError.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voces_plugins.protected_terms.extract import cbor_strings


def reference_cbor_strings(data: bytes) -> list[str]:
    """The walker before the regex: one step per item (commit 7f05d83)."""
    strings = []
    end = len(data)
    pos = 0
    # Items still to read in each open array, map or tag (None: until a "break").
    pending: list[int | None] = []

    def item_done():
        while pending and pending[-1] is not None:
            pending[-1] -= 1
            if pending[-1]:
                return
            pending.pop()

    while pos < end:
        byte = data[pos]
        pos += 1
        major, info = byte >> 5, byte & 31
        if info < 24:
            arg = info
        elif info < 28:
            size = 1 << (info - 24)
            if pos + size > end:
                raise ValueError("truncated")
            arg = int.from_bytes(data[pos : pos + size], "big")
            pos += size
        elif info == 31 and major in (2, 3, 4, 5, 7):
            arg = None  # indefinite length, or "break"
        else:
            raise ValueError("reserved")
        if major < 2 or (major == 7 and arg is not None):
            # integers, simple values, floats: one more item of the open container
            if pending:
                top = pending[-1]
                if top is not None and top > 1:
                    pending[-1] = top - 1
                else:
                    item_done()
        elif major == 7:  # the end of an indefinite item
            if not pending or pending[-1] is not None:
                raise ValueError("break outside an indefinite item")
            pending.pop()
            item_done()
        elif major < 4 and arg is not None:
            if pos + arg > end:
                raise ValueError("truncated")
            strings.append(data[pos : pos + arg].decode("utf-8", errors="replace"))
            pos += arg
            item_done()
        elif arg is None:  # an indefinite string, array or map
            pending.append(None)
        else:  # arrays, maps, tags
            count = 1 if major == 6 else arg * (2 if major == 5 else 1)
            if count > end - pos:  # every item takes a byte at least
                raise ValueError("truncated")
            if count:
                pending.append(count)
            else:
                item_done()
    if pending:
        raise ValueError("truncated")
    return strings


def outcome(walk, data: bytes):
    """The strings found, or ValueError (any other exception fails the test)."""
    try:
        return walk(data)
    except ValueError:
        return ValueError


def assert_same(data: bytes):
    assert outcome(cbor_strings, data) == outcome(reference_cbor_strings, data), data.hex()


# Random CBOR, encoded here byte by byte: every width of a head's argument (also wider
# than needed, which CBOR allows), so that all of the regex's branches are tried.
INFO_OF_WIDTH = {1: 24, 2: 25, 4: 26, 8: 27}
BELOW = {0: 24, 1: 256, 2: 256**2, 4: 256**4, 8: 256**8}  # what each width holds


@st.composite
def heads(draw, major: int, arg: int | None = None) -> bytes:
    if arg is None:  # a number: small ones most often, as in a search index
        width = draw(st.sampled_from([0, 0, 1, 1, 2, 4, 8]))
        arg = draw(st.integers(0, BELOW[width] - 1))
    else:  # a length: any width it fits in
        width = draw(st.sampled_from([w for w in BELOW if arg < BELOW[w]]))
    if width == 0:
        return bytes([major << 5 | arg])
    return bytes([major << 5 | INFO_OF_WIDTH[width]]) + arg.to_bytes(width, "big")


numbers = st.one_of(heads(0), heads(1))
simple_and_floats = st.one_of(
    st.integers(0xE0, 0xF7).map(lambda byte: bytes([byte])),  # false, true, null...
    st.binary(min_size=1, max_size=1).map(lambda b: b"\xf8" + b),
    st.binary(min_size=2, max_size=2).map(lambda b: b"\xf9" + b),  # half, single,
    st.binary(min_size=4, max_size=4).map(lambda b: b"\xfa" + b),  # double floats
    st.binary(min_size=8, max_size=8).map(lambda b: b"\xfb" + b),
)
payloads = st.one_of(
    st.binary(max_size=30),
    st.text(max_size=12).map(lambda text: text.encode("utf-8")),  # "María", "Quetzal"
)


@st.composite
def definite_strings(draw, major: int | None = None) -> bytes:
    major = draw(st.sampled_from([2, 3])) if major is None else major
    payload = draw(payloads)
    return draw(heads(major, len(payload))) + payload


@st.composite
def indefinite_strings(draw) -> bytes:
    major = draw(st.sampled_from([2, 3]))
    chunks = draw(st.lists(definite_strings(major), max_size=3))
    return bytes([major << 5 | 31]) + b"".join(chunks) + b"\xff"


@st.composite
def arrays(draw, items, max_size: int) -> bytes:
    found = draw(st.lists(items, max_size=max_size))
    return draw(heads(4, len(found))) + b"".join(found)


leaves = st.one_of(
    numbers,
    numbers,
    simple_and_floats,
    arrays(numbers, 40),  # 0 to 40 numbers: 23 is the longest length in a head byte
    definite_strings(),
    indefinite_strings(),
)


def containers(items):
    pairs = st.lists(st.tuples(items, items), max_size=4).map(
        lambda found: (len(found), b"".join(k + v for k, v in found))
    )
    return st.one_of(
        arrays(items, 26),
        arrays(items, 4),
        pairs.flatmap(lambda pair: heads(5, pair[0]).map(lambda head: head + pair[1])),
        st.tuples(heads(6), items).map(lambda tagged: tagged[0] + tagged[1]),
        st.lists(items, max_size=4).map(lambda found: b"\x9f" + b"".join(found) + b"\xff"),
        pairs.map(lambda pair: b"\xbf" + pair[1] + b"\xff"),
    )


items = st.recursive(leaves, containers, max_leaves=30)
# Pagefind's own shape: words, each with page entries [page, [positions], [weights]].
page_entries = st.tuples(
    numbers, arrays(numbers, 26), arrays(numbers, 3), st.lists(numbers, max_size=1)
).map(lambda e: bytes([0x83 + len(e[3])]) + e[0] + e[1] + e[2] + b"".join(e[3]))
words = st.tuples(definite_strings(3), st.lists(page_entries, max_size=6)).flatmap(
    lambda word: heads(4, len(word[1])).map(
        lambda head: b"\x82" + word[0] + head + b"".join(word[1])
    )
)
sequences = st.lists(st.one_of(items, words), min_size=1, max_size=3).map(b"".join)


@settings(max_examples=120, deadline=None)
@given(data=sequences)
def test_same_strings_as_the_plain_walker(data):
    expected = reference_cbor_strings(data)  # whole CBOR: never an error
    assert cbor_strings(data) == expected


@settings(max_examples=80, deadline=None)
@given(
    data=sequences,
    edits=st.lists(
        st.tuples(
            st.integers(0, 10**6),
            # breaks, reserved heads, array heads around 23 items, then any byte
            st.sampled_from([0xFF, 0x1C, 0x3E, 0xFC, 0x80, 0x97, 0x98, 0x9F, 0x5F, 0xF8])
            | st.integers(0, 255),
        ),
        max_size=3,
    ),
)
def test_cut_short_or_damaged_the_same_as_the_plain_walker(data, edits):
    for cut in range(min(len(data), 300)):  # every prefix: both raise or agree
        assert_same(data[:cut])
    damaged = bytearray(data)
    for where, byte in edits:
        damaged[where % len(damaged)] = byte
    assert_same(bytes(damaged))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=60))
def test_any_bytes_the_same_as_the_plain_walker(data):
    assert_same(data)


@pytest.mark.parametrize(
    "data",
    [
        bytes([0x97]) + bytes(range(23)),  # 23 numbers: one match
        bytes([0x98, 24]) + bytes(range(24)),  # 24: its length after the head byte
        b"\x83\x01\x82\x18\x20\x19\x01\x00\x80",  # a page entry
        b"\x83\x01\x82\x18\x20\x63Ana\x80",  # ... with a string: item by item
        b"\x82\x01\x62Ro\x83\x01\x82\x18\x20\x61x\x80",
        b"\x82\x01\xff",  # a break in a short array
        b"\x82\x01\x1c",  # a reserved head
        b"\x9f\x82\x01\x02\xff",  # a short array in an indefinite one
        b"\x82\x01",  # cut short
        b"\x83\x01\x82\x18",
        b"\x81\x81\x81\x81\x01",  # deeper than the regex looks
        b"\x82\x98\x1a" + bytes(26) + b"\x05",  # 26 numbers (0x1a: a head of 4 bytes)
        b"\x82\x98\x1a" + bytes(26),
    ],
)
def test_examples_around_the_regex(data):
    assert_same(data)
