//! The browser layer in headless Chromium's main thread (`wasm-pack test --headless --chrome`).
#![cfg(target_arch = "wasm32")]

mod browser_common;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

browser_tests!();

/// What `JSON.parse` makes, read through `reader::Node` for `JsValue`: the same catalog and the
/// same messages as the native reader (`serde_json::Value`) gives.
mod parsed_json {
    use gomirror::catalog::Catalog;
    use gomirror::releases::Releases;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn parse(text: &str) -> wasm_bindgen::JsValue {
        js_sys::JSON::parse(text).unwrap()
    }

    #[wasm_bindgen_test]
    fn reads_a_catalog() {
        let text = r#"{"checksum_sources": ["https://go.dev/dl/?mode=json&include=all"],
            "mirrors": [{"id": "a", "name": "A", "url": "https://a.example/{file}", "official": true,
                         "region": "cn", "note": null, "extra": [1, 2]}],
            "module_proxies": [{"id": "p", "name": "P", "url": "https://p.example/"}]}"#;
        let catalog = Catalog::from_node(&parse(text)).unwrap();
        assert_eq!(catalog.mirrors[0].url, "https://a.example/{file}");
        assert!(catalog.mirrors[0].official);
        assert_eq!(catalog.mirrors[0].note, None);
        assert_eq!(catalog.module_proxies[0].region, "");
        assert_eq!(catalog.checksum_sources.len(), 1);
    }

    #[wasm_bindgen_test]
    fn names_what_is_wrong_in_a_catalog() {
        for (text, words) in [
            ("[]", "the top level: expected an object, found an array"),
            (
                r#"{"mirrors": {}}"#,
                "mirrors: expected an array, found an object",
            ),
            (
                r#"{"mirrors": [{"id": "a", "name": "A", "url": 5}]}"#,
                "mirrors[0].url: expected a string, found a number",
            ),
            (
                r#"{"mirrors": [{"id": "a", "name": "A"}]}"#,
                "mirrors[0].url: missing",
            ),
            (
                r#"{"mirrors": [{"id": "a", "name": "A", "url": "https://a/{file}", "official": "yes"}]}"#,
                "mirrors[0].official: expected true or false, found a string",
            ),
        ] {
            let e = Catalog::from_node(&parse(text)).unwrap_err().to_string();
            assert!(e.contains(words), "{text}: {e:?} should contain {words:?}");
        }
    }

    #[wasm_bindgen_test]
    fn installs_a_language_from_its_file() {
        use gomirror::i18n::{install, installed, lookup, text, Lang};
        // In the wasm no table is built in: the page installs what main.js fetched.
        assert!(!installed(Lang::Zh));
        let e = install(Lang::Zh, &parse(r#"{"title": "标题", "count": 5}"#)).unwrap_err();
        assert!(
            e.to_string()
                .contains("count: expected a string, found a number"),
            "{e}"
        );
        assert!(install(Lang::Zh, &parse(r#"["title"]"#)).is_err());
        assert!(!installed(Lang::Zh));
        install(
            Lang::Zh,
            &parse(r#"{"title": "标题", "tagline": "<b>不是标记</b>"}"#),
        )
        .unwrap();
        assert_eq!(text(Lang::Zh, "title"), "标题");
        assert_eq!(text(Lang::Zh, "tagline"), "<b>不是标记</b>");
        // Neither English nor this key: the key itself, and no lookup.
        assert_eq!(text(Lang::Zh, "no-such-key"), "no-such-key");
        assert_eq!(lookup(Lang::En, "title"), None);
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
        let list = Releases::from_node(&parse(&file("archive"))).unwrap();
        let found = list.by_name("go1.22.0.linux-amd64.tar.gz").unwrap();
        assert_eq!(found.size_bytes, Some(68_988_925));
        let e = Releases::from_node(&parse(&file("virus")))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(r#"releases[0].files[0].kind: "virus" is not one of archive"#),
            "{e}"
        );
        let e = Releases::from_node(&parse(r#"{"version": "go1.22.0"}"#))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("releases: expected an array, found an object"),
            "{e}"
        );
    }
}
