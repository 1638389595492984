//! The look of the app: camera, window icon, a readable light theme and the UI scale.

use bevy::ecs::system::NonSendMarker;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy::winit::WINIT_WINDOWS;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::model::Settings;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_camera)
        .add_systems(
            Update,
            set_window_icon.run_if(not(resource_exists::<IconSet>)),
        )
        .add_systems(EguiPrimaryContextPass, apply_theme);
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}

#[derive(Resource)]
struct IconSet;

/// A 32×32 icon drawn in code: a handshake-blue disc with a lighter ring.
fn icon_rgba() -> Vec<u8> {
    let mut rgba = Vec::with_capacity(32 * 32 * 4);
    for y in 0..32 {
        for x in 0..32 {
            let (dx, dy) = (x as f32 - 15.5, y as f32 - 15.5);
            let r = (dx * dx + dy * dy).sqrt();
            let pixel = if r < 11.0 {
                [38, 99, 179, 255]
            } else if r < 15.0 {
                [120, 170, 230, 255]
            } else {
                [0, 0, 0, 0]
            };
            rgba.extend_from_slice(&pixel);
        }
    }
    rgba
}

/// winit's window lives on the main thread, hence the marker.
fn set_window_icon(
    mut commands: Commands,
    window: Query<Entity, With<PrimaryWindow>>,
    _main_thread: NonSendMarker,
) {
    let Ok(entity) = window.single() else { return };
    WINIT_WINDOWS.with_borrow(|windows| {
        let Some(w) = windows.get_window(entity) else {
            return;
        };
        if let Ok(icon) = winit::window::Icon::from_rgba(icon_rgba(), 32, 32) {
            w.set_window_icon(Some(icon));
        }
        commands.insert_resource(IconSet);
    });
}

fn apply_theme(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    mut applied: Local<Option<f32>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    if *applied == Some(settings.scale) {
        return Ok(());
    }
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
        for (text_style, font) in style.text_styles.iter_mut() {
            font.size = match text_style {
                egui::TextStyle::Heading => 22.0,
                egui::TextStyle::Small => 12.0,
                _ => 15.0,
            };
        }
    });
    ctx.set_zoom_factor(settings.scale);
    *applied = Some(settings.scale);
    Ok(())
}
