//! What the trainee has set in the move palette but not played yet.

use bevy::prelude::Resource;
use dealcraft_core::Session;
use dealcraft_core::moves::{Id, Terms};

/// Inputs of the move palette.
#[derive(Resource, Debug, Default, Clone)]
pub struct ConvUi {
    pub price: u64,
    pub terms: Terms,
    pub feature: Option<Id>,
    pub need: Option<Id>,
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
            terms: Terms::new(),
            feature: sc.product.features.first().map(|f| Id::new(&f.id)),
            need: None,
            confirm_end: false,
        }
    }
}
