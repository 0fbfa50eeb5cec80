//! `rank --link`: the report as a link to the page (being written).

use crate::report::Report;

use super::Failure;

/// The page's URL `site` with the report in its fragment (`#r=`, DESIGN.md's encoding).
///
/// # Errors
///
/// A report that breaks the link's limits, or a site that is no http(s) URL (exit 1).
pub fn url_for(report: &Report, site: &str) -> Result<String, Failure> {
    let _ = (report, site);
    Err(Failure::input("report links are being written"))
}
