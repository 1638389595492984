//! Workshops from the app's side: creating a hot-seat workshop, a player's turn at it, joining
//! one on a server and exporting its board.

use std::sync::Arc;

use dealcraft_core::LoadedScenario;
use dealcraft_store::Workshop;

use super::super::Screen;
use super::jobs;
use super::state::{Context, PrepUi, Stored, WorkshopForm};
use super::world::Model;

impl Model<'_> {
    /// Creates a workshop on a library scenario; it is shown once written.
    pub(super) fn create_workshop(&mut self, form: WorkshopForm) {
        let Some(loaded) = self.library.find(&form.scenario).cloned() else {
            return self.say(Some(format!("no scenario `{}`", form.scenario)));
        };
        let Some(origin) = self.library.entry_of(&loaded).map(|e| e.origin.clone()) else {
            return self.say(Some("the scenario is no longer in the library".into()));
        };
        let db = match self.db.handle() {
            Ok(db) => db,
            Err(e) => return self.say(Some(e)),
        };
        self.background.disk(self.waker(), move || {
            Some(jobs::create_workshop(db, form, loaded, origin))
        });
    }

    pub(super) fn workshop_created(&mut self, result: Result<i64, String>) {
        match result {
            Ok(id) => {
                self.say(None);
                self.stored.write(super::state::Stored);
                self.shown.0 = Some(id);
            }
            Err(e) => self.say(Some(e)),
        }
    }

    /// A player's turn at a hot-seat workshop: on to preparation once the name and the file
    /// are checked and the scenario is loaded.
    pub(super) fn play_workshop(&mut self, workshop: i64, player: String) {
        match self.db.handle() {
            Ok(db) => self.background.disk(self.waker(), move || {
                Some(jobs::workshop_ready(db, workshop, player))
            }),
            Err(e) => self.say(Some(e)),
        }
    }

    pub(super) fn workshop_ready(
        &mut self,
        player: String,
        result: Result<Box<(Workshop, LoadedScenario)>, String>,
    ) {
        let (w, loaded) = match result {
            Ok(ready) => *ready,
            Err(e) => return self.say(Some(e)),
        };
        let context = Context::Workshop {
            id: w.id,
            name: w.name,
            player,
            seed: w.seed,
            rubric: w.rubric,
        };
        self.prepare(Arc::new(loaded), context);
    }

    /// Joins a workshop on a server; its preparation opens when the server answers.
    pub(super) fn join(&mut self, address: String, code: String, player: String) {
        if let Err(e) = dealcraft_store::check_name(&player) {
            return self.say(Some(e.to_string()));
        }
        self.background.joining = true;
        self.say(None);
        self.background
            .spawn(self.waker(), move || jobs::join(address, code, player));
    }

    pub(super) fn joined(
        &mut self,
        (address, code, player): (String, String, String),
        result: Result<Box<(dealcraft_server::WorkshopInfo, Arc<LoadedScenario>)>, String>,
    ) {
        self.background.joining = false;
        let (info, loaded) = match result {
            Ok(joined) => *joined,
            Err(e) => return self.say(Some(e)),
        };
        // The trainer's assignment, if the server hands one out: kept like an opened file, so
        // the Library shows it first (the learning plugin reads it again on `Stored`).
        let taken = match (&info.assignment, self.data.as_deref()) {
            (Some(text), Some(data)) => Some(crate::learning::take_assignment(
                &data.0,
                "the workshop's assignment",
                text.as_bytes(),
            )),
            _ => None,
        };
        let context = Context::Server {
            address,
            code,
            name: info.name,
            player,
            seed: info.seed,
            rubric: info.rubric,
        };
        self.prepare(loaded, context);
        match taken {
            Some(Ok((a, _))) => {
                self.say(Some(format!("📌 {} ({})", a.title, a.due)));
                self.stored.write(Stored);
            }
            Some(Err(e)) => self.say(Some(e)),
            None => {}
        }
    }

    /// On to the preparation of a workshop session, with a blank plan.
    fn prepare(&mut self, loaded: Arc<LoadedScenario>, context: Context) {
        self.play.prepare(loaded, context);
        self.say(None);
        *self.prep = PrepUi::default();
        self.open(Screen::Preparation);
    }

    /// Saves a workshop's board as CSV in the data folder.
    pub(super) fn export_csv(&mut self, id: i64) {
        let Some(dir) = self.data.as_deref().map(|d| d.0.clone()) else {
            return self.say(Some("no data folder to save to".into()));
        };
        match self.db.handle() {
            Ok(db) => self
                .background
                .disk(self.waker(), move || Some(jobs::export_csv(db, dir, id))),
            Err(e) => self.say(Some(e)),
        }
    }
}
