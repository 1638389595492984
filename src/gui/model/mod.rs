//! The app's model: the state the screens read and the actions they send, the one place where
//! screens change and moves reach the core, so the UI, the demo and the tests drive the app the
//! same way.
//!
//! `state` holds the resources, `actions` the requests and their dispatch (`meeting` and
//! `workshops` handle them), `background` and `jobs` the work done off the UI thread, `answers`
//! what comes back from it.

mod actions;
mod answers;
mod background;
mod db;
mod jobs;
mod meeting;
mod state;
mod workshops;
mod world;

use bevy::prelude::*;

pub use actions::UiAction;
pub use background::{Background, Done};
pub use db::{Db, DbHandle};
pub use state::{
    BalanceOf, Context, Entry, Library, Notice, Origin, Play, PrepUi, Settings, ShownWorkshop,
    Stored, Submission, TranscriptFocus, WorkshopForm,
};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Settings>()
        .init_resource::<Library>()
        .init_resource::<Play>()
        .init_resource::<Notice>()
        .init_resource::<TranscriptFocus>()
        .init_resource::<PrepUi>()
        .init_resource::<Db>()
        .init_resource::<Background>()
        .init_resource::<ShownWorkshop>()
        .init_resource::<BalanceOf>()
        .add_message::<UiAction>()
        .add_message::<Stored>()
        .add_systems(
            PreUpdate,
            (answers::receive_background, actions::apply_actions).chain(),
        );
}
