//! The commands that download a file and check it, for each OS the page speaks to.
//!
//! Pure text: templates are one table, filled with a URL, a file name and a checksum that the
//! catalog and the release list have already validated (no quotes, spaces or shell
//! metacharacters can reach here); values are single-quoted all the same. Showing them is the
//! browser layer's business.

/// Each row: OS (`data-os`), then the command template; `{url}`, `{file}`, `{sha256}`.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "linux",
        "curl -fLO '{url}'\necho '{sha256}  {file}' | sha256sum -c -\n# without curl: wget '{url}'",
    ),
    (
        "darwin",
        "curl -fLO '{url}'\necho '{sha256}  {file}' | shasum -a 256 -c -",
    ),
    (
        "windows",
        "Invoke-WebRequest -Uri '{url}' -OutFile '{file}'\n\
         if ((Get-FileHash '{file}' -Algorithm SHA256).Hash -eq '{sha256}') { 'OK' } else { 'MISMATCH' }",
    ),
];

/// The OSes commands exist for, in the page's order.
pub fn oses() -> impl Iterator<Item = &'static str> {
    TEMPLATES.iter().map(|(os, _)| *os)
}

/// The commands for `os` that download `url` as `file` and check it against `sha256`.
pub fn download_and_check(os: &str, url: &str, file: &str, sha256: &str) -> Option<String> {
    let (_, template) = TEMPLATES.iter().find(|(o, _)| *o == os)?;
    Some(
        template
            .replace("{url}", url)
            .replace("{file}", file)
            .replace("{sha256}", sha256),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://mirrors.aliyun.com/golang/go1.22.0.linux-amd64.tar.gz";
    const FILE: &str = "go1.22.0.linux-amd64.tar.gz";
    const SHA: &str = "f6c8a87aa03b92c4b0bf3d558e28ea03006eb29db78917daec5cfb6ec1046265";

    #[test]
    fn each_os_downloads_and_checks() {
        assert_eq!(oses().collect::<Vec<_>>(), ["linux", "darwin", "windows"]);
        let linux = download_and_check("linux", URL, FILE, SHA).unwrap();
        assert_eq!(
            linux.lines().take(2).collect::<Vec<_>>(),
            [
                format!("curl -fLO '{URL}'"),
                format!("echo '{SHA}  {FILE}' | sha256sum -c -")
            ]
        );
        let mac = download_and_check("darwin", URL, FILE, SHA).unwrap();
        assert!(mac.contains("shasum -a 256 -c -"));
        let windows = download_and_check("windows", URL, FILE, SHA).unwrap();
        assert!(windows.contains(&format!("Get-FileHash '{FILE}' -Algorithm SHA256")));
        assert!(windows.contains(&format!("-eq '{SHA}'")));
        assert!(!windows.contains('{') || windows.contains("{ 'OK' }"));
        assert_eq!(download_and_check("plan9", URL, FILE, SHA), None);
    }
}
