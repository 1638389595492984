//! Wakes the idle event loop from another thread, at once or at a deadline.

use std::sync::mpsc::Sender;
use std::time::Instant;

use bevy::prelude::Resource;

/// Sends wake-ups to the event loop's timer thread (see `redraw`).
#[derive(Resource, Clone)]
pub struct Waker(Sender<Instant>);

impl Waker {
    pub fn new(timer: Sender<Instant>) -> Waker {
        Waker(timer)
    }

    /// Wakes the event loop at `at` (at once if it has passed).
    pub fn wake_at(&self, at: Instant) {
        let _ = self.0.send(at);
    }

    /// Wakes the event loop now.
    pub fn wake(&self) {
        self.wake_at(Instant::now());
    }
}
