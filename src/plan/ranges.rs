//! Spans of a file: which bytes are on disk, which are missing, and where the done prefix
//! ends. The plan and the map are built on them; they know nothing of sources.

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
}
