//! The Dealcraft app: the desktop GUI (Bevy + bevy_egui) and the command-line tools, both thin
//! adapters over `dealcraft-core`.

pub mod cli;
pub mod gui;
