//! Logs written before scoring version 2 (by the build at commit 4b3737c, in `tests/logs/v1/`)
//! still load and replay under the current rules, on the bundled scenario version they were
//! played on, and say that they were re-scored.

use std::path::Path;
use std::sync::Arc;

use dealcraft_core::scenario::Lang;
use dealcraft_core::scoring::SCORING_VERSION;
use dealcraft_core::{SessionLog, bundled, score};

#[test]
fn every_version_1_log_replays_and_is_re_scored() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/logs/v1");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let log = SessionLog::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(log.scoring_version, 1, "{}", path.display());
        assert!(log.is_older() && !log.coached && log.overall.is_none());
        let loaded = bundled::load_exact(&log.scenario, &log.scenario_hash)
            .unwrap_or_else(|| panic!("{}: its scenario version is gone", path.display()));
        let session = log
            .replay(Arc::new(loaded.scenario), &loaded.hash)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(session.moves().len() <= log.moves.len());
        let card = score(&session);
        assert_eq!(card.version, SCORING_VERSION);
        let note = log.rescore_note(Some(77), Lang::En).unwrap();
        assert_eq!(note, format!("re-scored under v{SCORING_VERSION} (was 77)"));
        replayed += 1;
    }
    assert!(replayed >= 18, "{replayed} logs");
}

#[test]
fn the_bundled_scenarios_changed_since_keep_their_earlier_version() {
    // fleet-telematics and horeca-coffee gained a satisfied topic in scoring version 2.
    for id in ["fleet-telematics", "horeca-coffee"] {
        let now = bundled::load(id).unwrap();
        let then = bundled::load_exact(
            id,
            &SessionLog::parse(
                &std::fs::read_to_string(
                    Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join(format!("tests/logs/v1/{id}-textbook-1.ron")),
                )
                .unwrap(),
            )
            .unwrap()
            .scenario_hash,
        )
        .unwrap();
        assert_ne!(now.hash, then.hash);
        assert!(now.scenario.needs.len() > then.scenario.needs.len());
        // The current version is found by its own hash too.
        assert_eq!(bundled::load_exact(id, &now.hash).unwrap().hash, now.hash);
    }
    assert!(bundled::load_exact("fleet-telematics", "0000").is_none());
}
