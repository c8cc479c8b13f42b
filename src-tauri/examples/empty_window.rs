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
        // Served the way a Tauri app serves its own files: from a custom protocol.
        .register_uri_scheme_protocol("empty", |_ctx, _request| {
            tauri::http::Response::builder()
                .header("Content-Type", "text/html; charset=utf-8")
                .body(b"<!doctype html><title>Empty</title><p id=ready>An empty Tauri window</p>".to_vec())
                .expect("a static response")
        })
        .setup(|app| {
            let page = "empty://localhost/";
            tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::CustomProtocol(page.parse()?))
                .title("Empty Tauri window")
                .inner_size(1280.0, 800.0)
                .build()?;
            Ok(())
        })
        .run(context)
        .expect("the empty window could not start");
}
