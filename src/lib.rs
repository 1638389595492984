//! The Dealcraft app: the desktop GUI (Bevy + bevy_egui) and the command-line tools, both thin
//! adapters over `dealcraft-core`.

pub mod cli;
pub mod gui;
pub mod paths;

/// A seed from the clock, for sessions the user did not seed (the core never reads clocks).
pub fn fresh_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
}
