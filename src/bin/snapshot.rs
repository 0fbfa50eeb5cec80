//! Writes the page's offline snapshot of the official checksum list: `www/data/releases.json`
//! (go.dev's schema, validated by the same code the page uses), `www/data/releases-current.json`
//! (the releases go.dev's small `?mode=json` list holds, chosen by the core's
//! `current_versions`, entries copied unchanged) and `www/data/snapshot.json`
//! (`{"generated", "source"}`).
//!
//! Usage: `snapshot INPUT SOURCE OUT_DIR [DATE]` — INPUT is a file holding the list (the
//! download step, `scripts/snapshot.sh`, fetches it from go.dev); SOURCE is where it came
//! from; DATE (YYYY-MM-DD) defaults to today (UTC).

// The snapshot is written on the build machine; the wasm32 build (of the page's crate, with
// every target) has no use for it and no JSON writer.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::process::ExitCode;
    use std::time::{SystemTime, UNIX_EPOCH};

    use gomirror::releases::{current_versions, Releases};

    pub(crate) fn main() -> ExitCode {
        match run(std::env::args().skip(1).collect()) {
            Ok(summary) => {
                println!("{summary}");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("snapshot: {message}");
                ExitCode::FAILURE
            }
        }
    }

    fn run(args: Vec<String>) -> Result<String, String> {
        let [input, source, out_dir, rest @ ..] = args.as_slice() else {
            return Err("usage: snapshot INPUT SOURCE OUT_DIR [DATE]".into());
        };
        let text = std::fs::read_to_string(input).map_err(|e| format!("{input}: {e}"))?;
        let releases = Releases::parse(&text).map_err(|e| format!("{input}: {e}"))?;
        let date = match rest.first() {
            Some(d) => d.clone(),
            None => today(),
        };
        let meta = serde_json::json!({ "generated": date, "source": source });
        let out = std::path::Path::new(out_dir);
        std::fs::write(
            out.join("releases.json"),
            text.trim_end().to_string() + "\n",
        )
        .map_err(|e| format!("{out_dir}/releases.json: {e}"))?;
        let current = current_of(&text).map_err(|e| format!("{input}: {e}"))?;
        let current_text = serde_json::to_string(&current).map_err(|e| e.to_string())? + "\n";
        // The page reads it with the same parser: never write a small list it would refuse.
        Releases::parse(&current_text).map_err(|e| format!("releases-current.json: {e}"))?;
        std::fs::write(out.join("releases-current.json"), current_text)
            .map_err(|e| format!("{out_dir}/releases-current.json: {e}"))?;
        let meta = serde_json::to_string_pretty(&meta).map_err(|e| e.to_string())? + "\n";
        std::fs::write(out.join("snapshot.json"), meta)
            .map_err(|e| format!("{out_dir}/snapshot.json: {e}"))?;
        Ok(format!(
            "snapshot: {} releases, {} files, dated {date}, from {source}; current: {}",
            releases.releases().len(),
            releases.file_count(),
            current
                .iter()
                .filter_map(|r| r.get("version")?.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }

    /// The whole list's entries for the current releases, in its order and unchanged (every
    /// field go.dev wrote, not only those the page reads).
    fn current_of(text: &str) -> Result<Vec<serde_json::Value>, String> {
        let all: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let versions: Vec<(&str, bool)> = all
            .iter()
            .filter_map(|r| {
                let version = r.get("version")?.as_str()?;
                let stable = r.get("stable").and_then(|s| s.as_bool()).unwrap_or(false);
                Some((version, stable))
            })
            .collect();
        let current: Vec<String> = current_versions(versions)
            .into_iter()
            .map(String::from)
            .collect();
        Ok(all
            .into_iter()
            .filter(|r| {
                r.get("version")
                    .and_then(|v| v.as_str())
                    .is_some_and(|v| current.iter().any(|c| c == v))
            })
            .collect())
    }

    /// Today's date in UTC as YYYY-MM-DD (civil-from-days, Howard Hinnant's algorithm).
    fn today() -> String {
        let days = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() / 86_400)
            .unwrap_or(0) as i64;
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        format!("{y:04}-{m:02}-{d:02}")
    }
}
