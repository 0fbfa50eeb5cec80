//! When the whole file does not verify: whether one source's bytes of a range differ, judged
//! against the official host's bytes of that range or else two other sources that agree.

use crate::checksum::Digest;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
