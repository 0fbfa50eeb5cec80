//! When the whole file does not verify: each source's ranges are fetched again from a referee
//! (the official host, else two other sources that agree) and a source whose bytes differ is
//! dropped, its ranges replaced. The judgement is the core's (`plan::check_range`).

use std::sync::atomic::AtomicBool;

use crate::checksum::Digest;
use crate::plan::{self, check_range, Fault, Piece, RangeCheck};
use crate::probe::Reason;

use crate::cli::http::Client;
use crate::cli::shell::Shell;
use crate::cli::{part, Failure};

use super::connection::fetch_piece;
use super::engine::{write_at, Engine};
use super::{words, Source};

impl Engine {
    /// The whole file did not verify: each source's ranges are fetched again from the
    /// official host where it answers, else from two other sources that agree; a source
    /// whose bytes differ is dropped as `different-bytes`, its ranges replaced with the
    /// referee's. Returns the ids of those sources.
    pub(super) fn attribute(
        &mut self,
        client: &Client,
        shell: &Shell,
    ) -> Result<Vec<String>, Failure> {
        let done = self.lock().done();
        let mut culprits: Vec<String> = Vec::new();
        let mut fixes: Vec<(u64, Vec<u8>, String)> = Vec::new();
        for d in &done {
            if culprits.contains(&d.source) {
                continue;
            }
            let mut at = d.start;
            while at < d.end {
                let end = d.end.min(at + plan::MAX_PIECE_BYTES);
                let piece = Piece {
                    id: u64::MAX,
                    start: at,
                    end,
                };
                let mut disk = vec![0u8; (end - at) as usize];
                part::read_exact_at(&self.part.file, &mut disk, at).map_err(|e| {
                    Failure::input(words(
                        "cli-get-read-error",
                        &[
                            ("path", &self.part.path.display().to_string()),
                            ("error", &e.to_string()),
                        ],
                    ))
                })?;
                let disk_digest = Digest::of(&disk);
                let (check, referee) = self.referee(client, &d.source, piece, &disk_digest);
                match check {
                    RangeCheck::Differs => {
                        if let Some((id, bytes)) = referee {
                            fixes.push((at, bytes, id));
                        }
                        culprits.push(d.source.clone());
                        break;
                    }
                    RangeCheck::Agrees | RangeCheck::Undecided => {}
                }
                at = end;
            }
        }
        if culprits.is_empty() {
            return Ok(culprits);
        }
        for id in &culprits {
            shell.warn(&words("cli-get-different", &[("id", id)]));
            let mut plan = self.lock();
            plan.forget(id);
            if let Some(index) = self.sources.iter().position(|s| &s.id == id) {
                plan.drop_source(index);
            }
            drop(plan);
            self.faults
                .insert(id.clone(), Fault::Reason(Reason::DifferentBytes));
        }
        for (at, bytes, id) in fixes {
            let end = at + bytes.len() as u64;
            let new = self.lock().add_done(at, end, &id);
            for (a, b) in new {
                write_at(&self.part, &bytes[(a - at) as usize..(b - at) as usize], a)?;
            }
        }
        self.restart_hash();
        Ok(culprits)
    }

    /// Judges `piece` as on disk (`disk`, from `owner`) against a referee: the official host
    /// among the sources where it answers, else two other sources that agree. Returns the
    /// judgement and the referee's bytes.
    pub(super) fn referee(
        &self,
        client: &Client,
        owner: &str,
        piece: Piece,
        disk: &Digest,
    ) -> (RangeCheck, Option<(String, Vec<u8>)>) {
        let alive: Vec<&Source> = {
            let plan = self.lock();
            self.sources
                .iter()
                .enumerate()
                .filter(|(i, s)| plan.is_alive(*i) && s.id != owner)
                .map(|(_, s)| s)
                .collect()
        };
        let never = AtomicBool::new(false);
        let fetch =
            |s: &Source| fetch_piece(client, &s.url, piece, self.size, &never, &|_| true).ok();
        for s in alive.iter().filter(|s| s.official) {
            if let Some(bytes) = fetch(s) {
                let check = check_range(disk, Some(&Digest::of(&bytes)), &[]);
                return (check, Some((s.id.clone(), bytes)));
            }
        }
        let mut others: Vec<(String, Vec<u8>)> = Vec::new();
        for s in &alive {
            if let Some(bytes) = fetch(s) {
                others.push((s.id.clone(), bytes));
                if others.len() == 2 {
                    break;
                }
            }
        }
        let digests: Vec<Digest> = others.iter().map(|(_, b)| Digest::of(b)).collect();
        let check = check_range(disk, None, &digests);
        (check, others.into_iter().next())
    }
}
