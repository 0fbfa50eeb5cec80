//! One run of measurements: latency of every source at once (the checksum database's rows
//! too, which get nothing more), then throughput tests one source at a time in one queue
//! (mirrors by latency, then module proxies), each under its table's time budget.
//!
//! A throughput test run beside another measures the source's share of the visitor's link, not
//! the source (DESIGN.md, "What a throughput figure means"), so only small requests overlap.
//! The order is the core's (`probe::next_test`), the figures the core's meter's
//! (`throughput.rs`); `probe` makes the requests; this module keeps the run's state in `App`
//! and touches the sources' part of the page whenever a row changes. A new run aborts every
//! request of the one before it.

use wasm_bindgen_futures::spawn_local;
use web_sys::AbortController;

use crate::probe::{next_test, Expected, Reason, Waiting};
use crate::rank::Status;
use crate::throughput::Outcome;

use super::probe::{latency, sleep, throughput};
use super::state::{gone_or_pending, App, Dirty, Run, Table};
use super::view::update;
use crate::probe::{Measured, Stage};

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

impl App {
    /// Measures every source that is not gone again, for the current selection.
    pub(crate) fn start_probes(&mut self) {
        let Some(targets) = self.probe_targets() else {
            return;
        };
        if let Some(old) = self.run.controller.take() {
            old.abort();
        }
        let Ok(controller) = AbortController::new() else {
            return;
        };
        let signal = controller.signal();
        self.probed = Some(targets.clone());
        self.run = Run {
            id: self.run.id + 1,
            started_ms: now(),
            controller: Some(controller),
            rest_until_ms: 0.0,
        };
        let run = self.run.id;
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            // Room for every probe's entries; old ones are of no use.
            p.clear_resource_timings();
            p.set_resource_timing_buffer_size(2000);
        }
        for table in Table::ALL {
            let (file, expected) = match table {
                Table::Mirrors => (
                    Some(targets.file().0.to_string()),
                    Expected::File(targets.file().1),
                ),
                // The toolchain zip's SHA-256 is in no official list and its size is unknown.
                Table::Proxies => (
                    targets.toolchain_zip().map(String::from),
                    Expected::File(None),
                ),
                // The checksum database's URLs are whole (no `{file}`); the same for any file.
                Table::Sumdb => (Some(String::new()), Expected::Text),
            };
            let deadline = self.deadline(table);
            let config = self.config.probe.clone();
            for row in self.rows_mut(table) {
                row.measured = gone_or_pending(&row.mirror);
                let Some(file) = &file else {
                    row.measured.status = Status::Gone;
                    row.measured.stage = Stage::Final;
                    continue;
                };
                if row.measured.stage == Stage::Final {
                    continue;
                }
                let id = row.mirror.id.clone();
                let url = row.mirror.url_for(file);
                let config = config.clone();
                let signal = signal.clone();
                spawn_local(async move {
                    let progress_id = id.clone();
                    let report = move |m: &Measured| {
                        update(|app| {
                            app.on_measured(run, table, &progress_id, m.clone());
                            Ok(())
                        });
                    };
                    let mut measured =
                        latency(&url, expected, &config, deadline, &signal, &report).await;
                    // No throughput test for the checksum database: a readable answer is final.
                    if table == Table::Sumdb && measured.stage == Stage::Queued {
                        measured.stage = Stage::Final;
                        measured.status = Status::Ok;
                    }
                    update(|app| {
                        app.on_measured(run, table, &id, measured);
                        app.start_next_test();
                        Ok(())
                    });
                });
            }
        }
        self.start_next_test();
        self.redraw();
    }

    /// When `table`'s run must be over (`performance.now()`).
    fn deadline(&self, table: Table) -> f64 {
        let budget = match table {
            // Latency only, so within the mirrors' budget.
            Table::Mirrors | Table::Sumdb => self.config.probe.mirror_budget_ms,
            Table::Proxies => self.config.probe.proxy_budget_ms,
        };
        self.run.started_ms + f64::from(budget)
    }

    /// A row's new figures, if they belong to the current run; redraws when its stage or
    /// figures changed.
    fn on_measured(&mut self, run: u32, table: Table, id: &str, measured: Measured) {
        if run != self.run.id {
            return;
        }
        if let Some(row) = self.rows_mut(table).iter_mut().find(|r| r.mirror.id == id) {
            if row.measured == measured {
                return;
            }
            row.measured = measured;
        }
        self.redraw();
    }

    /// Starts the next throughput test if none is running; gives up on the queued sources
    /// whose table's budget cannot fit a test any more.
    fn start_next_test(&mut self) {
        if now() < self.run.rest_until_ms {
            return;
        }
        loop {
            let rows = |table: Table| self.rows(table).iter();
            if Table::BOTH
                .iter()
                .any(|&t| rows(t).any(|r| r.measured.stage == Stage::Testing))
            {
                return;
            }
            let queued: Vec<(Table, usize)> = Table::BOTH
                .iter()
                .flat_map(|&t| {
                    rows(t)
                        .enumerate()
                        .filter(|(_, r)| r.measured.stage == Stage::Queued)
                        .map(move |(i, _)| (t, i))
                })
                .collect();
            let waiting: Vec<Waiting> = queued
                .iter()
                .map(|&(t, i)| Waiting {
                    proxy: t == Table::Proxies,
                    latency_ms: self.rows(t)[i].measured.latency_ms.unwrap_or(f64::MAX),
                })
                .collect();
            let mirrors_pending = rows(Table::Mirrors).any(|r| r.measured.stage == Stage::Latency);
            let Some(next) = next_test(&waiting, mirrors_pending) else {
                return;
            };
            let (table, index) = queued[next];
            let deadline = self.deadline(table);
            let room = deadline - now() >= f64::from(self.config.probe.min_test_ms);
            let run = self.run.id;
            let signal = self.run.controller.as_ref().map(|c| c.signal());
            let file = self.probed.as_ref().and_then(|t| match table {
                Table::Mirrors => Some(t.file().0.to_string()),
                Table::Proxies => t.toolchain_zip().map(String::from),
                Table::Sumdb => None,
            });
            let row = &mut self.rows_mut(table)[index];
            let (Some(signal), Some(file), true) = (signal, file, room) else {
                // The budget ran out before this source's turn: ranked by latency.
                row.measured.status = Status::Ok;
                row.measured.reason = Some(Reason::NotMeasured);
                row.measured.stage = Stage::Final;
                self.redraw();
                continue;
            };
            row.measured.stage = Stage::Testing;
            let id = row.mirror.id.clone();
            let url = row.mirror.url_for(&file);
            let config = self.config.probe.clone();
            spawn_local(async move {
                let (outcome, bytes) = throughput(&url, &config, deadline, &signal).await;
                let rest_ms = f64::from(config.rest_ms);
                update(|app| {
                    app.on_tested(run, table, &id, outcome, bytes);
                    app.run.rest_until_ms = now() + rest_ms;
                    Ok(())
                });
                sleep(rest_ms).await;
                update(|app| {
                    app.start_next_test();
                    Ok(())
                });
            });
            self.redraw();
            return;
        }
    }

    /// A throughput test ended: the row's final figures.
    fn on_tested(&mut self, run: u32, table: Table, id: &str, outcome: Outcome, bytes: u64) {
        if run != self.run.id {
            return;
        }
        let Some(row) = self.rows_mut(table).iter_mut().find(|r| r.mirror.id == id) else {
            return;
        };
        let m = &mut row.measured;
        m.bytes_used += bytes;
        m.stage = Stage::Final;
        m.status = Status::Ok;
        match outcome {
            Outcome::Rate { bps } => m.throughput_bps = Some(bps),
            Outcome::AtLeast { bps } => {
                m.throughput_bps = Some(bps);
                m.floor = true;
            }
            Outcome::TooShort => m.reason = Some(Reason::NotMeasured),
            Outcome::Stalled => {
                m.status = Status::Failed;
                m.reason = Some(Reason::Stalled);
            }
            Outcome::NoFirstByte => {
                m.status = Status::Timeout;
                m.reason = Some(Reason::Timeout);
            }
        }
        self.redraw();
    }

    fn redraw(&mut self) {
        self.touch(Dirty::SOURCES);
    }
}
