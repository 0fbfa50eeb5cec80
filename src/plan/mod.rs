//! Downloading one file from several sources at once, as decisions without I/O: which bytes
//! each source fetches next (pieces sized by its measured rate, handed out from the front of
//! what is missing, and near the end a slow source's unfinished piece fetched again by a faster
//! idle one), whether an answer to a ranged GET is exactly the piece asked for, the resume map
//! written beside `NAME.part` (its text, and whether it may be trusted), and, when the whole
//! file does not verify, which source's bytes differ.
//!
//! This file holds the pieces and who fetches them ([`Plan`]); the spans they are built on are
//! in `ranges`, the map in `map`, the judgement of an answer's head in `answer`, and whose bytes
//! differ in `blame`, each re-exported here.
//!
//! The command line's `get` (src/cli/get.rs) moves the bytes: threads, HTTP, the file, the
//! hash. Nothing here reads a clock: durations are estimates from rates the caller passes.

mod answer;
mod blame;
mod map;
mod ranges;

pub use answer::{check_head, size_of, Fault};
pub use blame::{check_range, RangeCheck};
pub use map::{DoneRange, PartMap};
pub use ranges::Ranges;

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
