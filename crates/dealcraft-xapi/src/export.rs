//! `dealcraft export --xapi`: the statements of the attempts chosen, as one JSON array, built
//! exactly as they are sent (the same ids), without touching the outbox.

use std::collections::BTreeSet;

use dealcraft_store::{Filter, Store};
use serde_json::Value;

use crate::XapiError;
use crate::statements::Catalog;

/// Which attempts to export.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only attempts recorded at or after this time (Unix seconds).
    pub since: Option<i64>,
    /// Only this player's attempts.
    pub player: Option<String>,
}

/// The statements of the selected attempts, oldest first, then the `passed` statements of the
/// tracks their players completed (when that falls in the selection).
pub fn statements(
    store: &Store,
    catalog: &Catalog,
    sel: &Selection,
) -> Result<Vec<Value>, XapiError> {
    let filter = Filter {
        player: sel.player.clone(),
        ..Filter::default()
    };
    let since = sel.since.unwrap_or(i64::MIN);
    let mut out = Vec::new();
    let mut players = BTreeSet::new();
    for summary in store.attempts(&filter)? {
        if summary.recorded_at < since {
            continue;
        }
        let attempt = store.attempt(summary.id)?;
        let workshop = summary.workshop.and_then(|w| store.workshop(w).ok());
        let built = catalog.attempt(&attempt, workshop.as_ref());
        out.extend(built.statements.into_iter().map(|(_, st)| st));
        players.insert(summary.player);
    }
    for player in players {
        let filter = Filter {
            player: Some(player.clone()),
            ..Filter::default()
        };
        let attempts: Vec<_> = store
            .attempts(&filter)?
            .iter()
            .map(dealcraft_store::AttemptSummary::for_track)
            .collect();
        for track in catalog.tracks {
            let progress = track.progress(&attempts);
            if progress.completed_at().is_some_and(|at| at >= since)
                && let Some(built) = catalog.track_passed(&player, track, &progress)
            {
                out.extend(built.statements.into_iter().map(|(_, st)| st));
            }
        }
    }
    Ok(out)
}
