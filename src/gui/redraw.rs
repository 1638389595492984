//! Idle at ~0 % CPU: redraw on input, on a real change, or when egui's own repaint delay expires.
//!
//! bevy_egui turns any pending egui repaint request into an immediate `RequestRedraw`, and egui
//! reports a request as pending whenever a *delayed* repaint is scheduled, so a window with a
//! single label redraws ~40 times a second. Here bevy_egui's redraw requests are dropped; egui's
//! requests reach the event loop through its repaint callback instead: at once for zero delays,
//! from a timer thread when a delay expires. The app requests a redraw itself after anything
//! that changes what is shown (an action, a reloaded scenario, a screen change).

use std::collections::BTreeSet;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{EventLoopProxyWrapper, WinitUserEvent};
use bevy_egui::{EguiContext, EguiInput, EguiPostUpdateSet, EguiPreUpdateSet, egui};

use super::Screen;
use super::model::{Library, Play, Settings, UiAction};
use super::waker::Waker;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        PreUpdate,
        drop_unchanged_modifiers
            .after(EguiPreUpdateSet::ProcessInput)
            .before(EguiPreUpdateSet::BeginPass),
    );
    app.add_systems(
        PostUpdate,
        (install_waker, drop_egui_redraws, request_on_change)
            .chain()
            .after(EguiPostUpdateSet::ProcessOutput),
    );
}

/// bevy_egui reports the keyboard modifiers to egui on every update, changed or not, and any
/// input event makes egui ask for an immediate repaint: so every frame caused the next. Only a
/// real change of modifiers is passed on.
fn drop_unchanged_modifiers(
    mut inputs: Query<&mut EguiInput>,
    mut last: Local<Option<egui::Modifiers>>,
) {
    for mut input in &mut inputs {
        let events = &mut input.bypass_change_detection().0.events;
        events.retain(|event| match event {
            egui::Event::ModifiersChanged(m) if *last == Some(*m) => false,
            egui::Event::ModifiersChanged(m) => {
                *last = Some(*m);
                true
            }
            _ => true,
        });
    }
}

/// A thread that sleeps until the earliest requested deadline, then wakes the event loop.
fn spawn_timer(proxy: bevy::winit::EventLoopProxy<WinitUserEvent>) -> Sender<Instant> {
    let (tx, rx) = mpsc::channel::<Instant>();
    std::thread::Builder::new()
        .name("egui-repaint-timer".into())
        .spawn(move || {
            // Every pending deadline, earliest first: a later one must survive an earlier one.
            let mut pending: BTreeSet<Instant> = BTreeSet::new();
            loop {
                let received = match pending.first() {
                    Some(&at) => rx.recv_timeout(at.saturating_duration_since(Instant::now())),
                    None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                };
                match received {
                    Ok(at) => {
                        pending.insert(at);
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => return,
                }
                let now = Instant::now();
                if pending.first().is_some_and(|&at| at <= now) {
                    pending.retain(|&at| at > now);
                    if proxy.send_event(WinitUserEvent::WakeUp).is_err() {
                        return;
                    }
                }
            }
        })
        .ok();
    tx
}

fn install_waker(
    mut commands: Commands,
    waker: Option<Res<Waker>>,
    proxy: Option<Res<EventLoopProxyWrapper>>,
    mut contexts: Query<(Entity, &mut EguiContext)>,
    mut done: Local<Vec<Entity>>,
) {
    let Some(proxy) = proxy else { return };
    let waker = match waker {
        Some(w) => w.clone(),
        None => {
            let w = Waker::new(spawn_timer((**proxy).clone()));
            commands.insert_resource(w.clone());
            w
        }
    };
    for (entity, mut context) in &mut contexts {
        if done.contains(&entity) {
            continue;
        }
        let waker = waker.clone();
        context.get_mut().set_request_repaint_callback(move |info| {
            waker.wake_at(Instant::now() + info.delay.min(Duration::from_secs(3600)));
        });
        done.push(entity);
    }
}

/// Drops the redraws bevy_egui requested for pending delayed repaints.
fn drop_egui_redraws(waker: Option<Res<Waker>>, mut redraws: ResMut<Messages<RequestRedraw>>) {
    // Only once our callback is in place; until then bevy_egui's requests are all there is.
    if waker.is_some() {
        redraws.clear();
    }
}

/// Redraws after anything that changes what the screens show.
fn request_on_change(
    mut actions: MessageReader<UiAction>,
    library: Res<Library>,
    play: Res<Play>,
    settings: Res<Settings>,
    screen: Option<Res<State<Screen>>>,
    mut redraws: MessageWriter<RequestRedraw>,
) {
    let changed = actions.read().count() > 0
        || library.is_changed()
        || play.is_changed()
        || settings.is_changed()
        || screen.is_some_and(|s| s.is_changed());
    if changed {
        redraws.write(RequestRedraw);
    }
}
