//! The sign-in and handshake refresh in a real browser: headless Chromium driven through
//! chromedriver's `WebDriver` protocol (plain JSON over HTTP, so no browser-automation crate).
//! Skips, saying so, only when no Chromium binary is installed (`apt-get install chromium
//! chromium-driver`). Screenshots of the sign-in page and the dashboard are saved in the system
//! temp directory.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use reqwest::{Client, Url};
use serde_json::{Value, json};

use super::support::{App, jwt_claims, now, past_expiry};

const TTL_SECS: u64 = 3;

/// The `WebDriver` id of an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// chromedriver and one browser session.
struct Browser {
    driver: Child,
    http: Client,
    session: String,
}

impl Browser {
    async fn launch(chromium: &Path, chromedriver: &Path, profile: &Path) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromedriver.display()));
        let http = Client::new();
        let endpoint = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        loop {
            let ready = http.get(format!("{endpoint}/status")).send().await;
            if let Ok(response) = ready
                && let Ok(status) = response.json::<Value>().await
                && status["value"]["ready"] == true
            {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_mins(1),
                "chromedriver did not become ready"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let created = command(
            &http,
            reqwest::Method::POST,
            format!("{endpoint}/session"),
            Some(json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": chromium,
                    "args": [
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--no-first-run",
                        "--window-size=1000,760",
                        format!("--user-data-dir={}", profile.display()),
                    ],
                },
            }}})),
        )
        .await;
        let id = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {created}"));
        Self {
            driver,
            session: format!("{endpoint}/session/{id}"),
            http,
        }
    }

    /// A `WebDriver` command on the session.
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        command(&self.http, method, format!("{}{path}", self.session), body).await
    }

    async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await;
    }

    async fn url(&self) -> Url {
        Url::parse(
            self.call(reqwest::Method::GET, "/url", None)
                .await
                .as_str()
                .unwrap(),
        )
        .unwrap()
    }

    async fn source(&self) -> String {
        self.call(reqwest::Method::GET, "/source", None)
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    async fn element(&self, css: &str) -> String {
        let found = self
            .call(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        found[ELEMENT_KEY].as_str().unwrap().to_owned()
    }

    async fn type_into(&self, css: &str, text: &str) {
        let element = self.element(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{element}/clear"),
            Some(json!({})),
        )
        .await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        )
        .await;
    }

    async fn click(&self, css: &str) {
        let element = self.element(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{element}/click"),
            Some(json!({})),
        )
        .await;
    }

    async fn cookie(&self, name: &str) -> String {
        self.call(reqwest::Method::GET, &format!("/cookie/{name}"), None)
            .await["value"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Saves a PNG screenshot to `path`.
    async fn screenshot(&self, path: &Path) {
        let encoded = self.call(reqwest::Method::GET, "/screenshot", None).await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(encoded.as_str().unwrap())
            .unwrap();
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        std::fs::write(path, png).unwrap();
        println!("screenshot: {}", path.display());
    }

    /// Waits until the page's path is `path`.
    async fn wait_for_path(&self, path: &str) -> Url {
        let started = Instant::now();
        loop {
            let url = self.url().await;
            if url.path() == path {
                return url;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "still on {url}, expected {path}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Ends the browser session (chromedriver closes Chromium) and chromedriver.
    async fn quit(mut self) {
        let _ = self.http.delete(&self.session).send().await;
        self.session.clear();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// One `WebDriver` command: its `value`, or a panic naming the `WebDriver` error.
async fn command(
    http: &Client,
    method: reqwest::Method,
    url: String,
    body: Option<Value>,
) -> Value {
    let mut request = http.request(method, &url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let answer: Value = request.send().await.unwrap().json().await.unwrap();
    let value = answer["value"].clone();
    assert!(value.get("error").is_none(), "WebDriver {url}: {value}");
    value
}

/// A directory removed when dropped, also after a failed assertion (the browser profile).
struct RemovedOnDrop(PathBuf);

impl Drop for RemovedOnDrop {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

impl Drop for Browser {
    /// After a failed assertion: close Chromium through chromedriver (a blocking `DELETE`, as
    /// `Drop` cannot wait for a future), then stop chromedriver, so no browser is left running.
    fn drop(&mut self) {
        if let Ok(url) = Url::parse(&self.session)
            && let Some(port) = url.port()
            && let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port))
        {
            use std::io::{Read as _, Write as _};
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let request = format!(
                "DELETE {} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\n\
                 Connection: close\r\n\r\n",
                url.path()
            );
            if stream.write_all(request.as_bytes()).is_ok() {
                let _ = stream.read_to_end(&mut Vec::new());
            }
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

#[tokio::test]
async fn headless_chromium_stays_signed_in_across_expiry() {
    let Some(chromium) = find_program(&["chromium", "chromium-browser"]) else {
        println!(
            "SKIPPED headless_chromium_stays_signed_in_across_expiry: no `chromium` binary on \
             PATH (install it with `apt-get install chromium chromium-driver`)"
        );
        return;
    };
    let chromedriver = find_program(&["chromedriver"]).unwrap_or_else(|| {
        panic!(
            "{} is installed but `chromedriver` is not: `apt-get install chromium-driver`",
            chromium.display()
        )
    });
    let app = App::start("browser", TTL_SECS).await;
    let base = app.base.clone();
    let profile = RemovedOnDrop(std::env::temp_dir().join(format!(
        "clerk-e2e-chromium-{}-{}",
        std::process::id(),
        now()
    )));
    let shots = std::env::temp_dir();
    let browser = Browser::launch(&chromium, &chromedriver, &profile.0).await;

    // Signed out, /dashboard leads to the dev sign-in page.
    browser.goto(&format!("{base}/dashboard")).await;
    let sign_in = browser.wait_for_path("/sign-in").await;
    let back = sign_in
        .query_pairs()
        .find(|(name, _)| name == "redirect_url")
        .map(|(_, value)| value.into_owned());
    assert_eq!(back, Some(format!("{base}/dashboard")));
    browser
        .screenshot(&shots.join("clerk-dev-sign-in.png"))
        .await;

    // Sign in as an org admin.
    browser
        .type_into("input[name=user_id]", "user_browser")
        .await;
    browser
        .click("select[name=role] option[value='org:admin']")
        .await;
    browser.click("button[type=submit]").await;
    browser.wait_for_path("/dashboard").await;
    let page = browser.source().await;
    assert!(page.contains("user_browser"), "{page}");
    assert!(page.contains("org:admin"), "{page}");
    browser
        .screenshot(&shots.join("clerk-dev-dashboard.png"))
        .await;
    let stale = browser.cookie("__session").await;

    tokio::time::sleep(past_expiry(TTL_SECS)).await;

    // A page load with the stale token goes through the handshake and lands on /dashboard.
    let mark = app.served();
    browser.goto(&format!("{base}/dashboard")).await;
    let landed = browser.wait_for_path("/dashboard").await;
    let served = app.served_since(mark);
    assert_eq!(landed.as_str(), format!("{base}/dashboard"), "{served:#?}");
    assert!(
        served
            .iter()
            .any(|s| s.starts_with("/__clerk/v1/client/handshake?")),
        "{served:#?}"
    );
    assert!(
        !served.iter().any(|s| s.starts_with("/sign-in")),
        "never through /sign-in: {served:#?}"
    );
    let page = browser.source().await;
    assert!(page.contains("user_browser"), "{page}");
    let fresh = browser.cookie("__session").await;
    assert_ne!(fresh, stale);
    assert!(jwt_claims(&fresh)["exp"].as_u64().unwrap() > now());
    browser
        .screenshot(&shots.join("clerk-dev-dashboard-refreshed.png"))
        .await;

    // Signing out forgets the client: the next page load ends on the sign-in page.
    browser.click("a[href='/sign-out']").await;
    browser.wait_for_path("/").await;
    browser.goto(&format!("{base}/dashboard")).await;
    browser.wait_for_path("/sign-in").await;

    browser.quit().await;
}
