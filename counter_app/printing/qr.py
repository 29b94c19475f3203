"""The QR matrix of a slip's signed code, with the mask the QR standard asks for, in a few milliseconds.

reportlab's encoder (``reportlab.graphics.barcode.qrencoder``) does the hard parts: the version and the mode, the
data bits, where each bit goes and what the function patterns are. The Reed-Solomon codewords are computed here
with the usual shift register over GF(256) (reportlab divides polynomials object by object: 3× slower).
Its ``make()`` then draws the whole symbol nine times, once per mask to score it and once more, and scores each
mask cell by cell in Python: ~14 ms of the ~24 ms a two-copy receipt took to render.

Here the symbol is drawn once, unmasked, as one Python int per row; the eight masked symbols are that row XOR the
mask's row (on the data modules only) OR the function patterns with that mask's format information, all prepared
once per version. Each is scored with the four penalty rules of ISO/IEC 18004 §7.8.3 on the whole symbol held as
one int (``_Grid``: every row and column at once, a few dozen int operations per mask), and the lowest score
wins (the lowest mask number on a tie). Equality with reportlab's own symbol for every mask is a test
(tests/test_qr_fast.py), and so is the score against a cell-by-cell reading of the rules.

One difference from reportlab's ``make()``, on purpose: it scores each mask with the format information left
light; the standard scores the symbol as it will be printed, which is what is done here. Either choice gives a
symbol every reader decodes (the mask only tunes how easy it is to read).
"""

from __future__ import annotations

from functools import lru_cache
from operator import itemgetter

from reportlab.graphics.barcode import qrencoder

_LEVEL_M = qrencoder.QRErrorCorrectLevel.M

# ISO/IEC 18004:2015 §7.8.3.1, table 11: the weights of the four penalty rules.
_N1, _N2, _N3, _N4 = 3, 3, 40, 10


def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The QR symbol of `text` (error correction M, byte mode, the smallest version that holds it, the mask with
    the lowest penalty), row by row from the top, True for a dark module. Raises ValueError for an empty text."""
    version, unmasked = _unmasked(text)
    n = version * 4 + 17
    grid = _grid(n)
    stacked = grid.stack(unmasked)
    best = min(range(8), key=lambda mask: (grid.penalty(_stacked_symbol(version, stacked, mask)), mask))
    rows = _apply(version, unmasked, best)
    return tuple(tuple(map("1".__eq__, format(row, f"0{n}b"))) for row in rows)


def _unmasked(text: str) -> tuple[int, list[int]]:
    """The version that holds `text` and its data bits placed where they go, unmasked (one int per row)."""
    if not text:
        raise ValueError("qr: empty text")
    code = qrencoder.QRCode(None, _LEVEL_M)
    code.addData(text)
    code.version = code.calculate_version()
    n = code.version * 4 + 17
    data = _codewords(code.version, code.dataList)
    layout = _layout(code.version)
    bits = "".join(map("{:08b}".format, data))
    # positions beyond the last bit (the remainder bits) stay light before masking, as reportlab leaves them; so
    # do the function patterns (layout.order sends them, and the remainder bits, to a light bit past the end)
    bits += "0" * (len(layout.places) + 1 - len(bits))
    modules = "".join(layout.order(bits))
    return code.version, [int(modules[start : start + n], 2) for start in range(0, n * n, n)]


def _codewords(version: int, segments: list) -> list[int]:
    """The symbol's codewords, data and error correction interleaved: reportlab's ``QRCode.createData`` (the
    data bits as reportlab writes them, the terminator, the pad codewords), with the Reed-Solomon remainders
    computed by the usual shift register over GF(256) instead of reportlab's polynomial division (its result
    is the same; reportlab's takes about a third of the symbol's time). The tests compare the whole symbol."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(version, _LEVEL_M)
    capacity = 8 * sum(block.dataCount for block in blocks)
    buffer = _Bits()
    for segment in segments:
        segment.write(buffer, version)
    if buffer.getLengthInBits() > capacity:
        raise ValueError("qr: text too long")
    if buffer.getLengthInBits() + 4 <= capacity:
        buffer.put(0, 4)
    data = buffer.to_bytes()
    pads = (qrencoder.QRCode.PAD0, qrencoder.QRCode.PAD1)
    data += [pads[i % 2] for i in range(capacity // 8 - len(data))]
    data_blocks: list[list[int]] = []
    ec_blocks: list[list[int]] = []
    offset = 0
    for block in blocks:
        chunk = data[offset : offset + block.dataCount]
        offset += block.dataCount
        data_blocks.append(chunk)
        ec_blocks.append(_rs_remainder(chunk, block.totalCount - block.dataCount))
    out = [b[i] for i in range(max(map(len, data_blocks))) for b in data_blocks if i < len(b)]
    out += [b[i] for i in range(max(map(len, ec_blocks))) for b in ec_blocks if i < len(b)]
    return out


class _Bits:
    """reportlab's QRBitBuffer as one Python int: `put` appends the low `length` bits of `num` at once (reportlab's
    appends them bit by bit: a thousand calls for a slip's code)."""

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, num: int, length: int) -> None:
        self.value = (self.value << length) | (num & ((1 << length) - 1))
        self.length += length

    def putBit(self, bit: bool) -> None:  # noqa: N802 (reportlab's name)
        self.put(1 if bit else 0, 1)

    def getLengthInBits(self) -> int:  # noqa: N802 (reportlab's name)
        return self.length

    def to_bytes(self) -> list[int]:
        """The bits so far, padded with light bits to a whole byte."""
        pad = -self.length % 8
        return list((self.value << pad).to_bytes((self.length + pad) // 8, "big"))


_EXP = [0] * 512
_LOG = [0] * 256
_value = 1
for _i in range(255):
    _EXP[_i] = _EXP[_i + 255] = _value
    _LOG[_value] = _i
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D  # x^8 + x^4 + x^3 + x^2 + 1, the QR code's field
del _i, _value


@lru_cache(maxsize=32)
def _generator_logs(count: int) -> tuple[int, ...]:
    """The logarithms of the generator polynomial's coefficients (x - a^0)(x - a^1)…(x - a^(count-1)), highest
    degree first, leading 1 left out."""
    poly = [1]
    for i in range(count):
        nxt = [0] * (len(poly) + 1)
        for j, coef in enumerate(poly):
            nxt[j] ^= coef
            if coef:
                nxt[j + 1] ^= _EXP[_LOG[coef] + i]
        poly = nxt
    return tuple(_LOG[c] for c in poly[1:])


@lru_cache(maxsize=32)
def _remainder_table(count: int) -> tuple[int, ...]:
    """For each value of the leading term, what one step of the division XORs into the `count`-byte remainder
    (held as one int, first codeword in the highest byte): the generator's coefficients times that value."""
    gen = _generator_logs(count)
    table = [0]
    for factor in range(1, 256):
        lf = _LOG[factor]
        table.append(int.from_bytes(bytes(_EXP[lf + g] for g in gen), "big"))
    return tuple(table)


def _rs_remainder(data: list[int], count: int) -> list[int]:
    """The `count` error correction codewords of `data` (the remainder of data·x^count by the generator): the
    usual shift register, its `count` bytes held in one int and each step one table look-up."""
    table = _remainder_table(count)
    shift = 8 * (count - 1)
    keep = (1 << shift) - 1
    rem = 0
    for byte in data:
        rem = ((rem & keep) << 8) ^ table[byte ^ (rem >> shift)]
    return list(rem.to_bytes(count, "big"))


def _apply(version: int, unmasked: list[int], mask: int) -> list[int]:
    """The whole symbol with `mask`: the function patterns, and the data bits inverted where the mask says."""
    function = _function_rows(version, mask)
    pattern = _mask_rows(version * 4 + 17, mask)
    data = _layout(version).data_rows
    return [f | ((u ^ p) & d) for f, u, p, d in zip(function, unmasked, pattern, data)]


def _masked(text: str, mask: int) -> list[int]:
    """The symbol of `text` with the given mask, one int per row (for the tests)."""
    version, unmasked = _unmasked(text)
    return _apply(version, unmasked, mask)


def penalty(rows: list[int], n: int) -> int:
    """The penalty score of a symbol given as one int per row (bit n-1 = the leftmost module), by the four rules
    of ISO/IEC 18004 §7.8.3: runs of five or more of one colour in a row or column (3 + the length beyond 5),
    2×2 blocks of one colour (3 each), a 1:1:3:1:1 finder-like pattern with four light modules on either side
    in a row or column (40 each; the quiet zone beyond the edge counts as light), and the dark proportion's
    distance from 50 % (10 for each whole 5 %)."""
    grid = _grid(n)
    return grid.penalty(grid.stack(rows))


_FINDER = (1, 0, 1, 1, 1, 0, 1)  # 1:1:3:1:1, dark-light-dark-light-dark (a palindrome: either way round)


class _Grid:
    """An n×n symbol as ONE int, so that each penalty rule is a handful of whole-int operations for every row and
    column at once: row r occupies `stride` bits from bit (4 + r)·stride, its modules at bits 4 … n+3 of that slot,
    with four light bits on either side and four light rows below (and, the int being unbounded, light above):
    the quiet zone the finder-like rule reads, and separators no run or pattern crosses. A shift by 1 moves along
    a row, a shift by `stride` along a column; the masks below keep each rule to real modules."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.stride = w = n + 8
        row_bits = ((1 << n) - 1) << 4
        self.real = sum(row_bits << ((4 + r) * w) for r in range(n))
        # a module and its right neighbour / the module below / both and the one diagonal: all real
        self.pair_h = self.real & (self.real >> 1)
        self.pair_v = self.real & (self.real >> w)
        self.block = self.pair_h & (self.pair_h >> w)

    def stack(self, rows: list[int] | tuple[int, ...]) -> int:
        w = self.stride
        out = 0
        for r, row in enumerate(rows):
            out |= row << (4 + (4 + r) * w)
        return out

    def penalty(self, y: int) -> int:
        """`penalty` of the stacked symbol `y` (the cell-by-cell reading is tests/test_qr_fast.py's)."""
        n, w = self.n, self.stride
        light = ~y
        score = 0
        for step, valid in ((1, self.pair_h), (w, self.pair_v)):
            # rule 1: `same` marks a module equal to its neighbour; five equal modules in a line are four `same`
            # in a row, and a run of length L ≥ 5 holds L - 4 such starts: its L - 2 points are those plus 2
            same = ~(y ^ (y >> step)) & valid
            five = same & (same >> step) & (same >> 2 * step) & (same >> 3 * step)
            score += five.bit_count() + 2 * (five & ~(five >> step)).bit_count()
            # rule 3: 1011101 starting here, with four light modules after it or before it
            found = -1
            for k, dark in enumerate(_FINDER):
                found &= (y if dark else light) >> (k * step)
            after = light >> (7 * step) & light >> (8 * step) & light >> (9 * step) & light >> (10 * step)
            before = light << step & light << (2 * step) & light << (3 * step) & light << (4 * step)
            score += _N3 * (found & self.real & (after | before)).bit_count()
        # rule 2: 2×2 blocks of one colour
        dark4 = y & (y >> 1) & (y >> w) & (y >> (w + 1))
        light4 = light & (light >> 1) & (light >> w) & (light >> (w + 1))
        score += _N2 * ((dark4 | light4) & self.block).bit_count()
        # rule 4: the dark proportion
        score += _N4 * (abs(y.bit_count() * 100 // (n * n) - 50) // 5)
        return score


@lru_cache(maxsize=16)
def _grid(n: int) -> _Grid:
    return _Grid(n)


@lru_cache(maxsize=128)
def _stacked_parts(version: int, mask: int) -> tuple[int, int, int]:
    """The function patterns (with `mask`'s format information), the mask's pattern and the data modules of a
    version, stacked as `_Grid.stack` does."""
    grid = _grid(version * 4 + 17)
    return (
        grid.stack(_function_rows(version, mask)),
        grid.stack(_mask_rows(grid.n, mask)),
        grid.stack(_layout(version).data_rows),
    )


def _stacked_symbol(version: int, stacked_unmasked: int, mask: int) -> int:
    function, pattern, data = _stacked_parts(version, mask)
    return function | ((stacked_unmasked ^ pattern) & data)


class _Layout:
    """Where a version's data bits go, and which modules are data modules (one int per row)."""

    def __init__(self, version: int) -> None:
        code = qrencoder.QRCode(version, _LEVEL_M)
        code.moduleCount = n = version * 4 + 17
        # the k-th data bit's row and its bit in that row (reportlab's order of positions)
        self.places: list[tuple[int, int]] = [(row, 1 << (n - 1 - col)) for col, row in code.dataPosIterator()]
        rows = [0] * n
        for row, value in self.places:
            rows[row] |= value
        self.data_rows = rows
        # the symbol's modules row by row, left to right, each as the index of the data bit placed there, or
        # len(places) (one past the data bits and the remainder bits) for a module that holds none: applied to the
        # data bits (padded to that length), the symbol's unmasked data modules as one string, in C
        where = {(row, n - value.bit_length()): k for k, (row, value) in enumerate(self.places)}
        self.order = itemgetter(*(where.get((r, c), len(self.places)) for r in range(n) for c in range(n)))


@lru_cache(maxsize=16)
def _layout(version: int) -> _Layout:
    return _Layout(version)


@lru_cache(maxsize=128)
def _function_rows(version: int, mask: int) -> tuple[int, ...]:
    """The finder, alignment and timing patterns, the format information for level M and `mask`, the version
    information and the dark module: reportlab's own drawing of them, as one int per row (data modules light)."""
    code = qrencoder.QRCode(version, _LEVEL_M)
    n = code.moduleCount = version * 4 + 17
    code.modules = [[False] * n for _ in range(n)]
    code.setupPositionProbePattern(0, 0)
    code.setupPositionProbePattern(n - 7, 0)
    code.setupPositionProbePattern(0, n - 7)
    code.setupPositionAdjustPattern()
    code.setupTimingPattern()
    code.setupTypeInfo(False, mask)
    if version >= 7:
        code.setupTypeNumber(False)
    return tuple(int("".join("1" if cell else "0" for cell in row), 2) for row in code.modules)


@lru_cache(maxsize=128)
def _mask_rows(n: int, mask: int) -> tuple[int, ...]:
    """Mask pattern `mask` over an n×n symbol (True where the data bit is inverted), one int per row."""
    inverted = qrencoder.QRUtil.getMask(mask)
    return tuple(int("".join("1" if inverted(r, c) else "0" for c in range(n)), 2) for r in range(n))
