//! Whether a GOPRIVATE-style pattern (GOPRIVATE, GONOSUMDB, GONOPROXY) matches public
//! modules of every host, with Go's `path.Match` rewritten here; reading the setting is
//! [`goenv`](super::goenv)'s.

/// Public module paths of different hosts: a pattern that matches two of them matches
/// everything that matters.
const PUBLIC_MODULES: &[&str] = &[
    "github.com/gin-gonic/gin",
    "golang.org/x/net",
    "google.golang.org/grpc",
    "gopkg.in/yaml.v3",
    "go.uber.org/zap",
    "k8s.io/client-go",
];

/// Whether a GOPRIVATE-style pattern matches public modules of more than one host, as the go
/// command matches them (`module.MatchPrefixPatterns`: the pattern against the path's prefix of
/// as many elements, with `path.Match`).
pub(super) fn matches_everything(pattern: &str) -> bool {
    if pattern.len() > 256 {
        return false;
    }
    let elements = pattern.split('/').count();
    PUBLIC_MODULES
        .iter()
        .filter(|module| {
            let parts: Vec<&str> = module.split('/').collect();
            parts.len() >= elements && glob(pattern, &parts[..elements].join("/"))
        })
        .count()
        >= 2
}

/// One piece of a `path.Match` pattern.
enum Piece {
    Star,
    Any,
    Char(char),
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

/// Go's `path.Match`: `*` and `?` never match `/`; `[…]` classes with ranges and `^`; `\`
/// escapes. A malformed pattern matches nothing, as `path.Match`'s error makes the go command
/// skip it.
fn glob(pattern: &str, name: &str) -> bool {
    let Some(pieces) = pieces(pattern) else {
        return false;
    };
    let name: Vec<char> = name.chars().collect();
    let fits = |piece: &Piece, c: char| match piece {
        Piece::Star => false,
        Piece::Any => c != '/',
        Piece::Char(p) => *p == c,
        Piece::Class { negated, ranges } => {
            c != '/' && ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)) != *negated
        }
    };
    // Greedy with a return to the last star: a star never spans a `/`, so no earlier star
    // could take what the last one cannot.
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pieces.get(p) {
            Some(Piece::Star) => {
                star = Some((p, n));
                p += 1;
            }
            Some(piece) if fits(piece, name[n]) => {
                p += 1;
                n += 1;
            }
            _ => match star {
                Some((sp, sn)) if name[sn] != '/' => {
                    star = Some((sp, sn + 1));
                    p = sp + 1;
                    n = sn + 1;
                }
                _ => return false,
            },
        }
    }
    pieces[p..].iter().all(|piece| matches!(piece, Piece::Star))
}

fn pieces(pattern: &str) -> Option<Vec<Piece>> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    // The character at `i`, taking a `\` escape; `None` past the end.
    let escaped = |i: &mut usize| -> Option<char> {
        let mut c = *chars.get(*i)?;
        if c == '\\' {
            *i += 1;
            c = *chars.get(*i)?;
        }
        *i += 1;
        Some(c)
    };
    while i < chars.len() {
        let piece = match chars[i] {
            '*' => {
                i += 1;
                Piece::Star
            }
            '?' => {
                i += 1;
                Piece::Any
            }
            '[' => {
                i += 1;
                let negated = chars.get(i) == Some(&'^');
                if negated {
                    i += 1;
                }
                let mut ranges = Vec::new();
                loop {
                    if chars.get(i) == Some(&']') && !ranges.is_empty() {
                        i += 1;
                        break;
                    }
                    let lo = escaped(&mut i)?;
                    let hi = if chars.get(i) == Some(&'-') {
                        i += 1;
                        escaped(&mut i)?
                    } else {
                        lo
                    };
                    ranges.push((lo, hi));
                }
                Piece::Class { negated, ranges }
            }
            _ => Piece::Char(escaped(&mut i)?),
        };
        out.push(piece);
    }
    Some(out)
}
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::paste::tests::find;
    use crate::paste::Key;

    /// Which GOPRIVATE-style patterns match public modules of every host, as the go command
    /// matches them.
    #[test]
    fn patterns_that_match_everything() {
        for (pattern, wide) in [
            ("*", true),
            ("*.*", true),
            ("*/*", true),
            ("*.*/*", true),
            ("?*", true),
            ("[a-z]*", true),
            ("*/*/*/*/*", false),
            ("github.com", false),
            ("*.corp.example.com", false),
            ("git.corp.example.com/team/*", false),
            ("*.com", false),
            ("[", false),
        ] {
            assert_eq!(matches_everything(pattern), wide, "{pattern}");
        }
        // path.Match itself.
        for (pattern, name, matched) in [
            ("*", "github.com", true),
            ("*", "github.com/x", false),
            ("*/*", "github.com/x", true),
            ("g?thub.com", "github.com", true),
            ("[^a-f]ithub.com", "github.com", true),
            ("[a-f]ithub.com", "github.com", false),
            ("\\*", "*", true),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXbYbZ", false),
            ("a*/b", "ax/b", true),
        ] {
            assert_eq!(glob(pattern, name), matched, "{pattern} {name}");
        }
        let f = find("GONOSUMDB='git.corp.example.com,*.*'", Key::PrivateTooWide);
        assert_eq!(
            (f.value("var"), f.value("pattern"), f.value("narrow")),
            (Some("GONOSUMDB"), Some("*.*"), Some("git.corp.example.com"))
        );
    }
}
