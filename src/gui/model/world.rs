//! Everything an action or a background answer may change, borrowed as one system parameter.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;

use super::super::Screen;
use super::super::files::DataDir;
use super::super::waker::Waker;
use super::background::Background;
use super::db::Db;
use super::state::{
    BalanceOf, Library, Notice, Play, PrepUi, Settings, ShownWorkshop, Stored, TranscriptFocus,
};

#[derive(SystemParam)]
pub struct Model<'w> {
    pub next: ResMut<'w, NextState<Screen>>,
    pub play: ResMut<'w, Play>,
    pub settings: ResMut<'w, Settings>,
    pub library: ResMut<'w, Library>,
    pub notice: ResMut<'w, Notice>,
    pub focus: ResMut<'w, TranscriptFocus>,
    pub prep: ResMut<'w, PrepUi>,
    pub data: Option<Res<'w, DataDir>>,
    pub db: Res<'w, Db>,
    pub background: ResMut<'w, Background>,
    pub waker: Option<Res<'w, Waker>>,
    pub stored: MessageWriter<'w, Stored>,
    pub shown: ResMut<'w, ShownWorkshop>,
    pub balance: ResMut<'w, BalanceOf>,
}

impl Model<'_> {
    /// The waker background work wakes the idle app with.
    pub fn waker(&self) -> Option<Waker> {
        self.waker.as_deref().cloned()
    }

    /// Shows `text` on the notice line (or clears it).
    pub fn say(&mut self, text: Option<String>) {
        self.notice.0 = text;
    }

    /// Goes to `screen`.
    pub fn open(&mut self, screen: Screen) {
        self.next.set(screen);
    }
}
