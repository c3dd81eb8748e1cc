//! The sign-in, the handshake refresh and the dev-mode denial pages in a real browser: headless
//! Chromium driven through chromedriver's `WebDriver` protocol (plain JSON over HTTP, so no
//! browser-automation crate). Skips, saying so, only when no Chromium binary is installed
//! (`apt-get install chromium chromium-driver`). Screenshots of the sign-in page, the
//! dashboard, the refused sign-in, the denial page and the reports page are saved in the system
//! temp directory.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use reqwest::header::{ACCEPT, CONTENT_TYPE, COOKIE};
use reqwest::{Client, StatusCode, Url};
use serde_json::{Value, json};

use super::support::{App, jwt_claims, now, past_expiry};

/// One Chromium at a time: the tests wait on pages and token lifetimes, and two browsers at
/// once on a small machine only make both slower.
static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const TTL_SECS: u64 = 3;

/// The `WebDriver` id of an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Chromium and chromedriver; `None`, after saying that `test` is skipped, when no Chromium is
/// installed.
fn browser_programs(test: &str) -> Option<(PathBuf, PathBuf)> {
    let Some(chromium) = find_program(&["chromium", "chromium-browser"]) else {
        println!(
            "SKIPPED {test}: no `chromium` binary on PATH (install it with \
             `apt-get install chromium chromium-driver`)"
        );
        return None;
    };
    let chromedriver = find_program(&["chromedriver"]).unwrap_or_else(|| {
        panic!(
            "{} is installed but `chromedriver` is not: `apt-get install chromium-driver`",
            chromium.display()
        )
    });
    Some((chromium, chromedriver))
}

/// A fresh browser profile directory, removed when dropped.
fn browser_profile(name: &str) -> RemovedOnDrop {
    RemovedOnDrop(std::env::temp_dir().join(format!(
        "clerk-e2e-chromium-{name}-{}-{}",
        std::process::id(),
        now()
    )))
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

    /// Fills the dev sign-in form (user id, org role, permissions) and submits it.
    async fn submit_sign_in(&self, user_id: &str, role: &str, permissions: &str) {
        self.type_into("input[name=user_id]", user_id).await;
        self.click(&format!("select[name=role] option[value='{role}']"))
            .await;
        self.type_into("input[name=permissions]", permissions).await;
        self.click("button[type=submit]").await;
    }

    /// The text of the first element `css` selects, as rendered (what a person reads).
    async fn text(&self, css: &str) -> String {
        self.read_element(css, "text").await
    }

    /// The current value of the form field `css` selects.
    async fn value(&self, css: &str) -> String {
        self.read_element(css, "property/value").await
    }

    /// A string the first element `css` selects answers at `/element/{id}/{what}`.
    async fn read_element(&self, css: &str, what: &str) -> String {
        let element = self.element(css).await;
        self.call(
            reqwest::Method::GET,
            &format!("/element/{element}/{what}"),
            None,
        )
        .await
        .as_str()
        .unwrap_or_else(|| panic!("{what} of {css}"))
        .to_owned()
    }

    /// How many elements `css` selects.
    async fn count(&self, css: &str) -> usize {
        self.call(
            reqwest::Method::POST,
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )
        .await
        .as_array()
        .map_or(0, Vec::len)
    }

    /// Waits until the page has an element `css` selects.
    async fn wait_for_element(&self, css: &str) {
        let started = Instant::now();
        while self.count(css).await == 0 {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "no {css} on {}",
                self.url().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The names of the cookies the page's origin has.
    async fn cookie_names(&self) -> Vec<String> {
        self.call(reqwest::Method::GET, "/cookie", None)
            .await
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|cookie| cookie["name"].as_str().map(str::to_owned))
            .collect()
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

    /// Waits until the page at `path` shows its heading, and returns the heading.
    async fn heading_at(&self, path: &str) -> String {
        self.wait_for_path(path).await;
        self.wait_for_element("h1").await;
        self.text("h1").await
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
    let Some((chromium, chromedriver)) =
        browser_programs("headless_chromium_stays_signed_in_across_expiry")
    else {
        return;
    };
    let _one = ONE_BROWSER.lock().await;
    let app = App::start("browser", TTL_SECS).await;
    let base = app.base.clone();
    let profile = browser_profile("expiry");
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
        .submit_sign_in("user_browser", "org:admin", "")
        .await;
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

#[tokio::test]
#[expect(
    clippy::too_many_lines,
    reason = "one visitor's journey through the dev pages, step by step"
)]
async fn headless_chromium_shows_why_a_member_is_denied_and_signs_in_with_a_permission() {
    let Some((chromium, chromedriver)) = browser_programs(
        "headless_chromium_shows_why_a_member_is_denied_and_signs_in_with_a_permission",
    ) else {
        return;
    };
    let _one = ONE_BROWSER.lock().await;
    let app = App::start("browser-denials", 60).await;
    let base = app.base.clone();
    let profile = browser_profile("denials");
    let shots = std::env::temp_dir();
    let browser = Browser::launch(&chromium, &chromedriver, &profile.0).await;

    // Signed out, /admin leads to the sign-in form, which says what permissions need.
    browser.goto(&format!("{base}/admin")).await;
    browser.wait_for_path("/sign-in").await;
    let form = browser.text("main").await;
    assert!(
        form.contains("Roles and permissions belong to an organization"),
        "{form}"
    );
    assert!(form.contains("Permissions with \u{201c}no organization\u{201d} are refused"));

    // Permissions with "no organization" are refused on the form, saying why.
    browser
        .submit_sign_in("user_no_org", "", "org:reports:read")
        .await;
    browser.wait_for_element("p.error").await;
    let refused = browser.text("p.error").await;
    assert!(
        refused.contains("Permissions need an organization: pick an org role"),
        "{refused}"
    );
    assert!(
        browser
            .cookie_names()
            .await
            .iter()
            .all(|name| name != "__session")
    );
    browser
        .screenshot(&shots.join("clerk-dev-sign-in-refused.png"))
        .await;

    // The form kept what was typed.
    assert_eq!(browser.value("input[name=user_id]").await, "user_no_org");
    assert_eq!(
        browser.value("input[name=permissions]").await,
        "org:reports:read"
    );

    // Sign in as a plain member: back on /admin, the page names the role that failed and
    // offers to sign in as someone else (coming back here) or to sign out.
    browser
        .submit_sign_in("user_member", "org:member", "")
        .await;
    assert_eq!(browser.heading_at("/admin").await, "Denied: unauthorized");
    let denied = browser.text("body").await;
    assert!(
        denied.contains(r#"this route needs role "org:admin", which the session does not have"#),
        "{denied}"
    );
    assert!(denied.contains("pick one when signing in"), "{denied}");
    let back = url::form_urlencoded::byte_serialize(format!("{base}/admin").as_bytes())
        .collect::<String>();
    let sign_in = format!(".actions a[href='/sign-in?redirect_url={back}']");
    assert_eq!(browser.text(&sign_in).await, "Sign in as another user");
    assert_eq!(
        browser.text(".actions a[href='/sign-out']").await,
        "Sign out"
    );
    assert_eq!(browser.count("header a[href='/sign-out']").await, 1);
    browser
        .screenshot(&shots.join("clerk-dev-denied.png"))
        .await;

    // The same session from an API client (not a page load): the JSON explanation, with
    // Clerk's status.
    let cookies = ["__session", "__client_uat", "__clerk_db_jwt"];
    let mut header = Vec::new();
    for name in cookies {
        header.push(format!("{name}={}", browser.cookie(name).await));
    }
    let response = Client::new()
        .get(format!("{base}/admin"))
        .header(COOKIE, header.join("; "))
        .header(ACCEPT, "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "unauthorized", "{body}");
    assert_eq!(body["unmet"], r#"role "org:admin""#, "{body}");
    assert_eq!(body["signOutUrl"], "/sign-out", "{body}");

    // Sign out from the denial page; sign in with the org and a permission: the page that
    // needs it opens and shows it.
    browser.click("a[href='/sign-out']").await;
    browser.wait_for_path("/").await;
    browser.goto(&format!("{base}/reports")).await;
    browser.wait_for_path("/sign-in").await;
    browser
        .submit_sign_in("user_reports", "org:member", "org:reports:read")
        .await;
    assert_eq!(browser.heading_at("/reports").await, "Reports");
    let who = browser.text(".who").await;
    assert!(
        who.contains("user_reports") && who.contains("permissions org:reports:read"),
        "{who}"
    );
    browser
        .screenshot(&shots.join("clerk-dev-reports.png"))
        .await;
    browser.goto(&format!("{base}/dashboard")).await;
    browser.wait_for_path("/dashboard").await;
    let who = browser.text(".who").await;
    assert!(who.contains("permissions org:reports:read"), "{who}");

    // The permission is not the role: /admin stays denied, naming the role.
    browser.goto(&format!("{base}/admin")).await;
    assert_eq!(browser.heading_at("/admin").await, "Denied: unauthorized");

    browser.quit().await;
}
