//! Downloading one file from several sources at once, as decisions without I/O: which bytes
//! each source fetches next (pieces sized by its measured rate, handed out from the front of
//! what is missing, and near the end a slow source's unfinished piece fetched again by a faster
//! idle one), whether an answer to a ranged GET is exactly the piece asked for, the resume map
//! written beside `NAME.part` (its text, and whether it may be trusted), and, when the whole
//! file does not verify, which source's bytes differ.
//!
//! The command line's `get` (src/cli/get.rs) moves the bytes: threads, HTTP, the file, the
//! hash. Nothing here reads a clock: durations are estimates from rates the caller passes.

use crate::checksum::Digest;
use crate::probe::{self, Reason, Reply};

/// The smallest piece handed out (below this, a request's round trip costs more than its
/// bytes on any link worth using).
pub const MIN_PIECE_BYTES: u64 = 256 << 10;
/// The largest piece: a piece is kept in memory until it is whole, one a source.
pub const MAX_PIECE_BYTES: u64 = 8 << 20;
/// A piece should take a source about this long: long enough that a request's round trip is
/// a small part of it, short enough that a source that breaks off loses little.
pub const PIECE_SECONDS: f64 = 2.0;
/// An idle source fetches a busy one's piece again only if it would finish it this much
/// sooner (seconds): the new request's round trip and the meter's error.
pub const STEAL_MARGIN_SECONDS: f64 = 0.3;

/// Sorted, disjoint, non-adjacent half-open spans `[start, end)` of a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ranges(Vec<(u64, u64)>);

impl Ranges {
    /// No bytes.
    pub fn new() -> Ranges {
        Ranges(Vec::new())
    }

    /// The spans, in file order.
    pub fn spans(&self) -> &[(u64, u64)] {
        &self.0
    }

    /// Adds `[start, end)`.
    pub fn insert(&mut self, start: u64, end: u64) {
        if start >= end {
            return;
        }
        let (mut s, mut e) = (start, end);
        let mut kept = Vec::with_capacity(self.0.len() + 1);
        for &(a, b) in &self.0 {
            if b < s || a > e {
                kept.push((a, b));
            } else {
                s = s.min(a);
                e = e.max(b);
            }
        }
        kept.push((s, e));
        kept.sort_unstable();
        self.0 = kept;
    }

    /// Removes `[start, end)`.
    pub fn remove(&mut self, start: u64, end: u64) {
        if start >= end {
            return;
        }
        let mut kept = Vec::with_capacity(self.0.len() + 1);
        for &(a, b) in &self.0 {
            if b <= start || a >= end {
                kept.push((a, b));
            } else {
                if a < start {
                    kept.push((a, start));
                }
                if b > end {
                    kept.push((end, b));
                }
            }
        }
        self.0 = kept;
    }

    /// Whether every byte of `[start, end)` is in.
    pub fn contains(&self, start: u64, end: u64) -> bool {
        start >= end || self.0.iter().any(|&(a, b)| a <= start && end <= b)
    }

    /// How many bytes are in.
    pub fn covered_bytes(&self) -> u64 {
        self.0.iter().map(|&(a, b)| b - a).sum()
    }

    /// Where the run of bytes from offset 0 ends.
    pub fn prefix_end(&self) -> u64 {
        match self.0.first() {
            Some(&(0, b)) => b,
            _ => 0,
        }
    }

    /// The spans of `[0, size)` that are not in.
    pub fn gaps(&self, size: u64) -> Vec<(u64, u64)> {
        let mut out = Vec::new();
        let mut at = 0;
        for &(a, b) in &self.0 {
            if a >= size {
                break;
            }
            if a > at {
                out.push((at, a));
            }
            at = at.max(b);
        }
        if at < size {
            out.push((at, size));
        }
        out
    }

    /// The parts of `[start, end)` that are not in.
    pub fn missing_in(&self, start: u64, end: u64) -> Vec<(u64, u64)> {
        let mut inside = Ranges::new();
        inside.insert(start, end);
        for &(a, b) in &self.0 {
            inside.remove(a, b);
        }
        inside.0
    }
}

/// Bytes of the file known to be on disk, and the source they came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoneRange {
    /// First byte.
    pub start: u64,
    /// One past the last byte.
    pub end: u64,
    /// The catalog id of the source.
    pub source: String,
}

/// The resume map beside `NAME.part`: which file it is and which of its bytes are on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartMap {
    /// The file's name.
    pub file: String,
    /// Its official SHA-256, lowercase hex.
    pub sha256: String,
    /// Its size.
    pub size_bytes: u64,
    /// The bytes on disk, in file order, not overlapping.
    pub done: Vec<DoneRange>,
}

/// The first line of a map: what it is and the version of its format.
const MAP_MAGIC: &str = "gomirror-part 1";

impl PartMap {
    /// The map as text: a header line, `file`, `sha256`, `size`, then one `done START END
    /// SOURCE` line a range (END exclusive).
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{MAP_MAGIC}\nfile {}\nsha256 {}\nsize {}\n",
            self.file, self.sha256, self.size_bytes
        );
        for d in &self.done {
            out.push_str(&format!("done {} {} {}\n", d.start, d.end, d.source));
        }
        out
    }

    /// Reads a map written by [`PartMap::to_text`].
    ///
    /// # Errors
    ///
    /// One line saying what is wrong: another format, a missing or malformed field, ranges
    /// that overlap, are empty, or pass the size.
    pub fn parse(text: &str) -> Result<PartMap, String> {
        let mut lines = text.lines();
        if lines.next() != Some(MAP_MAGIC) {
            return Err(format!("not a map (first line is not {MAP_MAGIC:?})"));
        }
        let mut field = |name: &str| -> Result<String, String> {
            let line = lines.next().unwrap_or_default();
            line.strip_prefix(name)
                .and_then(|rest| rest.strip_prefix(' '))
                .filter(|v| !v.is_empty())
                .map(str::to_string)
                .ok_or_else(|| format!("expected {name:?}, found {line:?}"))
        };
        let file = field("file")?;
        let sha256 = field("sha256")?;
        if Digest::from_hex(&sha256).is_none() {
            return Err(format!("sha256 {sha256:?} is not 64 hex digits"));
        }
        let size_text = field("size")?;
        let size_bytes: u64 = size_text
            .parse()
            .map_err(|_| format!("size {size_text:?} is not a number"))?;
        let mut done: Vec<DoneRange> = Vec::new();
        for line in lines {
            if line.is_empty() {
                continue;
            }
            let parts: Vec<&str> = line.split(' ').collect();
            let (start, end, source) = match parts.as_slice() {
                ["done", start, end, source] if !source.is_empty() => {
                    match (start.parse::<u64>(), end.parse::<u64>()) {
                        (Ok(s), Ok(e)) => (s, e, source.to_string()),
                        _ => return Err(format!("malformed range {line:?}")),
                    }
                }
                _ => return Err(format!("malformed line {line:?}")),
            };
            if start >= end || end > size_bytes {
                return Err(format!(
                    "range {start}-{end} is outside a file of {size_bytes} bytes"
                ));
            }
            if done.last().is_some_and(|last| last.end > start) {
                return Err(format!("range {start}-{end} overlaps the one before"));
            }
            done.push(DoneRange { start, end, source });
        }
        Ok(PartMap {
            file,
            sha256,
            size_bytes,
            done,
        })
    }

    /// Whether this map may be trusted for `file` with `sha256` of `size_bytes`, beside a
    /// `.part` of `part_bytes`.
    ///
    /// # Errors
    ///
    /// One line saying why the `.part` must be discarded.
    pub fn check(
        &self,
        file: &str,
        sha256: &Digest,
        size_bytes: u64,
        part_bytes: u64,
    ) -> Result<(), String> {
        if self.file != file {
            return Err(format!("the map is for {:?}, not {file:?}", self.file));
        }
        if Digest::from_hex(&self.sha256).as_ref() != Some(sha256) {
            return Err(format!(
                "the map is for sha256 {}, not {}",
                self.sha256,
                sha256.to_hex()
            ));
        }
        if self.size_bytes != size_bytes {
            return Err(format!(
                "the map is for {} bytes, the file has {size_bytes}",
                self.size_bytes
            ));
        }
        if part_bytes != size_bytes {
            return Err(format!(
                "the .part holds {part_bytes} bytes, the map says {size_bytes}"
            ));
        }
        Ok(())
    }
}

/// Why a source's answer to a piece is not that piece, or why the source is dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// What the probe's judge says of the answer (status, HTML, size), or the transport
    /// (refused, timeout, stalled).
    Reason(Reason),
    /// A success status other than 206: the range was ignored.
    NotPartial {
        /// The status.
        status: u16,
    },
    /// `Content-Range` missing or not the range asked for.
    WrongRange {
        /// What the source said.
        content_range: Option<String>,
    },
    /// More bytes than asked for.
    TooLong,
}

impl Fault {
    /// The report's reason key, e.g. `http-404`, `different-bytes`.
    pub fn key(&self) -> String {
        match self {
            Fault::Reason(r) => r.key(),
            Fault::NotPartial { status } => format!("not-partial-{status}"),
            Fault::WrongRange { .. } => "wrong-range".into(),
            Fault::TooLong => "too-long".into(),
        }
    }

    /// Whether the source never gave an answer at all (refused, unresolved, no answer in
    /// time): only when every source fails so is the network to blame (exit 3).
    pub fn unreachable(&self) -> bool {
        matches!(
            self,
            Fault::Reason(Reason::Refused) | Fault::Reason(Reason::Timeout)
        )
    }

    /// One line for people.
    pub fn describe(&self) -> String {
        match self {
            Fault::Reason(Reason::WrongSize {
                served_bytes,
                official_bytes,
            }) => format!("wrong size: {served_bytes} bytes, not {official_bytes}"),
            Fault::NotPartial { status } => format!("answered a range with status {status}"),
            Fault::WrongRange { content_range } => format!(
                "Content-Range {} is not the range asked for",
                content_range.as_deref().unwrap_or("(none)")
            ),
            Fault::Reason(Reason::Encoded { encoding }) => {
                format!("encoded: Content-Encoding {encoding}")
            }
            Fault::Reason(Reason::Cut {
                read_bytes,
                declared_bytes,
            }) => format!(
                "cut: the body broke off at {read_bytes} of {} bytes",
                declared_bytes.map_or("?".into(), |d| d.to_string())
            ),
            Fault::Reason(Reason::DifferentBytes) => {
                "different-bytes: its bytes differ from the others'".into()
            }
            Fault::TooLong => "more bytes than asked for".into(),
            Fault::Reason(r) => r.key(),
        }
    }
}

/// Whether the head of an answer to `bytes=start-(end-1)` of a file of `size_bytes` is that
/// piece: the probe's judgement (status, HTML, size), then 206, the exact `Content-Range`, no
/// `Content-Encoding`, and a `Content-Length` (when sent) of the piece's length.
///
/// # Errors
///
/// The [`Fault`] the answer has.
pub fn check_head(
    reply: &Reply,
    content_encoding: Option<&str>,
    start: u64,
    end: u64,
    size_bytes: u64,
) -> Result<(), Fault> {
    probe::judge(reply, Some(size_bytes)).map_err(Fault::Reason)?;
    if reply.status != 206 {
        return Err(Fault::NotPartial {
            status: reply.status,
        });
    }
    if let Some(encoding) = content_encoding {
        return Err(Fault::Reason(Reason::Encoded {
            encoding: encoding.to_string(),
        }));
    }
    let wanted = format!("bytes {}-{}/{}", start, end - 1, size_bytes);
    let range_ok = reply
        .content_range
        .as_deref()
        .is_some_and(|r| r.trim() == wanted);
    let length_ok = reply.content_length.is_none_or(|l| l == end - start);
    if !range_ok || !length_ok {
        return Err(Fault::WrongRange {
            content_range: reply.content_range.clone(),
        });
    }
    Ok(())
}

/// The file's size: the official list's, or else the `Content-Range` totals the sources
/// gave, if they all agree.
///
/// # Errors
///
/// One line: no size known, or the totals disagree (naming them).
pub fn size_of(official_bytes: Option<u64>, totals: &[(String, u64)]) -> Result<u64, String> {
    if let Some(size) = official_bytes {
        return Ok(size);
    }
    let Some((_, first)) = totals.first() else {
        return Err("no source said the file's size".into());
    };
    if totals.iter().all(|(_, t)| t == first) {
        Ok(*first)
    } else {
        let said: Vec<String> = totals.iter().map(|(id, t)| format!("{id} {t}")).collect();
        Err(format!(
            "the sources disagree on the size: {}",
            said.join(", ")
        ))
    }
}

/// What checking one range of a source against others found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeCheck {
    /// The same bytes as the referee's.
    Agrees,
    /// Other bytes than the official host's, or than two other sources that agree.
    Differs,
    /// No referee: no official host, and no two other sources that agree.
    Undecided,
}

/// Judges one range of a source whose bytes on disk hash to `disk`: against the official
/// host's bytes of the range when it answered, else against two other sources' that agree.
pub fn check_range(disk: &Digest, official: Option<&Digest>, others: &[Digest]) -> RangeCheck {
    let referee = match official {
        Some(o) => Some(o),
        None => match others {
            [a, b, ..] if a == b => Some(a),
            _ => None,
        },
    };
    match referee {
        None => RangeCheck::Undecided,
        Some(r) if r == disk => RangeCheck::Agrees,
        Some(_) => RangeCheck::Differs,
    }
}

/// A piece handed to a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The plan's id for it (a piece fetched twice has one id).
    pub id: u64,
    /// First byte.
    pub start: u64,
    /// One past the last byte.
    pub end: u64,
}

#[derive(Clone, Debug)]
struct Flight {
    piece: Piece,
    /// The sources fetching it, and how many bytes each has so far.
    owners: Vec<(usize, u64)>,
    /// The source whose copy is whole and on its way to the file ([`Plan::land`]).
    landed_by: Option<usize>,
}

/// Who fetches what: the file's size, the sources (by index) and their rates, the bytes done
/// and from which source, and the pieces in flight.
#[derive(Clone, Debug)]
pub struct Plan {
    size_bytes: u64,
    ids: Vec<String>,
    rates_bps: Vec<f64>,
    alive: Vec<bool>,
    done: Vec<DoneRange>,
    done_set: Ranges,
    flights: Vec<Flight>,
    next_id: u64,
}

impl Plan {
    /// A plan for a file of `size_bytes` from sources `ids` measured at `rates_bps`.
    pub fn new(size_bytes: u64, ids: Vec<String>, rates_bps: Vec<f64>) -> Plan {
        let alive = vec![true; ids.len()];
        Plan {
            size_bytes,
            ids,
            rates_bps,
            alive,
            done: Vec::new(),
            done_set: Ranges::new(),
            flights: Vec::new(),
            next_id: 0,
        }
    }

    /// Adds a source measured at `rate_bps` (one measured after the download began); returns
    /// its index.
    pub fn add_source(&mut self, id: String, rate_bps: f64) -> usize {
        self.ids.push(id);
        self.rates_bps.push(rate_bps);
        self.alive.push(true);
        self.ids.len() - 1
    }

    /// The file's size.
    pub fn size_bytes(&self) -> u64 {
        self.size_bytes
    }

    /// Records `[start, end)` from `source` as done, except the bytes already done; returns
    /// the spans that are new (those the caller must write).
    pub fn add_done(&mut self, start: u64, end: u64, source: &str) -> Vec<(u64, u64)> {
        let end = end.min(self.size_bytes);
        let new = self.done_set.missing_in(start, end);
        for &(a, b) in &new {
            self.done_set.insert(a, b);
            self.done.push(DoneRange {
                start: a,
                end: b,
                source: source.to_string(),
            });
        }
        self.done.sort_by_key(|d| d.start);
        new
    }

    /// The bytes done, in file order, with their sources (neighbours from one source merged).
    pub fn done(&self) -> Vec<DoneRange> {
        let mut out: Vec<DoneRange> = Vec::with_capacity(self.done.len());
        for d in &self.done {
            match out.last_mut() {
                Some(last) if last.end == d.start && last.source == d.source => last.end = d.end,
                _ => out.push(d.clone()),
            }
        }
        out
    }

    /// Bytes done.
    pub fn done_bytes(&self) -> u64 {
        self.done_set.covered_bytes()
    }

    /// Where the done bytes from offset 0 end.
    pub fn prefix_end(&self) -> u64 {
        self.done_set.prefix_end()
    }

    /// Whether every byte is done.
    pub fn is_complete(&self) -> bool {
        self.done_set.contains(0, self.size_bytes)
    }

    /// Whether `source` is still used.
    pub fn is_alive(&self, source: usize) -> bool {
        self.alive.get(source).copied().unwrap_or(false)
    }

    /// Whether any source is still used.
    pub fn any_alive(&self) -> bool {
        self.alive.iter().any(|&a| a)
    }

    /// A newer figure for `source`'s rate (what its last piece took).
    pub fn set_rate(&mut self, source: usize, rate_bps: f64) {
        if let Some(r) = self.rates_bps.get_mut(source) {
            if rate_bps.is_finite() && rate_bps > 0.0 {
                *r = rate_bps;
            }
        }
    }

    /// The rate the plan has for `source`.
    pub fn rate_of(&self, source: usize) -> Option<f64> {
        self.rates_bps.get(source).copied()
    }

    fn rate(&self, source: usize) -> f64 {
        self.rates_bps
            .get(source)
            .copied()
            .filter(|r| r.is_finite() && *r > 0.0)
            .unwrap_or(1.0)
    }

    /// How long a piece for `source` is: about [`PIECE_SECONDS`] of its rate, and no more
    /// than its share (by rate) of the work left, so that near the end the sources finish
    /// together: with every source working at its rate, the work left (the bytes nobody
    /// fetches yet, and what the busy ones still have to fetch) ends after `left / Σ rate`,
    /// and this source fetches `rate × that` of it.
    fn piece_len(&self, source: usize, unassigned_bytes: u64) -> u64 {
        let rate = self.rate(source);
        let mut total_rate = 0.0;
        let mut left = unassigned_bytes as f64;
        for i in (0..self.ids.len()).filter(|&i| self.is_alive(i)) {
            total_rate += self.rate(i);
            for f in &self.flights {
                if let Some(&(_, got)) = f.owners.first().filter(|o| o.0 == i) {
                    left += (f.piece.end - f.piece.start).saturating_sub(got) as f64;
                }
            }
        }
        let by_time = ((rate * PIECE_SECONDS) as u64).clamp(MIN_PIECE_BYTES, MAX_PIECE_BYTES);
        let share = (left * rate / total_rate.max(rate)) as u64;
        by_time.min(share.max(MIN_PIECE_BYTES))
    }

    /// The next piece for `source`: the first bytes nobody has or fetches; when there are
    /// none, a slower source's piece in flight that this one would finish sooner (fetched
    /// again; the first to finish wins); else nothing for now.
    pub fn next(&mut self, source: usize) -> Option<Piece> {
        if !self.is_alive(source)
            || self
                .flights
                .iter()
                .any(|f| f.owners.iter().any(|o| o.0 == source))
        {
            return None;
        }
        let mut taken = self.done_set.clone();
        for f in &self.flights {
            taken.insert(f.piece.start, f.piece.end);
        }
        let gaps = taken.gaps(self.size_bytes);
        if let Some(&(start, gap_end)) = gaps.first() {
            let unassigned: u64 = gaps.iter().map(|(a, b)| b - a).sum();
            let mut end = gap_end.min(start + self.piece_len(source, unassigned));
            // A crumb left behind would cost a request of its own.
            if gap_end - end < MIN_PIECE_BYTES / 4 {
                end = gap_end;
            }
            let piece = Piece {
                id: self.next_id,
                start,
                end,
            };
            self.next_id += 1;
            self.flights.push(Flight {
                piece,
                owners: vec![(source, 0)],
                landed_by: None,
            });
            return Some(piece);
        }
        // The end: help the piece whose owner will take longest, if this source is faster.
        let mine = self.rate(source);
        let mut best: Option<(f64, usize)> = None;
        for (i, f) in self.flights.iter().enumerate() {
            if f.owners.len() != 1 {
                continue;
            }
            let (owner, got) = f.owners[0];
            let len = f.piece.end - f.piece.start;
            let theirs = (len.saturating_sub(got)) as f64 / self.rate(owner);
            let ours = len as f64 / mine;
            if ours + STEAL_MARGIN_SECONDS < theirs && best.is_none_or(|(t, _)| theirs > t) {
                best = Some((theirs, i));
            }
        }
        let (_, i) = best?;
        self.flights[i].owners.push((source, 0));
        Some(self.flights[i].piece)
    }

    /// `source` has `got_bytes` of piece `id` so far.
    pub fn progress(&mut self, id: u64, source: usize, got_bytes: u64) {
        if let Some(f) = self.flights.iter_mut().find(|f| f.piece.id == id) {
            for o in &mut f.owners {
                if o.0 == source {
                    o.1 = got_bytes;
                }
            }
        }
    }

    /// Whether piece `id` is still wanted from `source` (not finished by another).
    pub fn wanted(&self, id: u64, source: usize) -> bool {
        self.is_alive(source)
            && self
                .flights
                .iter()
                .any(|f| f.piece.id == id && f.owners.iter().any(|o| o.0 == source))
    }

    /// `source` has all of piece `id`, checked, and hands it to the writer: it is free for
    /// its next piece at once, the others fetching the same piece stop, and the bytes are not
    /// done (nor in the map) until the writer has them on disk ([`Plan::complete`]). Returns
    /// whether this source is the first to.
    pub fn land(&mut self, id: u64, source: usize) -> bool {
        let Some(f) = self
            .flights
            .iter_mut()
            .find(|f| f.piece.id == id && f.landed_by.is_none())
        else {
            return false;
        };
        if !f.owners.iter().any(|o| o.0 == source) {
            return false;
        }
        f.owners.clear();
        f.landed_by = Some(source);
        true
    }

    /// Piece `id` from `source` is written: its bytes are done. Returns it if `source` is the
    /// first to finish it (landed or not), `None` if another source finished it first.
    pub fn complete(&mut self, id: u64, source: usize) -> Option<Piece> {
        let i = self.flights.iter().position(|f| {
            f.piece.id == id
                && (f.landed_by == Some(source) || f.owners.iter().any(|o| o.0 == source))
        })?;
        let piece = self.flights.remove(i).piece;
        let name = self.ids.get(source).cloned().unwrap_or_default();
        self.add_done(piece.start, piece.end, &name);
        Some(piece)
    }

    /// `source` gave up piece `id`: the piece goes back to the queue unless another source
    /// still fetches it.
    pub fn release(&mut self, id: u64, source: usize) {
        if let Some(i) = self.flights.iter().position(|f| f.piece.id == id) {
            self.flights[i].owners.retain(|o| o.0 != source);
            if self.flights[i].owners.is_empty() && self.flights[i].landed_by.is_none() {
                self.flights.remove(i);
            }
        }
    }

    /// `source` is no longer used; its pieces in flight go back to the queue.
    pub fn drop_source(&mut self, source: usize) {
        if let Some(a) = self.alive.get_mut(source) {
            *a = false;
        }
        let ids: Vec<u64> = self.flights.iter().map(|f| f.piece.id).collect();
        for id in ids {
            self.release(id, source);
        }
    }

    /// Forgets the done bytes from `source_id` (its bytes differ): they are to be fetched
    /// again. Returns the spans forgotten.
    pub fn forget(&mut self, source_id: &str) -> Vec<(u64, u64)> {
        let mut gone = Vec::new();
        self.done.retain(|d| {
            if d.source == source_id {
                gone.push((d.start, d.end));
                false
            } else {
                true
            }
        });
        for &(a, b) in &gone {
            self.done_set.remove(a, b);
        }
        gone
    }

    /// Forgets every done byte (a `.part` that cannot be trusted).
    pub fn forget_all(&mut self) {
        self.done.clear();
        self.done_set = Ranges::new();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_merge_remove_and_gaps() {
        let mut r = Ranges::new();
        r.insert(10, 20);
        r.insert(0, 5);
        r.insert(5, 10);
        assert_eq!(r.spans(), &[(0, 20)]);
        r.insert(30, 40);
        assert_eq!(r.gaps(50), vec![(20, 30), (40, 50)]);
        assert_eq!(r.prefix_end(), 20);
        r.remove(3, 35);
        assert_eq!(r.spans(), &[(0, 3), (35, 40)]);
        assert_eq!(r.covered_bytes(), 8);
        assert!(r.contains(36, 40));
        assert!(!r.contains(2, 4));
        assert_eq!(r.missing_in(0, 38), vec![(3, 35)]);
        assert_eq!(Ranges::new().gaps(7), vec![(0, 7)]);
        assert_eq!(Ranges::new().prefix_end(), 0);
    }

    fn map() -> PartMap {
        PartMap {
            file: "go1.99.1.linux-amd64.tar.gz".into(),
            sha256: "ab".repeat(32),
            size_bytes: 100,
            done: vec![
                DoneRange {
                    start: 0,
                    end: 40,
                    source: "a".into(),
                },
                DoneRange {
                    start: 60,
                    end: 100,
                    source: "b".into(),
                },
            ],
        }
    }

    #[test]
    fn map_round_trips_and_refuses_damage() {
        let m = map();
        assert_eq!(PartMap::parse(&m.to_text()), Ok(m.clone()));
        let text = m.to_text();
        let cases = [
            ("", "not a map"),
            (
                &text.replace("gomirror-part 1", "gomirror-part 2"),
                "not a map",
            ),
            (&text.replace("size 100", "size x"), "not a number"),
            (&text.replace("sha256 ab", "sha256 zz"), "64 hex"),
            (&text.replace("done 60 100 b", "done 30 100 b"), "overlaps"),
            (&text.replace("done 60 100 b", "done 60 101 b"), "outside"),
            (&text.replace("done 60 100 b", "done 60 60 b"), "outside"),
            (&text.replace("done 60 100 b", "done 60 100"), "malformed"),
            (&text.replace("file go", "name go"), "expected \"file\""),
            (&text[..text.len() / 3], "expected"),
        ];
        for (damaged, says) in cases {
            let err = PartMap::parse(damaged).expect_err(damaged);
            assert!(err.contains(says), "{damaged:?}: {err}");
        }
    }

    #[test]
    fn map_is_checked_against_the_file() {
        let m = map();
        let digest = Digest::from_hex(&"ab".repeat(32)).expect("hex");
        let other = Digest::from_hex(&"cd".repeat(32)).expect("hex");
        let name = "go1.99.1.linux-amd64.tar.gz";
        assert_eq!(m.check(name, &digest, 100, 100), Ok(()));
        assert!(m
            .check("go1.99.2.linux-amd64.tar.gz", &digest, 100, 100)
            .is_err());
        assert!(m.check(name, &other, 100, 100).is_err());
        assert!(m.check(name, &digest, 101, 101).is_err());
        assert!(m.check(name, &digest, 100, 99).is_err());
    }

    fn reply(status: u16, range: Option<&str>, length: Option<u64>) -> Reply {
        Reply {
            status,
            content_type: Some("application/gzip".into()),
            content_range: range.map(str::to_string),
            content_length: length,
            head: Vec::new(),
        }
    }

    #[test]
    fn heads_of_pieces() {
        let good = reply(206, Some("bytes 100-199/1000"), Some(100));
        let cases: Vec<(Reply, Option<&str>, Result<(), String>)> = vec![
            (good.clone(), None, Ok(())),
            (good.clone(), Some("gzip"), Err("encoded".into())),
            (
                reply(200, None, Some(1000)),
                None,
                Err("not-partial-200".into()),
            ),
            (reply(404, None, None), None, Err("http-404".into())),
            (
                reply(206, Some("bytes 100-199/999"), Some(100)),
                None,
                Err("wrong-size".into()),
            ),
            (
                reply(206, Some("bytes 0-99/1000"), Some(100)),
                None,
                Err("wrong-range".into()),
            ),
            (reply(206, None, Some(100)), None, Err("wrong-range".into())),
            (
                reply(206, Some("bytes 100-199/1000"), Some(99)),
                None,
                Err("wrong-range".into()),
            ),
            (
                Reply {
                    content_type: Some("text/html".into()),
                    ..good.clone()
                },
                None,
                Err("html".into()),
            ),
        ];
        for (r, enc, want) in cases {
            let got = check_head(&r, enc, 100, 200, 1000).map_err(|f| f.key());
            assert_eq!(got, want, "{r:?}");
        }
    }

    #[test]
    fn sizes() {
        let t = |v: &[(&str, u64)]| {
            v.iter()
                .map(|(a, b)| (a.to_string(), *b))
                .collect::<Vec<_>>()
        };
        assert_eq!(size_of(Some(5), &t(&[("a", 6)])), Ok(5));
        assert_eq!(size_of(None, &t(&[("a", 6), ("b", 6)])), Ok(6));
        assert!(size_of(None, &t(&[("a", 6), ("b", 7)])).is_err());
        assert!(size_of(None, &[]).is_err());
    }

    #[test]
    fn ranges_are_judged_by_a_referee() {
        let a = Digest::of(b"a");
        let b = Digest::of(b"b");
        let c = Digest::of(b"c");
        let cases = [
            (a, Some(a), vec![], RangeCheck::Agrees),
            (a, Some(b), vec![a, a], RangeCheck::Differs),
            (a, None, vec![b, b], RangeCheck::Differs),
            (a, None, vec![a, a], RangeCheck::Agrees),
            (a, None, vec![b, c], RangeCheck::Undecided),
            (a, None, vec![b], RangeCheck::Undecided),
            (a, None, vec![], RangeCheck::Undecided),
        ];
        for (disk, official, others, want) in cases {
            assert_eq!(check_range(&disk, official.as_ref(), &others), want);
        }
    }

    const MIB: u64 = 1 << 20;

    #[test]
    fn pieces_follow_rates_and_cover_the_file() {
        let ids = vec!["fast".to_string(), "slow".to_string()];
        let mut plan = Plan::new(100 * MIB, ids, vec![3.0 * MIB as f64, 0.5 * MIB as f64]);
        let a = plan.next(0).expect("a piece");
        let b = plan.next(1).expect("a piece");
        assert_eq!((a.start, b.start), (0, a.end));
        assert_eq!(a.end - a.start, 6 * MIB);
        assert_eq!(b.end - b.start, MIB);
        // One piece a source at a time.
        assert_eq!(plan.next(0), None);
        assert_eq!(plan.complete(a.id, 0), Some(a));
        let c = plan.next(0).expect("a piece");
        assert_eq!(c.start, b.end);
        // A failed piece goes back to the queue, first.
        plan.drop_source(1);
        assert!(!plan.wanted(b.id, 1));
        let d = plan.next(0);
        assert_eq!(d, None, "one piece a source");
        plan.complete(c.id, 0);
        let d = plan.next(0).expect("the dropped source's piece");
        assert_eq!(d.start, b.start);
        // Everything gets done, by the fast source alone.
        plan.complete(d.id, 0);
        while let Some(p) = plan.next(0) {
            plan.complete(p.id, 0);
        }
        assert!(plan.is_complete());
        assert_eq!(
            plan.done(),
            vec![DoneRange {
                start: 0,
                end: 100 * MIB,
                source: "fast".into()
            }]
        );
    }

    #[test]
    fn near_the_end_pieces_shrink_and_a_faster_source_takes_over() {
        let ids = vec!["fast".to_string(), "slow".to_string()];
        let mut plan = Plan::new(4 * MIB, ids, vec![4.0 * MIB as f64, 1.0 * MIB as f64]);
        let a = plan.next(0).expect("a piece");
        // Its share of the 4 MiB: 4/5.
        assert_eq!(a.end - a.start, 4 * MIB * 4 / 5);
        let b = plan.next(1).expect("a piece");
        assert_eq!(b.end, 4 * MIB);
        plan.complete(a.id, 0);
        // Nothing unassigned: the fast source fetches the slow one's piece too.
        let again = plan.next(0).expect("the slow source's piece");
        assert_eq!(again, b);
        assert_eq!(plan.complete(b.id, 0), Some(b));
        // The slow source's copy is no longer wanted, and completes nothing.
        assert!(!plan.wanted(b.id, 1));
        assert_eq!(plan.complete(b.id, 1), None);
        assert!(plan.is_complete());
    }

    #[test]
    fn a_landed_piece_frees_its_source_and_stops_the_other() {
        let ids = vec!["fast".to_string(), "slow".to_string()];
        let mut plan = Plan::new(4 * MIB, ids, vec![4.0 * MIB as f64, 1.0 * MIB as f64]);
        let a = plan.next(0).expect("a piece");
        let b = plan.next(1).expect("a piece");
        plan.complete(a.id, 0);
        assert_eq!(plan.next(0), Some(b), "the fast source helps");
        assert!(plan.land(b.id, 0));
        // Landed: the slow copy is no longer wanted, and cannot land too.
        assert!(!plan.wanted(b.id, 1));
        assert!(!plan.land(b.id, 1));
        plan.release(b.id, 1);
        // Not done until written: not in the map, not given out again.
        assert!(!plan.is_complete());
        assert_eq!(plan.done_bytes(), a.end - a.start);
        assert_eq!(plan.next(1), None);
        assert_eq!(plan.complete(b.id, 0), Some(b));
        assert!(plan.is_complete());
    }

    #[test]
    fn no_takeover_when_the_owner_is_nearly_done() {
        let ids = vec!["fast".to_string(), "slow".to_string()];
        let mut plan = Plan::new(2 * MIB, ids, vec![4.0 * MIB as f64, 1.0 * MIB as f64]);
        let a = plan.next(0).expect("a piece");
        let b = plan.next(1).expect("a piece");
        plan.complete(a.id, 0);
        plan.progress(b.id, 1, (b.end - b.start) - 1000);
        assert_eq!(plan.next(0), None);
    }

    #[test]
    fn a_source_added_later_gets_the_next_bytes() {
        let mut plan = Plan::new(100 * MIB, Vec::new(), Vec::new());
        assert_eq!(plan.next(0), None);
        let a = plan.add_source("a".into(), MIB as f64);
        let p = plan.next(a).expect("a piece");
        let b = plan.add_source("b".into(), MIB as f64);
        assert_eq!(plan.next(b).map(|q| q.start), Some(p.end));
    }

    #[test]
    fn done_bytes_are_kept_and_forgotten_by_source() {
        let ids = vec!["a".to_string(), "b".to_string()];
        let mut plan = Plan::new(10 * MIB, ids, vec![1.0, 1.0]);
        assert_eq!(plan.add_done(0, MIB, "a"), vec![(0, MIB)]);
        assert_eq!(plan.add_done(0, 2 * MIB, "b"), vec![(MIB, 2 * MIB)]);
        assert_eq!(plan.prefix_end(), 2 * MIB);
        let p = plan.next(0).expect("a piece");
        assert_eq!(p.start, 2 * MIB);
        assert_eq!(plan.forget("b"), vec![(MIB, 2 * MIB)]);
        assert_eq!(plan.prefix_end(), MIB);
        assert_eq!(plan.next(1).map(|p| p.start), Some(MIB));
    }
}
