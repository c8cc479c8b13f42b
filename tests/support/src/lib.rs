//! What Masthead's tests share, written once: a loopback HTTP server that hands each
//! request to the test's handler (and keeps every request for the test to check), a real
//! SMTP server for test sends, and the command-line runner.
//!
//! The server is plain `std` threads and blocking sockets, so a test needs no runtime:
//! one thread per connection, `Connection: close`, the body read by `Content-Length`.

pub mod cli;
pub mod http;
pub mod smtp;
