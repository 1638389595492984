//! What the trainee has set in the move palette but not played yet.

use std::collections::BTreeMap;

use bevy::prelude::Resource;
use dealcraft_core::Session;

/// Inputs of the move palette.
#[derive(Resource, Debug, Default, Clone)]
pub struct ConvUi {
    pub price: u64,
    pub terms: BTreeMap<String, usize>,
    pub feature: Option<String>,
    pub need: Option<String>,
    /// "End the meeting" was clicked once and awaits confirmation.
    pub confirm_end: bool,
}

impl ConvUi {
    /// Fresh inputs for `session`: the last price offered (or the list price), the first
    /// feature.
    pub fn for_session(session: &Session) -> ConvUi {
        let sc = session.scenario();
        ConvUi {
            price: session
                .client()
                .negotiation
                .seller_offers
                .last()
                .map_or(sc.product.list_price, |(p, _)| *p),
            terms: BTreeMap::new(),
            feature: sc.product.features.first().map(|f| f.id.clone()),
            need: None,
            confirm_end: false,
        }
    }
}
