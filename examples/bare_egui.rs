//! A bare bevy_egui window with one label, built with the app's Bevy features: the baseline that
//! `scripts/measure-desktop.sh` compares Dealcraft against.

use bevy::prelude::*;
use bevy::winit::WinitSettings;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, egui};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let frames: Option<u32> = args
        .iter()
        .position(|a| a == "--exit-after-frames")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok());
    let mut app = App::new();
    app.add_plugins(DefaultPlugins)
        .add_plugins(EguiPlugin::default())
        .insert_resource(if frames.is_some() {
            WinitSettings::game()
        } else {
            WinitSettings::desktop_app()
        })
        .add_systems(Startup, |mut commands: Commands| {
            commands.spawn(Camera2d);
        })
        .add_systems(EguiPrimaryContextPass, ui);
    if let Some(limit) = frames {
        app.add_systems(
            Last,
            move |mut count: Local<u32>, mut exit: MessageWriter<AppExit>| {
                *count += 1;
                if *count >= limit {
                    exit.write(AppExit::Success);
                }
            },
        );
    }
    app.run();
}

fn ui(mut contexts: EguiContexts) -> Result {
    egui::Window::new("Hello").show(contexts.ctx_mut()?, |ui| {
        ui.label("world");
    });
    Ok(())
}
