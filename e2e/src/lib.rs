//! A harness for end-to-end tests of the built site: the Graph emulator serving `dist/`
//! in-process, and headless Chromium driven over WebDriver (chromedriver + fantoccini).
//! Tests read as a story: `open`, `type_into`, `click`, `see_text`, then the journal.

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use graph_emulator::{seed, Emulator, JournalEntry, Options};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::process::{Child, Command};
use tokio::sync::{Mutex, MutexGuard};

/// One browser at a time: the machine has two cores.
static SERIAL: Mutex<()> = Mutex::const_new(());

/// The token the demo config hands the site.
pub const TOKEN: &str = "e2e-token";

/// The built site, from `trunk build --release`.
pub fn dist() -> PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist");
    assert!(dist.join("index.html").exists(), "no dist/: run `trunk build --release` first (scripts/test.sh does)");
    dist
}

/// Where e2e artifacts (screenshots) go.
pub fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A pretty-printed policy payload of about `bytes` bytes, for benchmarks and profiles: one
/// section of settings, each a small object, then `"last": true`.
pub fn big_payload(bytes: usize) -> String {
    let mut text = String::from("{\n  \"settings\": {\n");
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&format!(
            "    \"setting{i:07}\": {{\"value\": \"enabled\", \"scope\": \"user\", \"note\": \"benchmark\"}},\n"
        ));
        i += 1;
    }
    text.push_str("    \"last\": true\n  }\n}");
    text
}

/// A running emulator + site + browser.
pub struct Site {
    pub emulator: Emulator,
    pub url: String,
    pub browser: Client,
    /// What the browser wrote to its console (and its own log lines).
    pub console_log: PathBuf,
    /// This site's deployment folder.
    pub site_dir: PathBuf,
    _driver: Child,
    _serial: MutexGuard<'static, ()>,
}

/// Copies a directory and everything in it.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

async fn free_port() -> u16 {
    tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap().port()
}

impl Site {
    /// Starts the emulator (with `options`, serving `dist/`) and a headless browser.
    pub async fn start(options: Options) -> Site {
        Site::start_with(options, &[]).await
    }

    /// Like `start`, with more Chromium flags.
    pub async fn start_with(options: Options, chrome_args: &[&str]) -> Site {
        let serial = SERIAL.lock().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        // Each site is its own deployment: a copy of dist/ whose config.json and CSP are written
        // for this test, as a deployer would.
        let site_dir = artifacts().join(format!("site-{}", listener.local_addr().unwrap().port()));
        copy_dir(&dist(), &site_dir);
        let emulator = Emulator::new(
            Options { dist: Some(site_dir.clone()), tokens: vec![TOKEN.into()], ..options },
            seed::demo(),
        );
        let router = emulator.clone().router();
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

        let port = free_port().await;
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let console_log = artifacts().join(format!("chrome-{port}.log"));
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .arg("--enable-chrome-logs")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&console_log).unwrap())
            .kill_on_drop(true)
            .spawn()
            .expect("chromedriver must be installed (scripts/tools.sh installs it)");
        let mut args: Vec<String> = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--window-size=1280,1800",
            // The fake authority's certificate is made at start-up.
            "--ignore-certificate-errors",
            "--enable-logging=stderr",
            "--v=0",
        ]
        .map(String::from)
        .to_vec();
        args.extend(chrome_args.iter().map(|a| a.to_string()));
        // Downloads (an export) land in the site's own folder, without asking.
        let downloads = site_dir.join("downloads");
        std::fs::create_dir_all(&downloads).unwrap();
        let downloads = downloads.canonicalize().unwrap();
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": args,
                "prefs": {
                    "download.default_directory": downloads.to_string_lossy(),
                    "download.prompt_for_download": false
                }
            }
        });
        let capabilities = match capabilities {
            Value::Object(map) => map,
            _ => unreachable!(),
        };
        let mut browser = None;
        for _ in 0..100 {
            match ClientBuilder::native()
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(c) => {
                    browser = Some(c);
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
        let browser = browser.expect("chromedriver did not start within 10 s");
        let site = Site { emulator, url, browser, console_log, site_dir, _driver: driver, _serial: serial };
        site.configure(json!({ "cloud": "global", "graphBaseUrl": format!("{}/beta", site.url), "auth": { "mode": "token", "token": TOKEN } }));
        site
    }

    /// The text of the file the page downloaded last (waits up to 10 s for one to be complete:
    /// renamed from Chromium's temporary name, and not empty).
    pub async fn downloaded(&self) -> (String, String) {
        let folder = self.site_dir.join("downloads");
        for _ in 0..100 {
            let mut done: Vec<_> = std::fs::read_dir(&folder)
                .unwrap()
                .flatten()
                .filter(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    // Chromium writes into a hidden temporary file, then renames it.
                    !name.ends_with(".crdownload") && !name.starts_with('.')
                })
                .collect();
            done.sort_by_key(|e| e.metadata().and_then(|m| m.modified()).ok());
            // Chromium may show the final name before its bytes are in: every file the app
            // offers (a backup, a CSV) has at least a header, so an empty one is not done yet.
            let text = done.last().map(|last| std::fs::read_to_string(last.path()).unwrap_or_default());
            if let (Some(last), Some(text)) = (done.last(), text.filter(|t| !t.is_empty())) {
                return (last.file_name().to_string_lossy().into(), text);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("nothing was downloaded within 10 s");
    }

    /// Deploys this config.json: written beside index.html, with the CSP made from it.
    pub fn configure(&self, config: Value) {
        std::fs::write(self.site_dir.join("config.json"), config.to_string()).unwrap();
        site_csp::apply(&self.site_dir).unwrap();
        self.emulator.set_config_json(config);
    }

    /// The browser console as captured, up to now: a probe is logged and waited for (10 s), so
    /// everything the page logged before it is in the file.
    pub async fn console_until_now(&self) -> String {
        static PROBES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let probe = format!("console-capture-probe-{}", PROBES.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        self.eval(&format!("console.log('{probe}'); return null;")).await;
        for _ in 0..200 {
            let console = std::fs::read_to_string(&self.console_log).unwrap_or_default();
            if console.contains(&probe) {
                return console;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the browser console is not captured: {probe} never arrived");
    }

    /// Fails the test if the browser reported any Content-Security-Policy violation.
    pub async fn assert_no_csp_violation(&self) {
        let console = self.console_until_now().await;
        let violations: Vec<&str> =
            console.lines().filter(|l| l.contains("Content Security Policy") || l.contains("Refused to")).collect();
        assert!(violations.is_empty(), "CSP violations:\n{}", violations.join("\n"));
        let policy = self.eval("const m = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]'); return m ? m.content : '';").await;
        assert!(
            policy.as_str().is_some_and(|p| p.contains("default-src 'none'")),
            "the page runs under the strict CSP: {policy}"
        );
    }

    /// Opens a route of the site (`#/configurations`, …).
    pub async fn open(&self, route: &str) {
        self.browser.goto(&format!("{}/{route}", self.url)).await.unwrap();
    }

    /// Waits for an element (10 s).
    pub async fn wait_for(&self, css: &str) -> Element {
        self.browser
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css} within 10 s: {e}"))
    }

    /// The control for a Graph property path.
    pub async fn control(&self, name: &str) -> Element {
        self.wait_for(&format!("[name=\"{name}\"]")).await
    }

    /// Replaces the content of a control by typing, as an admin would.
    pub async fn type_into(&self, name: &str, text: &str) {
        let control = self.control(name).await;
        // Ctrl+A, release, Backspace, then the text.
        control.send_keys("\u{E009}a\u{E000}\u{E003}").await.unwrap_or_else(|e| panic!("clearing {name}: {e}"));
        control.send_keys(text).await.unwrap_or_else(|e| panic!("typing into {name}: {e}"));
    }

    /// Shows the check-in rows' controls (the check-in report is read-only by default).
    pub async fn edit_checkins(&self) {
        self.wait_for("[data-action=edit-checkins]").await;
        self.eval("const b = document.querySelector('[data-action=edit-checkins]'); if (b.getAttribute('aria-pressed') !== 'true') b.click();").await;
        self.wait_for(".checkin-edit").await;
    }

    pub async fn value_of(&self, name: &str) -> String {
        self.control(name).await.prop("value").await.unwrap().unwrap_or_default()
    }

    pub async fn click(&self, css: &str) {
        self.wait_for(css).await.click().await.unwrap();
    }

    /// The text of the page body.
    pub async fn text(&self) -> String {
        self.browser.find(Locator::Css("body")).await.unwrap().text().await.unwrap_or_default()
    }

    /// Waits until `condition` holds, polling; fails the test after 10 s, naming `what`.
    pub async fn eventually<F, Fut>(&self, what: &str, condition: F)
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        for _ in 0..200 {
            if condition().await {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("timed out after 10 s waiting for {what}; the page shows:\n{}", self.text().await);
    }

    /// Waits until a control holds `value` (10 s).
    pub async fn wait_for_value(&self, name: &str, value: &str) {
        self.eventually(&format!("{name} = {value:?}"), || async { self.value_of(name).await == value }).await;
    }

    /// Waits until some kept draft in localStorage holds `text` (drafts are written after a
    /// short debounce).
    pub async fn wait_for_kept(&self, text: &str) {
        let script = "return Object.entries(localStorage).filter(([k]) => k.startsWith('office-policy-editor.draft/')).map(([, v]) => v).join('\\n');";
        self.eventually(&format!("a kept draft holding {text:?}"), || async {
            self.eval(script).await.as_str().is_some_and(|all| all.contains(text))
        })
        .await;
    }

    /// Waits until the page shows `text` (10 s).
    pub async fn see_text(&self, text: &str) {
        for _ in 0..200 {
            if self.text().await.contains(text) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the page never showed {text:?}; it shows:\n{}", self.text().await);
    }

    /// Waits until the save button is enabled, clicks it (confirming the review), and waits
    /// for the outcome: the status says "Saved", or an alert appears that was not there before
    /// the click; then until Graph has answered every write it sent. Panics when Save never
    /// enables or nothing comes of it.
    #[must_use = "assert the outcome: `.assert_saved()`, or look at its alert"]
    pub async fn save(&self) -> SaveOutcome {
        self.eventually("Save to be enabled", || async {
            self.wait_for("[data-action=save]").await.attr("disabled").await.unwrap().is_none()
        })
        .await;
        let alerts = || async {
            let script = "return Array.from(document.querySelectorAll('[role=alert]')).map(e => e.textContent);";
            serde_json::from_value::<Vec<String>>(self.eval(script).await).unwrap_or_default()
        };
        let before = alerts().await;
        let from = self.emulator.journal().len();
        self.click("[data-action=save]").await;
        for _ in 0..200 {
            // Save shows the review first: confirm it.
            if let Ok(confirm) = self.browser.find(Locator::Css("[role=dialog] [data-action=confirm]")).await {
                let _ = confirm.click().await;
            }
            let status = self.wait_for("[role=status]").await.text().await.unwrap_or_default();
            let alert = alerts().await.into_iter().find(|a| !before.contains(a));
            let journal = self.emulator.journal();
            let writes: Vec<JournalEntry> =
                journal.get(from..).unwrap_or_default().iter().filter(|e| e.method != "GET").cloned().collect();
            let answered = writes.iter().all(|e| e.status.is_some());
            if (status.starts_with("Saved") || alert.is_some()) && answered {
                return SaveOutcome { status, alert, writes };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the save never finished; the page shows:\n{}", self.text().await);
    }

    /// Presses `keys` one after another as a keyboard does, into whatever has the focus: the
    /// test focuses and clicks nothing. A key is a character or a WebDriver key
    /// (`fantoccini::key::Key`); `chord` holds the ones before it down (Control for Ctrl+S).
    pub async fn press(&self, chord: &[char], keys: &str) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        for &held in chord {
            actions = actions.then(KeyAction::Down { value: held });
        }
        for key in keys.chars() {
            actions = actions.then(KeyAction::Down { value: key }).then(KeyAction::Up { value: key });
        }
        for &held in chord.iter().rev() {
            actions = actions.then(KeyAction::Up { value: held });
        }
        self.browser.perform_actions(actions).await.unwrap();
    }

    /// What has the focus: its tag, `name`, `data-action` and `data-config-id`, space-separated
    /// where present (`INPUT displayName`).
    pub async fn focused(&self) -> String {
        let script = "const e = document.activeElement; return [e.tagName, e.getAttribute('name'), e.dataset.action, e.dataset.configId].filter(Boolean).join(' ');";
        self.eval(script).await.as_str().unwrap_or_default().to_string()
    }

    /// Waits until the focus is on `what` (as [`Site::focused`] says it, 10 s).
    pub async fn wait_for_focus(&self, what: &str) {
        for _ in 0..200 {
            if self.focused().await == what {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the focus never reached {what:?}; it is on {:?}", self.focused().await);
    }

    /// Confirms the review Save shows before anything is sent.
    pub async fn confirm_review(&self) {
        self.click("[role=dialog] [data-action=confirm]").await;
    }

    /// The value of every control of the editor form, in page order.
    pub async fn form_values(&self) -> Vec<String> {
        let values = self
            .eval("return Array.from(document.querySelectorAll('form.editor [name]')).map(e => e.type === 'checkbox' ? String(e.checked) : e.value);")
            .await;
        values.as_array().unwrap().iter().map(|v| v.as_str().unwrap_or_default().to_string()).collect()
    }

    /// Saves a PNG of the page.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.browser.screenshot().await.unwrap();
        let path = artifacts().join(name);
        std::fs::write(&path, png).unwrap();
        path
    }

    /// The emulator's journal entries with this method, in order.
    pub fn sent(&self, method: &str) -> Vec<graph_emulator::JournalEntry> {
        self.emulator.journal().into_iter().filter(|e| e.method == method).collect()
    }

    /// Runs a script in the page and returns its result.
    pub async fn eval(&self, script: &str) -> Value {
        self.browser.execute(script, vec![]).await.unwrap()
    }

    /// What axe-core (npm, pinned in package-lock.json; put into the page by the test, never
    /// shipped with the site) finds wrong with the page's accessibility inside `selector`, WCAG
    /// 2.1 A and AA rules: each violation as `rule: the elements`.
    pub async fn axe_violations(&self, selector: &str) -> Vec<String> {
        let axe =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../node_modules/axe-core/axe.min.js"))
                .expect("axe-core from npm ci");
        self.browser.execute(&format!("{axe}\nwindow.axe = axe; return null;"), vec![]).await.unwrap();
        let found = self
            .browser
            .execute_async(
                "const [selector, done] = arguments;
                 axe.run(selector, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                   .then((r) => done(r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '))))
                   .catch((e) => done(['axe failed: ' + e]));",
                vec![Value::String(selector.into())],
            )
            .await
            .unwrap();
        serde_json::from_value(found).unwrap_or_default()
    }

    /// Fails the test if any of these tokens is in localStorage, sessionStorage written by the
    /// app, the DOM (including control values), the URL, or the browser console.
    pub async fn assert_no_token_leaked(&self, tokens: &[String]) {
        assert!(!tokens.is_empty(), "there must be tokens to look for");
        // The console capture works (a probe arrives), so the check below is not vacuous.
        let console = self.console_until_now().await;
        let local = self.eval("return JSON.stringify(Object.assign({}, localStorage));").await;
        let dom = self
            .eval("return document.documentElement.outerHTML + Array.from(document.querySelectorAll('input,textarea,select')).map(e => e.value).join(' ');")
            .await;
        let url = self.browser.current_url().await.unwrap().to_string();
        for token in tokens {
            assert!(!local.as_str().unwrap_or_default().contains(token.as_str()), "an access token is in localStorage");
            assert!(!dom.as_str().unwrap_or_default().contains(token.as_str()), "an access token is in the DOM");
            assert!(!url.contains(token.as_str()), "an access token is in the URL");
            assert!(!console.contains(token.as_str()), "an access token is in the console output");
        }
    }

    /// Checks the page ran under the strict CSP without a violation, then closes the browser.
    pub async fn close(self) {
        self.assert_no_csp_violation().await;
        self.browser.close().await.ok();
        std::fs::remove_dir_all(&self.site_dir).ok();
    }
}

/// What a Save came to: the status line, a new alert (if one appeared), and the writes it sent
/// with Graph's answer to each.
#[derive(Debug)]
pub struct SaveOutcome {
    pub status: String,
    pub alert: Option<String>,
    pub writes: Vec<JournalEntry>,
}

impl SaveOutcome {
    /// Asserts the save was saved: the status says so, no alert, and Graph took the last write
    /// it sent to each URL (2xx; an earlier one may have been refused and sent again another
    /// way, as a payload Graph will not take inline). Returns the writes.
    pub fn assert_saved(self) -> Vec<JournalEntry> {
        assert!(self.status.starts_with("Saved"), "not saved: {self:?}");
        assert!(self.alert.is_none(), "saved with an alert: {self:?}");
        assert!(!self.writes.is_empty(), "saved without a write: {self:?}");
        let last_to_each = self.writes.iter().enumerate().filter(|(i, w)| {
            !self.writes[i + 1..].iter().any(|later| later.method == w.method && later.path == w.path)
        });
        for (_, write) in last_to_each {
            assert!(
                write.status.is_some_and(|s| (200..300).contains(&s)),
                "Graph refused {} {}: {:?}",
                write.method,
                write.path,
                write.status
            );
        }
        self.writes
    }

    /// The alert the save ended with; panics when it was saved.
    pub fn alert(self) -> String {
        self.alert.unwrap_or_else(|| panic!("no alert: {:?}", self.status))
    }
}
