//! The scenario editor: a trainer builds a client through forms instead of writing RON, sees
//! the guide's text and the validator's diagnostics beside each field as they type, tries the
//! draft in coach mode, balances it (the analyzer's bots and the exploit search, in the
//! background) and saves a file that `dealcraft validate` accepts.
//!
//! Each tab is a plain function over the draft (`client`, `product`, `needs`, `objections`,
//! `deal`, `lines`, `balance`); `form` has the rows they share, `draft` the draft and its
//! checks, `save` what saving writes and loses. Actions go through [`EditorAction`] messages, so
//! the UI and the headless tests drive the editor the same way.

pub mod balance;
mod client;
mod deal;
pub mod draft;
pub mod form;
mod lines;
mod needs;
mod objections;
mod product;
pub mod save;
#[cfg(test)]
mod tests;

use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};
use dealcraft_core::bundled;
use dealcraft_core::scenario::Lang;

use self::draft::{Draft, Source};
use self::form::Form;
use super::Screen;
use super::i18n::{UiLang, t};
use super::model::{Context, Library, Origin, Play, Settings, UiAction};
use super::scenarios::ScenarioFolders;
use super::waker::Waker;
use super::widgets::Chrome;

/// The editor's logic, without UI: headless tests run it too.
pub(super) fn logic_plugin(app: &mut App) {
    app.init_resource::<EditorUi>()
        .add_message::<EditorAction>()
        .add_systems(PreUpdate, (open_requested, apply).chain())
        .add_systems(Update, (check, collect_balance));
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.run_if(in_state(Screen::Editor)),
    );
}

/// The editor's tabs, one per part of the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Client,
    Product,
    Needs,
    Objections,
    Deal,
    Lines,
    Balance,
}

impl Tab {
    const ALL: [Tab; 7] = [
        Tab::Client,
        Tab::Product,
        Tab::Needs,
        Tab::Objections,
        Tab::Deal,
        Tab::Lines,
        Tab::Balance,
    ];

    fn label(self, lang: UiLang) -> &'static str {
        match self {
            Tab::Client => t(lang, "Card & client", "Карточка и клиент"),
            Tab::Product => t(lang, "Product", "Продукт"),
            Tab::Needs => t(lang, "Needs", "Потребности"),
            Tab::Objections => t(lang, "Objections", "Возражения"),
            Tab::Deal => t(lang, "Deal & after", "Сделка и после"),
            Tab::Lines => t(lang, "Client's lines", "Реплики клиента"),
            Tab::Balance => t(lang, "⚖ Balance report", "⚖ Отчёт о балансе"),
        }
    }

    /// The tab that holds a field.
    pub fn of(field: &str) -> Tab {
        match field.split(['.', '[']).next().unwrap_or_default() {
            "product" => Tab::Product,
            "needs" => Tab::Needs,
            "objections" => Tab::Objections,
            "negotiation" | "follow_up" | "debt" => Tab::Deal,
            "lines" => Tab::Lines,
            _ => Tab::Client,
        }
    }
}

/// The editor's state.
#[derive(Resource)]
pub struct EditorUi {
    pub draft: Option<Draft>,
    pub tab: Tab,
    /// A field to scroll to on the next frame.
    pub focus: Option<String>,
    /// The guide's text under every field.
    pub help: bool,
    pub balance: balance::Balance,
    /// A save waiting for confirmation.
    pub save: Option<save::Plan>,
    /// An open or a new draft waiting for "discard the unsaved changes".
    pub discard: Option<EditorAction>,
    /// The last thing that happened (saved, could not open ...).
    pub notice: Option<String>,
}

impl Default for EditorUi {
    fn default() -> Self {
        EditorUi {
            draft: None,
            tab: Tab::default(),
            focus: None,
            help: true,
            balance: balance::Balance::default(),
            save: None,
            discard: None,
            notice: None,
        }
    }
}

/// What the editor's screen asks for.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum EditorAction {
    /// Open a library scenario (a user file first, else the bundled one) by id.
    Open(String),
    /// Start from the template, in a language.
    New(Lang),
    /// Drop the unsaved changes and do what waited for that.
    Discard,
    /// Keep the unsaved changes.
    KeepEditing,
    /// Play the draft in coach mode.
    Try,
    /// Run the bots and the exploit search on the draft.
    Balance,
    /// Say what saving will write and lose.
    Save,
    ConfirmSave,
    CancelSave,
    /// Show a field: its tab, scrolled to it.
    Jump(String),
}

/// The library's "✏ Edit" and the top bar's "✏ Editor".
fn open_requested(mut actions: MessageReader<UiAction>, mut out: MessageWriter<EditorAction>) {
    for a in actions.read() {
        if let UiAction::Edit(Some(id)) = a {
            out.write(EditorAction::Open(id.clone()));
        }
    }
}

/// Re-runs the checks after an edit (headless tests edit the draft directly, too).
fn check(mut state: ResMut<EditorUi>) {
    if let Some(d) = state.draft.as_mut() {
        d.check();
    }
}

fn collect_balance(mut state: ResMut<EditorUi>) {
    if state.balance.job.is_some() {
        state.balance.collect();
    }
}

#[expect(clippy::too_many_arguments, reason = "a system's parameters")]
fn apply(
    mut actions: MessageReader<EditorAction>,
    mut state: ResMut<EditorUi>,
    mut library: ResMut<Library>,
    mut play: ResMut<Play>,
    mut next: ResMut<NextState<Screen>>,
    folders: Res<ScenarioFolders>,
    settings: Res<Settings>,
    waker: Option<Res<Waker>>,
) {
    let lang = settings.lang;
    for action in actions.read() {
        let state = &mut *state;
        match action.clone() {
            a @ (EditorAction::Open(_) | EditorAction::New(_))
                if state.draft.as_ref().is_some_and(|d| d.dirty) =>
            {
                state.discard = Some(a);
            }
            EditorAction::Open(id) => open(state, &library, &id, lang),
            EditorAction::New(lang) => {
                state.draft = Some(Draft::from_template(lang));
                state.tab = Tab::Client;
                state.notice = None;
            }
            EditorAction::Discard => {
                if let Some(d) = state.draft.as_mut() {
                    d.dirty = false;
                }
                match state.discard.take() {
                    Some(EditorAction::Open(id)) => open(state, &library, &id, lang),
                    Some(EditorAction::New(lang)) => state.draft = Some(Draft::from_template(lang)),
                    _ => {}
                }
            }
            EditorAction::KeepEditing => state.discard = None,
            EditorAction::Try => match state.draft.as_ref().and_then(Draft::loaded) {
                Some(loaded) => {
                    play.prepare(loaded, Context::Draft);
                    next.set(Screen::Preparation);
                }
                None => {
                    state.notice = Some(
                        t(
                            lang,
                            "fix the errors first: a draft with errors cannot be played",
                            "сначала исправьте ошибки: черновик с ошибками нельзя сыграть",
                        )
                        .into(),
                    );
                }
            },
            EditorAction::Balance => {
                let ready = state
                    .draft
                    .as_ref()
                    .and_then(|d| Some((d.text.clone(), d.loaded()?)));
                if let (Some((text, loaded)), None) = (ready, &state.balance.job) {
                    state.balance.start(text, loaded, waker.as_deref().cloned());
                }
                state.tab = Tab::Balance;
            }
            EditorAction::Save => {
                let (Some(d), Some(folder)) = (&state.draft, folders.0.first()) else {
                    state.notice = Some(
                        t(
                            lang,
                            "no scenario folder to save in",
                            "нет папки сценариев для сохранения",
                        )
                        .into(),
                    );
                    continue;
                };
                state.save = Some(save::plan(d, folder));
            }
            EditorAction::ConfirmSave => {
                if let Some(plan) = state.save.take() {
                    state.notice = Some(saved(state, &mut library, &plan, lang));
                }
            }
            EditorAction::CancelSave => state.save = None,
            EditorAction::Jump(field) => {
                state.tab = Tab::of(&field);
                state.focus = Some(field);
            }
        }
    }
}

/// Opens the library's scenario `id`: its file as it is on disk, or the last version that
/// loaded when the file is broken now.
fn open(state: &mut EditorUi, library: &Library, id: &str, lang: UiLang) {
    let entry = library
        .entries
        .iter()
        .rev()
        .find(|e| e.loaded.as_ref().is_some_and(|l| l.scenario.id == id));
    let Some(entry) = entry else {
        state.notice = Some(format!(
            "{} `{id}`",
            t(
                lang,
                "no such scenario in the library:",
                "в библиотеке нет сценария"
            )
        ));
        return;
    };
    let (source, text) = match &entry.origin {
        Origin::Bundled(name) => (
            Source::Bundled(name.clone()),
            bundled::source(id).map(str::to_owned),
        ),
        Origin::File(path) => (
            Source::File(path.clone()),
            std::fs::read_to_string(path).ok(),
        ),
    };
    let last_good = entry.loaded.as_ref().map(|l| l.scenario.clone());
    let parsed = text
        .as_deref()
        .and_then(|t| dealcraft_core::load_scenario(&entry.name, t.as_bytes()).ok())
        .map(|l| l.scenario);
    state.notice = match (&parsed, &entry.error) {
        (None, Some(_)) => Some(format!(
            "{} {}",
            entry.name,
            t(
                lang,
                "has errors now: the editor opened the last version that loaded; saving replaces the file",
                "сейчас с ошибками: открыта последняя версия, которая загружалась; сохранение заменит файл",
            )
        )),
        _ => None,
    };
    let Some(scenario) = parsed.or(last_good) else {
        return;
    };
    state.draft = Some(Draft::new(scenario, source, text));
    state.tab = Tab::Client;
    state.save = None;
    state.focus = None;
}

/// Writes the plan's file and puts it in the library at once (the folder watcher confirms it
/// a moment later); what to tell the trainer.
fn saved(state: &mut EditorUi, library: &mut Library, plan: &save::Plan, lang: UiLang) -> String {
    if let Err(e) = save::write(&plan.target, &plan.text) {
        return e;
    }
    let name = plan
        .target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let loaded = dealcraft_core::load_scenario(&name, plan.text.as_bytes())
        .map(std::sync::Arc::new)
        .map_err(|d| d.to_string());
    library.upsert(Origin::File(plan.target.clone()), name, loaded);
    if let Some(d) = state.draft.as_mut() {
        d.source = Source::File(plan.target.clone());
        d.original = Some(plan.text.clone());
        d.dirty = false;
    }
    format!(
        "{} {}",
        t(lang, "saved", "сохранено:"),
        plan.target.display()
    )
}

fn draw(
    mut chrome: Chrome,
    mut state: ResMut<EditorUi>,
    library: Res<Library>,
    mut out: MessageWriter<EditorAction>,
) -> Result {
    let mut root = chrome.begin(Screen::Editor)?;
    let lang = chrome.settings.lang;
    let ids = library_ids(&library);
    egui::Panel::top("editor-toolbar").show(&mut root, |ui| {
        out.write_batch(toolbar(ui, &mut state, &ids, lang));
    });
    if state.draft.is_some() {
        egui::Panel::left("editor-diagnostics")
            .resizable(true)
            .default_size(320.0)
            .show(&mut root, |ui| {
                if let Some(d) = &state.draft {
                    out.write_batch(diagnostics(ui, d, lang));
                }
            });
    }
    egui::CentralPanel::default().show(&mut root, |ui| {
        out.write_batch(body(ui, &mut state, lang));
    });
    if state.balance.job.is_some() {
        chrome
            .contexts
            .ctx_mut()?
            .request_repaint_after(std::time::Duration::from_millis(200));
    }
    Ok(())
}

/// The library's scenarios, by id and title, for "Open".
pub fn library_ids(library: &Library) -> Vec<(String, String)> {
    let mut ids: Vec<(String, String)> = Vec::new();
    for e in library.entries.iter().rev() {
        if let Some(l) = &e.loaded
            && !ids.iter().any(|(id, _)| *id == l.scenario.id)
        {
            ids.push((l.scenario.id.clone(), l.scenario.title.clone()));
        }
    }
    ids.sort();
    ids
}

/// Open, new, try, balance, save, and the draft's state in one line.
pub fn toolbar(
    ui: &mut egui::Ui,
    state: &mut EditorUi,
    ids: &[(String, String)],
    lang: UiLang,
) -> Vec<EditorAction> {
    let mut out = Vec::new();
    ui.horizontal_wrapped(|ui| {
        egui::ComboBox::from_id_salt("editor-open")
            .selected_text(t(lang, "📂 Open…", "📂 Открыть…"))
            .show_ui(ui, |ui| {
                for (id, title) in ids {
                    if ui
                        .selectable_label(false, format!("{id} — {title}"))
                        .clicked()
                    {
                        out.push(EditorAction::Open(id.clone()));
                    }
                }
            });
        if ui
            .button(t(lang, "🆕 New (English)", "🆕 Новый (англ.)"))
            .clicked()
        {
            out.push(EditorAction::New(Lang::En));
        }
        if ui
            .button(t(lang, "🆕 New (Russian)", "🆕 Новый (рус.)"))
            .clicked()
        {
            out.push(EditorAction::New(Lang::Ru));
        }
        let Some(d) = &state.draft else { return };
        ui.separator();
        let playable = d.errors() == 0;
        let why = t(
            lang,
            "fix the errors first: a draft with errors cannot be played",
            "сначала исправьте ошибки: черновик с ошибками нельзя сыграть",
        );
        if ui
            .add_enabled(
                playable,
                egui::Button::new(t(lang, "▶ Try it", "▶ Попробовать")),
            )
            .on_hover_text(t(
                lang,
                "play the draft in coach mode; nothing is recorded",
                "сыграть черновик в режиме тренера; ничего не сохраняется",
            ))
            .on_disabled_hover_text(why)
            .clicked()
        {
            out.push(EditorAction::Try);
        }
        if ui
            .add_enabled(
                playable && state.balance.job.is_none(),
                egui::Button::new(t(lang, "⚖ Balance", "⚖ Баланс")),
            )
            .on_disabled_hover_text(why)
            .clicked()
        {
            out.push(EditorAction::Balance);
        }
        if ui.button(t(lang, "💾 Save", "💾 Сохранить")).clicked() {
            out.push(EditorAction::Save);
        }
        ui.checkbox(&mut state.help, t(lang, "📖 help", "📖 справка"));
        ui.separator();
        let status = format!(
            "{}{} · ⛔ {} · ⚠ {}",
            d.scenario.id,
            if d.dirty { " *" } else { "" },
            d.errors(),
            d.warnings()
        );
        let color = if d.errors() > 0 {
            form::ERROR
        } else {
            ui.visuals().text_color()
        };
        ui.colored_label(color, status)
            .on_hover_text(source_text(&d.source, lang));
    });
    if let Some(n) = &state.notice {
        ui.label(egui::RichText::new(n).italics());
    }
    if let Some(waiting) = &state.discard {
        ui.horizontal(|ui| {
            ui.colored_label(
                form::WARNING,
                t(
                    lang,
                    "The draft has unsaved changes.",
                    "В черновике есть несохранённые изменения.",
                ),
            );
            let what = match waiting {
                EditorAction::Open(id) => format!("📂 {id}"),
                _ => t(lang, "🆕 new", "🆕 новый").to_owned(),
            };
            if ui
                .button(format!(
                    "{} {what}",
                    t(lang, "Discard them and open", "Отбросить и открыть")
                ))
                .clicked()
            {
                out.push(EditorAction::Discard);
            }
            if ui
                .button(t(lang, "Keep editing", "Продолжить правку"))
                .clicked()
            {
                out.push(EditorAction::KeepEditing);
            }
        });
    }
    out
}

fn source_text(source: &Source, lang: UiLang) -> String {
    match source {
        Source::Bundled(name) => format!(
            "{} {name}: {}",
            t(lang, "bundled", "встроенный"),
            t(
                lang,
                "saved as a new file in your scenario folder",
                "сохраняется новым файлом в вашей папке сценариев"
            )
        ),
        Source::File(path) => path.display().to_string(),
        Source::Template => t(
            lang,
            "the template: saved as a new file in your scenario folder",
            "шаблон: сохраняется новым файлом в вашей папке сценариев",
        )
        .to_owned(),
    }
}

/// Every diagnostic of the draft, errors first, each with a jump to its field.
pub fn diagnostics(ui: &mut egui::Ui, d: &Draft, lang: UiLang) -> Vec<EditorAction> {
    let mut out = Vec::new();
    ui.label(egui::RichText::new(t(lang, "Checks", "Проверки")).strong());
    if d.diagnostics.is_empty() {
        ui.colored_label(
            egui::Color32::from_rgb(30, 120, 60),
            t(
                lang,
                "✔ No errors, no warnings.",
                "✔ Ни ошибок, ни предупреждений.",
            ),
        );
        return out;
    }
    egui::ScrollArea::vertical()
        .id_salt("editor-checks")
        .show(ui, |ui| {
            let mut sorted: Vec<_> = d.diagnostics.iter().collect();
            sorted.sort_by_key(|x| !x.is_error());
            for x in sorted {
                form::diagnostic(ui, x);
                if let Some(field) = &x.field
                    && ui.small_button(format!("➡ {field}")).clicked()
                {
                    out.push(EditorAction::Jump(field.clone()));
                }
                ui.add_space(4.0);
            }
        });
    out
}

/// The tabs and the one shown; the save confirmation above them; a start page without a draft.
pub fn body(ui: &mut egui::Ui, state: &mut EditorUi, lang: UiLang) -> Vec<EditorAction> {
    let mut out = Vec::new();
    let Some(draft) = state.draft.as_mut() else {
        start_page(ui, lang);
        return out;
    };
    if let Some(plan) = &state.save {
        match save::panel(ui, plan, lang) {
            Some(true) => out.push(EditorAction::ConfirmSave),
            Some(false) => out.push(EditorAction::CancelSave),
            None => {}
        }
        ui.add_space(6.0);
    }
    ui.horizontal_wrapped(|ui| {
        for tab in Tab::ALL {
            let marks = match tab {
                Tab::Balance => String::new(),
                _ => tab_marks(draft, tab),
            };
            ui.selectable_value(&mut state.tab, tab, format!("{}{marks}", tab.label(lang)));
        }
    });
    ui.separator();
    if state.tab == Tab::Balance {
        let ready = draft.errors() == 0;
        let asks = balance::panel(ui, &mut state.balance, &draft.text, ready, lang);
        for a in asks {
            out.push(match a {
                balance::Ask::Run => EditorAction::Balance,
                balance::Ask::Jump(f) => EditorAction::Jump(f),
            });
        }
        return out;
    }
    let diagnostics = draft.diagnostics.clone();
    let mut f = Form {
        diagnostics: &diagnostics,
        focus: &mut state.focus,
        help: state.help,
        lang,
    };
    egui::ScrollArea::vertical()
        .id_salt(("editor-tab", state.tab as u8))
        .auto_shrink([false, false])
        .show(ui, |ui| match state.tab {
            Tab::Client => client::panel(ui, &mut draft.scenario, &mut f),
            Tab::Product => product::panel(ui, &mut draft.scenario, &mut f),
            Tab::Needs => needs::panel(ui, draft, &mut f),
            Tab::Objections => objections::panel(ui, draft, &mut f),
            Tab::Deal => deal::panel(ui, &mut draft.scenario, &mut f),
            Tab::Lines => lines::panel(ui, &mut draft.scenario, &mut f),
            Tab::Balance => {}
        });
    out
}

/// `⛔ 1` or `⚠ 3` after a tab's name, for the diagnostics in it.
fn tab_marks(d: &Draft, tab: Tab) -> String {
    let (mut e, mut w) = (0, 0);
    for x in &d.diagnostics {
        if x.field.as_deref().map(Tab::of) == Some(tab) {
            if x.is_error() {
                e += 1;
            } else {
                w += 1;
            }
        }
    }
    match (e, w) {
        (0, 0) => String::new(),
        (0, w) => format!(" ⚠{w}"),
        (e, _) => format!(" ⛔{e}"),
    }
}

fn start_page(ui: &mut egui::Ui, lang: UiLang) {
    ui.heading(t(lang, "Scenario editor", "Редактор сценариев"));
    ui.label(t(
        lang,
        "Open a scenario from the library (📂 Open, or ✏ Edit on its card) or start from the template (🆕 New). Every field has the guide's text beside it and the same checks as `dealcraft validate`, as you type. ▶ Try it plays the draft in coach mode, ⚖ Balance lets bots play it, 💾 Save writes the file into your scenario folder, where the library picks it up; a text editor on the same file keeps working too.",
        "Откройте сценарий из библиотеки (📂 Открыть или ✏ Изменить на карточке) или начните с шаблона (🆕 Новый). У каждого поля — текст из руководства и те же проверки, что у `dealcraft validate`, прямо по ходу ввода. ▶ Попробовать — сыграть черновик в режиме тренера, ⚖ Баланс — дать ботам его сыграть, 💾 Сохранить — записать файл в вашу папку сценариев, откуда его возьмёт библиотека; правка того же файла в текстовом редакторе тоже работает.",
    ));
}
