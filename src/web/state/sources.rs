//! The page's tables of sources as state: the rows of a catalog (its mirrors and the
//! visitor's own, its module proxies, the checksum database's hosts and the proxies'
//! `supported`), what each row has measured, and the download the core's ranking chooses from
//! them. Drawing them is `view::tables`'; measuring them is `measure`'s.

use super::*;

/// Where official files are when nothing else works (DESIGN.md: `#recommended` still links it).
pub(crate) const OFFICIAL_DOWNLOAD: &str = "https://go.dev/dl/";

/// The tables of sources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Table {
    /// Download mirrors of the official files (`#mirror-table`).
    Mirrors,
    /// Module proxies serving toolchain zips (`#proxy-table`).
    Proxies,
    /// Hosts of the checksum database and the proxies' `supported` (`#sumdb-table`): latency
    /// only, drawn by `sumdb`.
    Sumdb,
}

impl Table {
    /// The tables whose sources get a throughput test, sortable and charted.
    pub(crate) const BOTH: [Table; 2] = [Table::Mirrors, Table::Proxies];
    /// Every table a run measures.
    pub(crate) const ALL: [Table; 3] = [Table::Mirrors, Table::Proxies, Table::Sumdb];

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    pub(crate) fn table_id(self) -> &'static str {
        match self {
            Table::Mirrors => "mirror-table",
            Table::Proxies => "proxy-table",
            Table::Sumdb => "sumdb-table",
        }
    }

    pub(crate) fn rows_id(self) -> &'static str {
        match self {
            Table::Mirrors => "mirror-rows",
            Table::Proxies => "proxy-rows",
            Table::Sumdb => "sumdb-rows",
        }
    }

    pub(crate) fn id_attribute(self) -> &'static str {
        match self {
            Table::Mirrors => "data-mirror-id",
            Table::Proxies => "data-proxy-id",
            Table::Sumdb => "data-sumdb-id",
        }
    }
}

/// One row of a table.
#[derive(Clone, Debug)]
pub(crate) struct MirrorRow {
    pub(crate) mirror: Mirror,
    /// Added by the visitor.
    pub(crate) custom: bool,
    pub(crate) measured: Measured,
}

/// The rows for a catalog: its mirrors followed by the visitor's own kept in this browser, its
/// module proxies, and the checksum database's rows (`sumdb::rows`).
pub(crate) fn rows(catalog: &Catalog, custom: Vec<String>) -> [Vec<MirrorRow>; 3] {
    let row = |mirror: Mirror| MirrorRow {
        measured: gone_or_pending(&mirror),
        mirror,
        custom: false,
    };
    let mut mirrors: Vec<MirrorRow> = catalog.mirrors.iter().cloned().map(row).collect();
    for (i, url) in custom.into_iter().enumerate() {
        mirrors.push(custom_row(i, url));
    }
    let proxies = catalog
        .module_proxies
        .iter()
        .map(|p| row(p.as_mirror()))
        .collect();
    [mirrors, proxies, sumdb_rows(catalog)]
}

/// A row's state before its run: `gone` (never probed) when the catalog says so.
pub(crate) fn gone_or_pending(m: &Mirror) -> Measured {
    match m.gone {
        Some(_) => Measured {
            status: Status::Gone,
            stage: ProbeStage::Final,
            ..Measured::default()
        },
        None => Measured::default(),
    }
}

pub(crate) fn custom_row(index: usize, url: String) -> MirrorRow {
    let host = url.split("://").nth(1).unwrap_or(&url);
    let name = host.split('/').next().unwrap_or(host).to_string();
    MirrorRow {
        mirror: Mirror {
            id: format!("custom-{}", index + 1),
            name,
            url,
            official: false,
            region: String::new(),
            gone: None,
            note: None,
            zh: Default::default(),
        },
        custom: true,
        measured: Measured::default(),
    }
}

/// What the probes of one run fetch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Targets {
    /// The recommended official file and its official size.
    file: String,
    size_bytes: Option<u64>,
    /// The toolchain release and zip the proxies serve, when there is one.
    toolchain: Option<(String, String)>,
}

impl Targets {
    /// The recommended official file and its official size.
    pub(crate) fn file(&self) -> (&str, Option<u64>) {
        (&self.file, self.size_bytes)
    }

    /// The toolchain release and zip the proxies serve, when there is one.
    pub(crate) fn toolchain(&self) -> Option<&(String, String)> {
        self.toolchain.as_ref()
    }

    /// The toolchain zip the proxies serve, when there is one.
    pub(crate) fn toolchain_zip(&self) -> Option<&str> {
        self.toolchain.as_ref().map(|(_, zip)| zip.as_str())
    }
}

impl App {
    /// What the probes fetch for the current selection.
    pub(crate) fn probe_targets(&self) -> Option<Targets> {
        let selection = effective_selection(self);
        let releases = self.list.releases()?;
        let file = releases.pick(&selection)?;
        // The toolchain of the chosen file's platform; a source file has none of its own.
        let (os, arch) = if file.os.is_empty() {
            (selection.os.as_str(), selection.arch.as_str())
        } else {
            (file.os.as_str(), file.arch.as_str())
        };
        let zip = |version: &str| {
            toolchain::module_file(version, os, arch).map(|z| (version.to_string(), z))
        };
        // Releases before Go 1.21 exist as no module: the newest stable one does.
        let toolchain = zip(&file.version).or_else(|| {
            let newest = releases.releases().iter().find(|r| r.stable)?;
            zip(&newest.version)
        });
        Some(Targets {
            file: file.filename.clone(),
            size_bytes: file.size_bytes,
            toolchain,
        })
    }

    pub(crate) fn rows_mut(&mut self, table: Table) -> &mut Vec<MirrorRow> {
        match table {
            Table::Mirrors => &mut self.mirrors,
            Table::Proxies => &mut self.proxies,
            Table::Sumdb => &mut self.sumdb,
        }
    }

    pub(crate) fn rows(&self, table: Table) -> &[MirrorRow] {
        match table {
            Table::Mirrors => &self.mirrors,
            Table::Proxies => &self.proxies,
            Table::Sumdb => &self.sumdb,
        }
    }
}

pub(crate) fn figures(lang: Lang, rows: &[MirrorRow]) -> Vec<Figures> {
    rows.iter()
        .map(|r| Figures {
            id: r.mirror.id.clone(),
            name: r.mirror.name_in(lang).to_string(),
            official: r.mirror.official,
            status: r.measured.status,
            latency_ms: r.measured.latency_ms,
            throughput_bps: r.measured.throughput_bps,
            throughput_floor: r.measured.floor,
        })
        .collect()
}

/// The recommended download of `file`.
pub(crate) struct Chosen<'a> {
    /// The mirror's row; `None` when nothing works and go.dev is linked anyway.
    pub(crate) row: Option<&'a MirrorRow>,
    pub(crate) why: RankWhy,
    pub(crate) href: String,
    pub(crate) id: String,
    pub(crate) name: String,
}

/// The mirror to download `file` from, by the core's rule.
pub(crate) fn chosen<'a>(app: &'a App, file: &str) -> Chosen<'a> {
    let Recommendation { mirror_id, why } = recommend(&figures(app.lang, &app.mirrors));
    let row = mirror_id
        .as_ref()
        .and_then(|id| app.mirrors.iter().find(|r| &r.mirror.id == id));
    let (href, id, name) = match row {
        Some(r) => (
            r.mirror.url_for(file),
            r.mirror.id.clone(),
            r.mirror.name_in(app.lang).to_string(),
        ),
        None => (
            format!("{OFFICIAL_DOWNLOAD}{file}"),
            "go-dev".to_string(),
            "go.dev".to_string(),
        ),
    };
    Chosen {
        row,
        why,
        href,
        id,
        name,
    }
}

/// The rows' id prefix for a module proxy's `supported` (DESIGN.md: `proxy-ID`).
pub(crate) const PROXY_PREFIX: &str = "proxy-";

/// The database hosts of the catalog, then one row per module proxy; each row's URL is the
/// whole URL probed.
pub(crate) fn sumdb_rows(catalog: &Catalog) -> Vec<MirrorRow> {
    let row = |mirror: Mirror| MirrorRow {
        mirror,
        custom: false,
        measured: Measured::default(),
    };
    let databases = catalog.checksum_databases.iter().map(|d| Mirror {
        id: d.id.clone(),
        name: d.name.clone(),
        url: d.latest_url(),
        official: true,
        region: String::new(),
        gone: None,
        note: None,
        zh: Default::default(),
    });
    let proxies = catalog.module_proxies.iter().map(|p| Mirror {
        id: format!("{PROXY_PREFIX}{}", p.id),
        url: format!("{}{SUMDB_SUPPORTED}", p.url),
        note: None,
        ..p.as_mirror()
    });
    databases.chain(proxies).map(row).collect()
}
