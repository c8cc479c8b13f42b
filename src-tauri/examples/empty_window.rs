//! An empty Tauri window: the same Tauri, WebKitGTK and window size as Masthead, showing
//! one line of static HTML. The floor that `cargo bench -p masthead-e2e --bench window`
//! sets Masthead's cold start and memory against (docs/benchmarks.md).
//!
//! `cargo build --example empty_window --features custom-protocol`

fn main() {
    let mut context = tauri::generate_context!("tauri.conf.json");
    // Masthead's own window (and its UI) is left out; this one shows a line of HTML.
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        .setup(|app| {
            let page = "data:text/html,<!doctype html><title>Empty</title><p id=ready>An empty Tauri window</p>";
            tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::External(page.parse()?))
                .title("Empty Tauri window")
                .inner_size(1280.0, 800.0)
                .build()?;
            Ok(())
        })
        .run(context)
        .expect("the empty window could not start");
}
