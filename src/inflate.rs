//! A DEFLATE (RFC 1951) decoder that checks a stream rather than producing it: whether it is
//! whole, cut short or damaged, and, when asked, its first bytes of output.
//!
//! Why not a general inflater: the page never needs a file's inflated content, only these
//! facts (`inspect.rs`: a gzip inside a gzip, a gzip that ends early), and miniz_oxide, which
//! did this before, was 7.4 KB of the page's gzip weight; this is under 2 KB. It keeps no
//! window: a back-reference is checked (it may not reach before the start) and counted, and
//! copied only into the kept first bytes. Decoding is bit by bit (RFC 1951's canonical codes,
//! as zlib's `puff.c` does it): slower than a table decoder, and it runs only for the rare
//! second pass over a gzip whose size the official list does not give. The tests compare it
//! with miniz_oxide on whole, cut and damaged streams.
//!
//! Input comes in chunks of any size. A unit (a block header, one symbol with its extra bits,
//! a run of stored bytes) is decoded only once all its bits are there; until then the unread
//! bits wait, so memory stays at most one unit (a dynamic header: under 600 bytes) plus a chunk.

/// What the stream has shown so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Not ended yet: more input may complete it.
    Open,
    /// The last block ended; the given number of input bytes after it were not part of the
    /// stream (a gzip trailer, or anything after).
    Ended {
        /// Bytes fed after the end of the stream, from the next byte boundary on.
        unused: u64,
    },
    /// Not a valid DEFLATE stream.
    Damaged,
}

/// A checking decoder (see the module's text).
pub struct Inflate {
    /// Input not yet consumed; `bit` bits of its first byte are.
    pending: Vec<u8>,
    bit: usize,
    state: State,
    last_block: bool,
    /// Bytes of output so far.
    out: u64,
    /// The first `keep` bytes of output.
    kept: Vec<u8>,
    keep: usize,
    unused: u64,
}

enum State {
    /// Before a block header.
    Header,
    /// Inside a stored block with this many bytes to go.
    Stored(u32),
    /// Inside a compressed block.
    Codes(Box<(Code, Code)>),
    Ended,
    Damaged,
}

/// Why a unit could not be decoded.
enum Stop {
    /// Its bits have not all arrived.
    More,
    Damaged,
}

/// A canonical Huffman code: how many codes of each length, and the symbols in code order.
struct Code {
    counts: [u16; 16],
    symbols: Vec<u16>,
    /// The longest code in use: a bit pattern no code matches is refused there, as zlib does,
    /// rather than after 15 bits (which near the end would read as a cut stream).
    longest: usize,
}

/// Length bases and extra bits for symbols 257..=285; distance bases and extra bits for 0..=29.
const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
/// The order in which a dynamic header gives the code-length code's lengths.
const CODE_LENGTH_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

impl Code {
    /// The code with these lengths (0: symbol unused). Over-subscribed lengths are refused, and
    /// incomplete ones too, but for the one case RFC 1951 allows (a single code of length 1),
    /// as zlib does; `complete_only` refuses that case as well (the code-length code).
    fn new(lengths: &[u8], complete_only: bool) -> Result<Code, Stop> {
        let mut counts = [0u16; 16];
        for &l in lengths {
            counts[usize::from(l)] += 1;
        }
        counts[0] = 0;
        let mut left: i32 = 1;
        for &count in &counts[1..] {
            left = (left << 1) - i32::from(count);
            if left < 0 {
                return Err(Stop::Damaged);
            }
        }
        let used: u16 = counts.iter().sum();
        if left > 0 && (complete_only || used != 1 || counts[1] != 1) && used != 0 {
            return Err(Stop::Damaged);
        }
        let mut offsets = [0u16; 16];
        for len in 1..15 {
            offsets[len + 1] = offsets[len] + counts[len];
        }
        let mut symbols = vec![0u16; usize::from(used)];
        for (symbol, &l) in lengths.iter().enumerate() {
            if l != 0 {
                symbols[usize::from(offsets[usize::from(l)])] = symbol as u16;
                offsets[usize::from(l)] += 1;
            }
        }
        let longest = (1..16).rev().find(|&l| counts[l] != 0).unwrap_or(0);
        Ok(Code {
            counts,
            symbols,
            longest,
        })
    }

    /// The fixed codes of block type 1.
    fn fixed() -> (Code, Code) {
        let mut lengths = [8u8; 288];
        lengths[144..256].fill(9);
        lengths[256..280].fill(7);
        let lit = Code::new(&lengths, false).unwrap_or_else(|_| unreachable!());
        let dist = Code::new(&[5u8; 32], false).unwrap_or_else(|_| unreachable!());
        (lit, dist)
    }
}

/// Reads bits least significant first from `bytes`, starting `at` bits in.
struct Bits<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Bits<'_> {
    fn bits(&mut self, n: u32) -> Result<u32, Stop> {
        let mut value = 0u32;
        for i in 0..n {
            let byte = *self.bytes.get(self.at / 8).ok_or(Stop::More)?;
            value |= u32::from((byte >> (self.at % 8)) & 1) << i;
            self.at += 1;
        }
        Ok(value)
    }

    fn decode(&mut self, code: &Code) -> Result<u16, Stop> {
        let (mut value, mut first, mut index) = (0i32, 0i32, 0i32);
        for &count in &code.counts[1..=code.longest] {
            value |= self.bits(1)? as i32;
            let count = i32::from(count);
            if value - count < first {
                return Ok(code.symbols[(index + value - first) as usize]);
            }
            index += count;
            first = (first + count) << 1;
            value <<= 1;
        }
        Err(Stop::Damaged)
    }
}

impl Inflate {
    /// A decoder that keeps the first `keep` bytes of output.
    pub fn new(keep: usize) -> Inflate {
        Inflate {
            pending: Vec::new(),
            bit: 0,
            state: State::Header,
            last_block: false,
            out: 0,
            kept: Vec::new(),
            keep,
            unused: 0,
        }
    }

    /// The first bytes of output, up to the number asked for.
    pub fn kept(&self) -> &[u8] {
        &self.kept
    }

    /// What the stream has shown so far.
    pub fn status(&self) -> Status {
        match self.state {
            State::Ended => Status::Ended {
                unused: self.unused,
            },
            State::Damaged => Status::Damaged,
            _ => Status::Open,
        }
    }

    /// Feeds the next bytes of the stream.
    pub fn update(&mut self, chunk: &[u8]) {
        match self.state {
            State::Ended => {
                self.unused += chunk.len() as u64;
                return;
            }
            State::Damaged => return,
            _ => {}
        }
        self.pending.extend_from_slice(chunk);
        loop {
            match self.unit() {
                Ok(()) => {}
                Err(Stop::More) => break,
                Err(Stop::Damaged) => {
                    self.state = State::Damaged;
                    self.pending = Vec::new();
                    return;
                }
            }
            if let State::Ended = self.state {
                // The stream ends at the next byte boundary; the rest is someone else's.
                let end = self.bit.div_ceil(8);
                self.unused = (self.pending.len() - end) as u64;
                self.pending = Vec::new();
                return;
            }
        }
        self.pending.drain(..self.bit / 8);
        self.bit %= 8;
    }

    /// Decodes one unit, changing nothing unless all of it is there.
    fn unit(&mut self) -> Result<(), Stop> {
        let mut bits = Bits {
            bytes: &self.pending,
            at: self.bit,
        };
        match &self.state {
            State::Header => {
                let last = bits.bits(1)? == 1;
                let state = match bits.bits(2)? {
                    0 => {
                        bits.at = bits.at.div_ceil(8) * 8;
                        let len = bits.bits(16)?;
                        if bits.bits(16)? != !len & 0xffff {
                            return Err(Stop::Damaged);
                        }
                        State::Stored(len)
                    }
                    1 => State::Codes(Box::new(Code::fixed())),
                    2 => State::Codes(Box::new(dynamic(&mut bits)?)),
                    _ => return Err(Stop::Damaged),
                };
                self.last_block = last;
                self.bit = bits.at;
                self.state = state;
                if let State::Stored(0) = self.state {
                    self.end_block();
                }
            }
            &State::Stored(left) => {
                let at = bits.at / 8;
                let n = (self.pending.len() - at).min(left as usize);
                if n == 0 {
                    return Err(Stop::More);
                }
                let room = self.keep.saturating_sub(self.kept.len()).min(n);
                self.kept.extend_from_slice(&self.pending[at..at + room]);
                self.out += n as u64;
                self.bit += n * 8;
                self.state = State::Stored(left - n as u32);
                if left as usize == n {
                    self.end_block();
                }
            }
            State::Codes(codes) => {
                let (lit, dist) = &**codes;
                let symbol = usize::from(bits.decode(lit)?);
                if symbol < 256 {
                    self.bit = bits.at;
                    if self.kept.len() < self.keep {
                        self.kept.push(symbol as u8);
                    }
                    self.out += 1;
                } else if symbol == 256 {
                    self.bit = bits.at;
                    self.end_block();
                } else {
                    let i = symbol - 257;
                    let (Some(&base), Some(&extra)) = (LENGTH_BASE.get(i), LENGTH_EXTRA.get(i))
                    else {
                        return Err(Stop::Damaged);
                    };
                    let length = usize::from(base) + bits.bits(u32::from(extra))? as usize;
                    let d = usize::from(bits.decode(dist)?);
                    let (Some(&base), Some(&extra)) = (DIST_BASE.get(d), DIST_EXTRA.get(d)) else {
                        return Err(Stop::Damaged);
                    };
                    let distance = usize::from(base) + bits.bits(u32::from(extra))? as usize;
                    if distance as u64 > self.out {
                        return Err(Stop::Damaged);
                    }
                    self.bit = bits.at;
                    for _ in 0..length {
                        if self.kept.len() >= self.keep {
                            break;
                        }
                        self.kept.push(self.kept[self.kept.len() - distance]);
                    }
                    self.out += length as u64;
                }
            }
            State::Ended | State::Damaged => return Err(Stop::More),
        }
        Ok(())
    }

    fn end_block(&mut self) {
        self.state = if self.last_block {
            State::Ended
        } else {
            State::Header
        };
    }
}

/// The codes of a dynamic block, from its header (RFC 1951, 3.2.7).
fn dynamic(bits: &mut Bits) -> Result<(Code, Code), Stop> {
    let lit_count = bits.bits(5)? as usize + 257;
    let dist_count = bits.bits(5)? as usize + 1;
    let code_count = bits.bits(4)? as usize + 4;
    if lit_count > 286 || dist_count > 30 {
        return Err(Stop::Damaged);
    }
    let mut code_lengths = [0u8; 19];
    for &i in &CODE_LENGTH_ORDER[..code_count] {
        code_lengths[i] = bits.bits(3)? as u8;
    }
    let code = Code::new(&code_lengths, true)?;
    let mut lengths = vec![0u8; lit_count + dist_count];
    let mut i = 0;
    while i < lengths.len() {
        let symbol = bits.decode(&code)?;
        let (value, repeat) = match symbol {
            0..=15 => (symbol as u8, 1),
            16 => {
                let previous = *lengths[..i].last().ok_or(Stop::Damaged)?;
                (previous, 3 + bits.bits(2)?)
            }
            17 => (0, 3 + bits.bits(3)?),
            _ => (0, 11 + bits.bits(7)?),
        };
        let end = i + repeat as usize;
        if end > lengths.len() {
            return Err(Stop::Damaged);
        }
        lengths[i..end].fill(value);
        i = end;
    }
    if lengths[256] == 0 {
        // No end-of-block code: the block could never end.
        return Err(Stop::Damaged);
    }
    Ok((
        Code::new(&lengths[..lit_count], false)?,
        Code::new(&lengths[lit_count..], false)?,
    ))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use miniz_oxide::deflate::compress_to_vec;
    use miniz_oxide::inflate::decompress_to_vec;

    /// What miniz_oxide says of the same bytes: the output, or whether it ran out or failed.
    fn reference(stream: &[u8]) -> Result<Vec<u8>, bool> {
        use miniz_oxide::inflate::TINFLStatus;
        match decompress_to_vec(stream) {
            Ok(out) => Ok(out),
            Err(e) => Err(e.status == TINFLStatus::FailedCannotMakeProgress),
        }
    }

    fn run(stream: &[u8], chunk: usize, keep: usize) -> Inflate {
        let mut inflate = Inflate::new(keep);
        for part in stream.chunks(chunk.max(1)) {
            inflate.update(part);
        }
        inflate
    }

    /// Data with runs, repeats from near and far, and noise: every kind of block and symbol.
    fn sample(len: usize, seed: u32) -> Vec<u8> {
        let mut x = seed | 1;
        let mut out = Vec::with_capacity(len);
        while out.len() < len {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            match x % 4 {
                0 => out.extend_from_slice(b"go1.22.0.linux-amd64.tar.gz "),
                1 if out.len() > 40_000 => {
                    let from = out.len() - 32_000 + (x as usize % 1000);
                    out.extend_from_within(from..from + 200);
                }
                2 => out.extend(std::iter::repeat_n(
                    (x >> 8) as u8,
                    (x >> 16) as usize % 300,
                )),
                _ => out.extend((0..64).map(|i| (x >> (i % 24)) as u8)),
            }
        }
        out.truncate(len);
        out
    }

    #[test]
    fn whole_streams_end_where_they_end() {
        for (len, level) in [
            (0, 6),
            (1, 6),
            (5_000, 0),
            (100_000, 1),
            (300_000, 6),
            (200_000, 9),
        ] {
            let data = sample(len, len as u32 + 7);
            let stream = compress_to_vec(&data, level);
            assert_eq!(reference(&stream).unwrap(), data);
            for chunk in [1, 7, 4096, 1 << 20] {
                let inflate = run(&stream, chunk, 512);
                assert_eq!(
                    inflate.status(),
                    Status::Ended { unused: 0 },
                    "{len} {level} {chunk}"
                );
                assert_eq!(inflate.kept(), &data[..len.min(512)]);
                assert_eq!(inflate.out, len as u64);
            }
            // What follows the stream is counted, not read.
            let mut more = stream.clone();
            more.extend_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8, 9]);
            assert_eq!(run(&more, 1000, 0).status(), Status::Ended { unused: 9 });
        }
    }

    #[test]
    fn a_stream_cut_anywhere_is_open_never_damaged() {
        let data = sample(120_000, 99);
        for level in [0, 1, 6] {
            let stream = compress_to_vec(&data, level);
            for cut in (0..stream.len()).step_by(997).chain([stream.len() - 1]) {
                let inflate = run(&stream[..cut], 5_000, 64);
                assert_eq!(
                    inflate.status(),
                    Status::Open,
                    "level {level}, cut at {cut}"
                );
                assert_eq!(reference(&stream[..cut]), Err(true), "miniz at {cut}");
            }
        }
    }

    #[test]
    fn damaged_streams_are_told_as_miniz_tells_them() {
        let data = sample(60_000, 5);
        let mut disagreements = Vec::new();
        for level in [1, 6, 9] {
            let stream = compress_to_vec(&data, level);
            let mut x = 12345u32 + level as u32;
            for _ in 0..400 {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                let mut bad = stream.clone();
                let at = x as usize % bad.len();
                bad[at] ^= 1 << (x >> 29);
                let ours = run(&bad, 3_000, 0);
                // A flipped bit often makes other valid data: then both must end at one length.
                let agree = match (ours.status(), reference(&bad)) {
                    (Status::Ended { .. }, Ok(out)) => out.len() as u64 == ours.out,
                    (Status::Open, Err(true)) | (Status::Damaged, Err(false)) => true,
                    _ => false,
                };
                if !agree {
                    disagreements.push((level, at, ours.status()));
                }
            }
        }
        assert_eq!(disagreements, []);
    }

    #[test]
    fn refuses_what_rfc_1951_refuses() {
        // Block type 3.
        assert_eq!(run(&[0b111], 1, 0).status(), Status::Damaged);
        // A stored block whose NLEN is not the complement of LEN.
        assert_eq!(run(&[1, 5, 0, 0, 0], 1, 0).status(), Status::Damaged);
        // A stored block, whole: LEN 3, then 3 bytes.
        let stored = [1, 3, 0, 0xfc, 0xff, b'a', b'b', b'c'];
        let inflate = run(&stored, 1, 10);
        assert_eq!(inflate.status(), Status::Ended { unused: 0 });
        assert_eq!(inflate.kept(), b"abc");
        // A fixed block whose first symbol is a back-reference: nothing to refer to.
        // Fixed code for length 3 (symbol 257) is 0000001, distance code 0 is 00000.
        let mut w = Writer::default();
        w.put(1, 1);
        w.put(1, 2);
        w.put_code(0b000_0001, 7);
        w.put_code(0, 5);
        assert_eq!(run(&w.bytes(), 1, 0).status(), Status::Damaged);
    }

    #[test]
    fn an_unused_pattern_of_an_incomplete_code_is_damage_at_once() {
        // Found by review, checked against zlib: the distance code has one code of length 1,
        // and the stream uses its unused pattern two bytes before the end. zlib says "invalid
        // distance code"; a decoder that waited for 15 bits would call the stream cut.
        let hex = "9dc0210100000080a0ff87cd7e00dc";
        let stream: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        for chunk in [1, 4, 100] {
            assert_eq!(run(&stream, chunk, 0).status(), Status::Damaged);
        }
        // An empty code-length code: nothing can be decoded with it.
        assert_eq!(
            run(&[0x75, 0x08, 0x00, 0xc0, 0xef], 1, 0).status(),
            Status::Damaged
        );
    }

    /// Writes bits least significant first; Huffman codes most significant first.
    #[derive(Default)]
    struct Writer {
        bytes: Vec<u8>,
        bits: usize,
    }

    impl Writer {
        fn put(&mut self, value: u32, n: u32) {
            for i in 0..n {
                if self.bits.is_multiple_of(8) {
                    self.bytes.push(0);
                }
                let bit = ((value >> i) & 1) as u8;
                *self.bytes.last_mut().unwrap() |= bit << (self.bits % 8);
                self.bits += 1;
            }
        }

        fn put_code(&mut self, code: u32, n: u32) {
            for i in (0..n).rev() {
                self.put((code >> i) & 1, 1);
            }
        }

        fn bytes(&self) -> Vec<u8> {
            self.bytes.clone()
        }
    }
}
