//! The Dealcraft app: the desktop GUI (Bevy + bevy_egui) and the command-line tools, both thin
//! adapters over `dealcraft-core`.

pub mod cli;
pub mod gui;
pub mod learning;
pub mod paths;

/// A seed from the clock, for sessions the user did not seed (the core never reads clocks).
pub fn fresh_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
}

/// Unix seconds as local `YYYY-MM-DD HH:MM`, for attempt lists.
pub fn local_time(secs: i64) -> String {
    jiff::Timestamp::from_second(secs).map_or_else(
        |_| secs.to_string(),
        |t| {
            t.to_zoned_datetime(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        },
    )
}

/// Unix seconds as local `HH:MM` when that is today, else as [`local_time`]: when a copied
/// attempt was first played ("same moves as Baseline, 12:04").
pub fn local_clock(secs: i64) -> String {
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::system())
        .strftime("%Y-%m-%d ")
        .to_string();
    let full = local_time(secs);
    full.strip_prefix(&today)
        .map_or(full.clone(), str::to_owned)
}
