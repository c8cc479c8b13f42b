//! Accessibility of each main screen of the real window, checked by axe-core (the engine
//! behind the browsers' accessibility audits), injected through WebDriver: the library,
//! a story, the inbox, and the export, settings, history and palette dialogs report no
//! serious or critical violations.

use masthead_e2e::Session;

/// axe-core's script, from the UI's npm packages (a dev dependency, installed by `npm install`).
fn axe_source() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (run npm install in ui/)", path.display()))
}

/// Runs axe on the page as it is now; returns the serious and critical violations, each
/// as `rule: where (what)`.
async fn audit(s: &Session, axe: &str, screen: &str) -> Vec<String> {
    // WebDriver runs the script from outside the page, so the page's CSP does not apply.
    s.client.execute(&format!("{axe}\n;return true;"), vec![]).await.unwrap();
    let found = s
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, { resultTypes: ["violations"] }).then(
                 (r) => done(r.violations
                   .filter((v) => v.impact === "serious" || v.impact === "critical")
                   .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")} (${v.help})`)),
                 (e) => done([`axe failed: ${e}`]));"#,
            vec![],
        )
        .await
        .unwrap();
    let list: Vec<String> = serde_json::from_value(found).unwrap();
    list.into_iter().map(|v| format!("{screen}: {v}")).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_main_screen_passes_axe_in_light_mode() {
    every_main_screen_passes_axe(false).await;
}

/// Dark mode has its own colours (and contrasts): the system's dark theme, as GTK takes it.
#[tokio::test(flavor = "multi_thread")]
async fn every_main_screen_passes_axe_in_dark_mode() {
    every_main_screen_passes_axe(true).await;
}

async fn every_main_screen_passes_axe(dark: bool) {
    let axe = axe_source();
    let dir = tempfile::tempdir().unwrap();
    let theme = if dark { "Adwaita:dark" } else { "Adwaita" };
    let s = Session::start_with(dir.path(), &[("GTK_THEME", theme.into())]).await;
    s.wait_preview("Welcome to Masthead").await;
    let is_dark = s.client.execute("return matchMedia('(prefers-color-scheme: dark)').matches", vec![]).await.unwrap();
    assert_eq!(is_dark, dark, "the window follows the system's {theme}");
    let mut problems = Vec::new();

    problems.extend(audit(&s, &axe, "library and story").await);

    s.find("[data-testid=tab-inbox]").await.click().await.unwrap();
    s.find("[data-testid=inbox-input]").await;
    problems.extend(audit(&s, &axe, "inbox").await);
    s.find("[data-testid=tab-issues]").await.click().await.unwrap();

    let dialogs = [
        ("[data-testid=open-export]", "[data-testid=export-dialog]", "[data-testid=export-dialog-close]", "export"),
        (
            "[data-testid=open-settings]",
            "[data-testid=settings-dialog]",
            "[data-testid=settings-dialog-close]",
            "settings",
        ),
        ("[data-testid=open-history]", "[data-testid=history-dialog]", "[data-testid=history-close]", "history"),
    ];
    for (open, dialog, close, name) in dialogs {
        s.find(open).await.click().await.unwrap();
        s.find(dialog).await;
        problems.extend(audit(&s, &axe, name).await);
        s.find(close).await.click().await.unwrap();
        s.wait_gone(dialog).await;
    }

    s.find("[data-testid=open-palette]").await.click().await.unwrap();
    s.find("[data-testid=palette-input]").await.send_keys("story").await.unwrap();
    s.find("[data-testid=palette-entry]").await;
    problems.extend(audit(&s, &axe, "palette").await);

    assert!(problems.is_empty(), "serious or critical accessibility problems:\n{}", problems.join("\n"));
    s.quit().await;
}
