//! End to end in a real headless Chromium (Debian `chromium` + `chromium-driver`):
//! search the examples for "impasse stratégique", open the hit, land on Jean-Marie
//! Le Guen's page and see his quote with channel RTL. Writes a screenshot of every
//! page type under `target/screenshots/`.
//!
//! Without chromium the test is skipped with a notice, except under CI, where it fails.

mod support;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;

fn find(candidates: &[&str]) -> Option<PathBuf> {
    candidates.iter().map(PathBuf::from).find(|p| p.is_file())
}

/// The browser and its driver, or why they are missing.
fn tools() -> Result<(PathBuf, PathBuf), String> {
    let browser = find(&[
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/lib/chromium/chromium",
    ])
    .ok_or("chromium not installed (apt-get install chromium)")?;
    let driver = find(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"])
        .ok_or("chromedriver not installed (apt-get install chromium-driver)")?;
    Ok((browser, driver))
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn start_driver(path: &Path) -> (Driver, u16) {
    let port = free_port();
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver(child);
    let until = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < until, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    (driver, port)
}

/// The first element matching `css`, waiting for it: a click starts a navigation that
/// completes at the machine's pace, and a plain `find` would look at the old page.
async fn wait_for(driver: &WebDriver, css: &str) -> WebDriverResult<WebElement> {
    driver
        .query(By::Css(css))
        .wait(Duration::from_secs(30), Duration::from_millis(100))
        .first()
        .await
}

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_to_person_page_in_chromium() -> WebDriverResult<()> {
    let (browser, driver_bin) = match tools() {
        Ok(t) => t,
        Err(why) if std::env::var_os("CI").is_some() => {
            panic!("the browser test needs chromium under CI: {why}")
        }
        Err(why) => {
            eprintln!("NOTICE: skipping the browser test: {why}");
            return Ok(());
        }
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = tempfile::tempdir().expect("profile dir");
    let loc = support::examples_store(dir.path());
    let addr = support::start(loc, true);
    let base = format!("http://{addr}");
    let (_driver, port) = start_driver(&driver_bin);

    let mut caps = DesiredCapabilities::chrome();
    caps.set_binary(&browser.to_string_lossy())?;
    for arg in [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1100",
    ] {
        caps.add_arg(arg)?;
    }
    caps.add_arg(&format!("--user-data-dir={}", profile.path().display()))?;
    let driver = WebDriver::new(format!("http://127.0.0.1:{port}"), caps).await?;
    let shots = screenshots();
    let result = async {
        driver.goto(format!("{base}/")).await?;
        driver.screenshot(&shots.join("home.png")).await?;

        let input = wait_for(&driver, "form.big-search input[name=q]").await?;
        input.send_keys("impasse stratégique").await?;
        driver
            .find(By::Css("form.big-search button"))
            .await?
            .click()
            .await?;
        let hit = wait_for(&driver, "article.quote a.speaker").await?;
        assert!(driver.current_url().await?.path().starts_with("/search"));
        driver.screenshot(&shots.join("search.png")).await?;
        assert_eq!(hit.text().await?, "Jean-Marie Le Guen");
        let marks = driver.find_all(By::Css("article.quote mark")).await?;
        assert!(!marks.is_empty(), "matches highlighted");

        hit.click().await?;
        let h1 = wait_for(&driver, "section.person h1").await?;
        assert!(h1.text().await?.starts_with("Jean-Marie Le Guen"));
        assert_eq!(
            driver.current_url().await?.path(),
            "/person/jean-marie-le-guen"
        );
        let mut rtl_quote = false;
        for q in driver.find_all(By::Css("article.quote")).await? {
            let channel = q.find_all(By::Css(".channel")).await?;
            let text = q.find(By::Css("blockquote")).await?.text().await?;
            if let Some(c) = channel.first()
                && c.text().await? == "sur RTL"
                && text.contains("impasse stratégique")
            {
                rtl_quote = true;
            }
        }
        assert!(
            rtl_quote,
            "the quote with channel RTL is on the person page"
        );
        driver.screenshot(&shots.join("person.png")).await?;

        driver
            .find(By::Css("article.quote a.open"))
            .await?
            .click()
            .await?;
        wait_for(&driver, ".text mark.q").await?;
        assert!(driver.current_url().await?.path().starts_with("/article/"));
        assert!(!driver.find_all(By::Css(".text mark.q")).await?.is_empty());
        driver.screenshot(&shots.join("article.png")).await?;

        driver
            .goto(format!("{base}/search?q=nucl%C3%A9aire&scope=articles"))
            .await?;
        wait_for(&driver, ".hit").await?;
        driver
            .screenshot(&shots.join("search-articles.png"))
            .await?;

        driver.goto(format!("{base}/outlet/orange%20actu")).await?;
        assert_eq!(wait_for(&driver, "h1").await?.text().await?, "Orange Actu");
        driver.screenshot(&shots.join("outlet.png")).await?;

        driver.goto(format!("{base}/graph")).await?;
        wait_for(&driver, "svg.graph").await?;
        driver.screenshot(&shots.join("graph.png")).await?;
        Ok::<(), WebDriverError>(())
    }
    .await;
    driver.quit().await?;
    result
}
