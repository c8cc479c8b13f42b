//! Shared helpers of the end-to-end tests: starting tauri-driver and the app.
