//! The browser layer in headless Chromium's main thread (`wasm-pack test --headless --chrome`).
#![cfg(target_arch = "wasm32")]

mod browser_common;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

browser_tests!();

/// What `JSON.parse` makes, read through serde (`serde_wasm_bindgen::Deserializer`): the same
/// catalog as natively, and messages that say where the shape is wrong.
mod parsed_json {
    use gomirror::catalog::Catalog;
    use gomirror::releases::Releases;
    use serde_wasm_bindgen::Deserializer;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn parse(text: &str) -> Deserializer {
        Deserializer::from(js_sys::JSON::parse(text).unwrap())
    }

    #[wasm_bindgen_test]
    fn reads_a_catalog() {
        let text = r#"{"checksum_sources": ["https://go.dev/dl/?mode=json&include=all"],
            "mirrors": [{"id": "a", "name": "A", "url": "https://a.example/{file}", "official": true,
                         "region": "cn", "note": null, "extra": [1, 2]}],
            "module_proxies": [{"id": "p", "name": "P", "url": "https://p.example/"}]}"#;
        let catalog = Catalog::read(parse(text)).unwrap();
        assert_eq!(catalog.mirrors[0].url, "https://a.example/{file}");
        assert!(catalog.mirrors[0].official);
        assert_eq!(catalog.mirrors[0].note, None);
        assert_eq!(catalog.module_proxies[0].region, "");
        assert_eq!(catalog.checksum_sources.len(), 1);
    }

    #[wasm_bindgen_test]
    fn names_what_is_wrong_in_a_catalog() {
        // Each row: a catalog and what the message says of it. (A catalog that is an array the
        // page's loader refuses before serde sees it: serde_wasm_bindgen reads any object as a
        // map, an array too.)
        for (text, words) in [
            ("5", "expected a catalog object"),
            (r#"{"mirrors": {}}"#, "expected a sequence"),
            (
                r#"{"mirrors": [{"id": "a", "name": "A", "url": 5}]}"#,
                "expected a string",
            ),
            (
                r#"{"mirrors": [{"id": "a", "name": "A"}]}"#,
                "missing field `url`",
            ),
            (
                r#"{"mirrors": [{"id": "a", "name": "A", "url": "https://a/{file}", "official": "yes"}]}"#,
                "expected a boolean",
            ),
        ] {
            let at = "catalog is not valid: ";
            let e = Catalog::read(parse(text)).unwrap_err().to_string();
            assert!(
                e.contains(at) && e.contains(words),
                "{text}: {e:?} should say {at:?} and {words:?}"
            );
        }
    }

    #[wasm_bindgen_test]
    fn installs_a_language_from_its_file() {
        use gomirror::i18n::{install, installed, lookup, text, Lang, Part};
        // In the wasm no table is built in: the page installs what main.js fetched.
        assert!(!installed(Lang::Zh, Part::Page));
        let e = install(
            Lang::Zh,
            Part::Page,
            parse(r#"{"title": "标题", "count": 5}"#),
        )
        .unwrap_err();
        assert!(e.to_string().contains("expected a string"), "{e}");
        assert!(install(Lang::Zh, Part::Page, parse(r#""title""#)).is_err());
        assert!(!installed(Lang::Zh, Part::Page));
        install(
            Lang::Zh,
            Part::Page,
            parse(r#"{"title": "标题", "tagline": "<b>不是标记</b>"}"#),
        )
        .unwrap();
        assert_eq!(text(Lang::Zh, "title"), "标题");
        assert_eq!(text(Lang::Zh, "tagline"), "<b>不是标记</b>");
        // Neither English nor this key: the key itself, and no lookup.
        assert_eq!(text(Lang::Zh, "no-such-key"), "no-such-key");
        assert_eq!(lookup(Lang::En, "title"), None);
        // A feature's part, installed on its first use, is looked up after the page's.
        assert!(!installed(Lang::Zh, Part::Paste));
        install(
            Lang::Zh,
            Part::Paste,
            parse(r#"{"paste-seen": "来自", "title": "不是这个"}"#),
        )
        .unwrap();
        assert_eq!(text(Lang::Zh, "paste-seen"), "来自");
        assert_eq!(text(Lang::Zh, "title"), "标题");
    }

    /// The paste's rules, as the page fetches them, read through serde_wasm_bindgen.
    #[wasm_bindgen_test]
    fn reads_the_paste_rules() {
        use gomirror::paste::{analyse, Rules};
        let rules = Rules::read(parse(include_str!("../www/data/paste.json"))).unwrap();
        let analysis = analyse(&rules, "curl: (6) Could not resolve host: dl.google.com");
        assert_eq!(analysis.keys(), ["dns"]);
        let e = Rules::read(parse(r#"{"signs": [["dnss"]], "commands": []}"#)).unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"paste rules: signs[0] "dnss": no such sign"#
        );
    }

    #[wasm_bindgen_test]
    fn reads_a_release_list_and_refuses_a_bad_kind() {
        let file = |kind: &str| {
            format!(
                r#"[{{"version": "go1.22.0", "stable": true, "files": [{{"filename": "go1.22.0.linux-amd64.tar.gz",
                "os": "linux", "arch": "amd64", "version": "go1.22.0",
                "sha256": "f6c8a87aa03b92c4b0bf3d558e28ea03006eb29db78917daec5cfb6ec1046265",
                "size": 68988925, "kind": "{kind}"}}]}}]"#
            )
        };
        let list = Releases::read(parse(&file("archive"))).unwrap();
        let found = list.by_name("go1.22.0.linux-amd64.tar.gz").unwrap();
        assert_eq!(found.size_bytes, Some(68_988_925));
        let e = Releases::read(parse(&file("virus")))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("unknown variant `virus`, expected one of `archive`"),
            "{e}"
        );
        let e = Releases::read(parse(r#"{"version": "go1.22.0"}"#))
            .unwrap_err()
            .to_string();
        assert!(e.contains("expected a sequence"), "{e}");
    }
}
