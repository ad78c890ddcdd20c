//! The HTML report in a real browser: headless Chromium driven through
//! chromedriver's WebDriver protocol (plain HTTP on localhost, so a blocking
//! client is enough and no async runtime is needed).
//!
//! Ignored by default so that `cargo test` passes on a machine without a
//! browser; CI installs Debian's `chromium` and `chromium-driver` and runs it
//! with `cargo test --test browser -- --ignored`. Without them it fails,
//! saying what to install. `CHROMEDRIVER` and `CHROMIUM` override the paths.
//! The screenshot lands in `target/browser/report.png`.

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};

/// The first of `names` found as a file, on `PATH` or as given in `var`.
fn find(var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(var) {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// chromedriver, ended when dropped.
struct Driver {
    child: Child,
    base: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start(binary: &Path) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free local port")
            .port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let driver = Driver {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while ureq::get(&format!("{}/status", driver.base))
            .call()
            .is_err()
        {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer within 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }

    fn send(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let response = match body {
            Some(body) => ureq::post(&url)
                .config()
                .http_status_as_error(false)
                .build()
                .send_json(body),
            None if method == "DELETE" => ureq::delete(&url)
                .config()
                .http_status_as_error(false)
                .build()
                .call(),
            None => ureq::get(&url)
                .config()
                .http_status_as_error(false)
                .build()
                .call(),
        };
        let mut response = response.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status();
        let value: Value = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_json()
            .unwrap_or_else(|e| panic!("{method} {path}: not JSON: {e}"));
        assert!(status.is_success(), "{method} {path}: {status}: {value}");
        value["value"].clone()
    }
}

/// A browser session, deleted when dropped.
struct Session<'a> {
    driver: &'a Driver,
    id: String,
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        self.driver
            .send("DELETE", &format!("/session/{}", self.id), None);
    }
}

impl Session<'_> {
    fn path(&self, tail: &str) -> String {
        format!("/session/{}{tail}", self.id)
    }

    fn script(&self, script: &str) -> Value {
        self.driver.send(
            "POST",
            &self.path("/execute/sync"),
            Some(json!({"script": script, "args": []})),
        )
    }

    fn count(&self, selector: &str) -> u64 {
        self.script(&format!(
            "return document.querySelectorAll({}).length;",
            json!(selector)
        ))
        .as_u64()
        .unwrap()
    }

    /// Console messages at level SEVERE since the last call.
    fn console_errors(&self) -> Vec<String> {
        let log = self.driver.send(
            "POST",
            &self.path("/se/log"),
            Some(json!({"type": "browser"})),
        );
        log.as_array()
            .expect("a log")
            .iter()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].to_string())
            .collect()
    }
}

#[test]
#[ignore = "needs Chromium and chromedriver: cargo test --test browser -- --ignored"]
fn report_renders_in_chromium() {
    let (Some(chromedriver), Some(chromium)) = (
        find("CHROMEDRIVER", &["chromedriver"]),
        find(
            "CHROMIUM",
            &["chromium", "chromium-browser", "google-chrome"],
        ),
    ) else {
        panic!("the browser test needs Chromium and chromedriver: `apt-get install chromium chromium-driver` (Debian), or set CHROMIUM and CHROMEDRIVER to their paths");
    };

    let out_dir = common::root().join("target/browser");
    std::fs::create_dir_all(&out_dir).unwrap();
    let page = out_dir.join("report.html");
    let out = common::wirebench(&["run", "--quiet", "--html", page.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let driver = Driver::start(&chromedriver);
    let created = driver.send(
        "POST",
        "/session",
        Some(json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1100,820"]
            },
            "goog:loggingPrefs": {"browser": "ALL"}
        }}})),
    );
    let session = Session {
        driver: &driver,
        id: created["sessionId"]
            .as_str()
            .expect("a session id")
            .to_owned(),
    };
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    driver.send("POST", &session.path("/url"), Some(json!({ "url": url })));

    // Scoreboard: one row per extractor, three layers; sortable.
    assert_eq!(session.count("#scoreboard table.scores"), 3);
    assert_eq!(session.count("#scoreboard table.scores tbody tr"), 6);
    let first_by_f1 = session.script(
        "const t = document.querySelector('table.scores[data-layer=entities]');
         const th = t.querySelectorAll('thead th')[3]; th.click(); th.click();
         return t.tBodies[0].rows[0].cells[0].textContent;",
    );
    assert_eq!(
        first_by_f1, "entities/gazetteer",
        "sorted by F1, descending"
    );
    assert!(session.count("#labels table tbody tr") >= 11 + 7);
    assert!(session.count("#confusion td.diag") > 0);

    // Chart: a panel per layer, a point and a label per extractor.
    assert_eq!(session.count("svg.chart"), 3);
    assert_eq!(session.count("svg.chart g.point circle"), 6);
    assert_eq!(session.count("svg.chart g.point text.label"), 6);

    // Documents: listed worst first, one drawn with its spans marked.
    assert_eq!(
        session.count("#doc-list button"),
        common::root()
            .join("corpus")
            .read_dir()
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "txt"))
            .count() as u64
    );
    let ordered = session.script(
        "const f = Array.from(document.querySelectorAll('#doc-list .f1')).map(s => parseFloat(s.textContent)).filter(x => !isNaN(x));
         return f.every((x, i) => i === 0 || f[i - 1] <= x);",
    );
    assert_eq!(ordered, true, "documents worst first");
    assert_eq!(session.count("#doc-view .pane"), 1);
    assert!(session.count("#doc-view .pane .text .m") > 0);
    assert!(session.count("#doc-view .pane .text .tag") > 0);
    assert!(session.count("#legend li") >= 6);

    // Switch to the quote extractor: quotes drawn, a quote lights its speaker.
    let name = session.script(
        "const s = document.getElementById('run');
         const o = Array.from(s.options).find(o => o.textContent === 'quotes/attributed');
         s.value = o.value; s.dispatchEvent(new Event('change'));
         return document.querySelector('#doc-view .pane h3').textContent;",
    );
    assert!(
        name.as_str().unwrap().starts_with("quotes/attributed"),
        "{name}"
    );
    let quoted = session.script(
        "const buttons = Array.from(document.querySelectorAll('#doc-list button'));
         for (const b of buttons) {
           b.click();
           const q = document.querySelector('#doc-view .m.L-quotes[data-speaker]');
           if (!q) continue;
           q.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
           return document.querySelectorAll('#doc-view .m.hl').length;
         }
         return -1;",
    );
    assert!(
        quoted.as_i64().unwrap() > 0,
        "hovering a quote lights up its speaker's mentions ({quoted})"
    );
    assert!(session.count("#doc-view .m.L-quotes") > 0);
    assert_eq!(session.count("#doc-view .m.L-entities:not(.spk)"), 0);

    // Nothing was fetched, nothing went wrong.
    assert_eq!(
        session.script("return performance.getEntriesByType('resource').length;"),
        0
    );
    let errors = session.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");

    // A screenshot of an entity extractor's errors on one document.
    session.script(
        "const s = document.getElementById('run');
         s.value = Array.from(s.options).find(o => o.textContent === 'entities/gazetteer').value;
         s.dispatchEvent(new Event('change'));
         const all = Array.from(document.querySelectorAll('#doc-list button'));
         const b = all.find(x => x.textContent.startsWith('wb-2026-01-20-tefe-river-dolphins')) || all[12];
         b.click();
         b.scrollIntoView({block: 'center'});
         document.getElementById('legend').open = false;
         document.getElementById('controls').scrollIntoView();
         window.scrollBy(0, -70);
         return null;",
    );
    let png = session
        .driver
        .send("GET", &session.path("/screenshot"), None);
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(png.as_str().unwrap())
        .unwrap();
    assert!(bytes.starts_with(b"\x89PNG"));
    std::fs::write(out_dir.join("report.png"), bytes).unwrap();

    // A comparison: base and candidate side by side, errors fixed and new marked.
    let compared = out_dir.join("compare.html");
    let out = common::wirebench(&[
        "compare",
        "--extractor",
        "numbers/digits",
        "--extractor",
        "numbers/normalized",
        "--html",
        compared.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let url = format!("file://{}", compared.canonicalize().unwrap().display());
    driver.send("POST", &session.path("/url"), Some(json!({ "url": url })));
    assert!(session.count("#comparison tbody tr") >= 1);
    assert_eq!(session.count("#doc-view .pane"), 2);
    let marked = session.script(
        "let fixed = 0, added = 0;
         for (const b of document.querySelectorAll('#doc-list button')) {
           b.click();
           fixed += document.querySelectorAll('#doc-view .pane:first-child .tag.fixed').length;
           added += document.querySelectorAll('#doc-view .pane:last-child .tag.new').length;
         }
         return [fixed, added];",
    );
    assert!(
        marked[0].as_u64().unwrap() > 0 && marked[1].as_u64().unwrap() > 0,
        "errors fixed and introduced are marked: {marked}"
    );
    let errors = session.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}
