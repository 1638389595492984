//! The attempts database the app records to and reads from.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use bevy::prelude::*;
use dealcraft_core::bundled;
use dealcraft_store::{Store, StoreError};

/// The attempts database. It is opened on a thread of its own (migrations and the writability
/// check can take a while, up to the busy timeout when another program holds the file), so the
/// first frame never waits for it; whoever needs it first waits until it is open.
#[derive(Resource)]
pub struct Db {
    opened: Arc<OnceLock<Opened>>,
    pub path: Option<PathBuf>,
}

/// What opening gave: the store, or why there is none (or why it cannot be written).
#[derive(Default)]
struct Opened {
    store: Option<Mutex<Store>>,
    error: Option<String>,
}

/// No database, as in tests.
impl Default for Db {
    fn default() -> Db {
        Db {
            opened: Arc::new(OnceLock::from(Opened::default())),
            path: None,
        }
    }
}

impl Db {
    pub fn open(path: &std::path::Path) -> Db {
        let opened = Arc::new(OnceLock::new());
        let cell = opened.clone();
        let file = path.to_owned();
        std::thread::spawn(move || {
            let opened: &Opened = cell.get_or_init(|| match Store::open(&file) {
                // A read-only file still shows the history; the settings screen says why
                // nothing new will be kept.
                Ok(store) => Opened {
                    error: store.check_writable().err().map(|e| e.to_string()),
                    store: Some(Mutex::new(store)),
                },
                Err(e) => Opened {
                    store: None,
                    error: Some(e.to_string()),
                },
            });
            // Attempts scored under older rules are re-scored here too, so History and boards
            // compare like with like.
            if let Some(store) = &opened.store {
                let store = store.lock().unwrap_or_else(|e| e.into_inner());
                let _ = store.rescore(&bundled::find);
            }
        });
        Db {
            opened,
            path: Some(path.to_owned()),
        }
    }

    /// Where attempts go, for the settings screen.
    pub fn describe(&self) -> String {
        match (&self.path, self.opened.get()) {
            (_, Some(Opened { error: Some(e), .. })) => format!("⚠ {e}"),
            (Some(p), Some(_)) => format!("🗄 {}", p.display()),
            (Some(p), None) => format!("🗄 {} …", p.display()),
            (None, _) => "🗄 —".into(),
        }
    }

    /// Runs `f` on the store; a missing store is an error message for the notice line.
    pub fn with<T>(&self, f: impl FnOnce(&Store) -> Result<T, StoreError>) -> Result<T, String> {
        self.handle()?.with(f)
    }

    /// A handle to the store for a background job; an error at once if it is known that there
    /// is no store, else the job finds out when it runs.
    pub fn handle(&self) -> Result<DbHandle, String> {
        match self.opened.get() {
            Some(Opened { store: None, error }) => Err(no_store(error)),
            _ => Ok(DbHandle(self.opened.clone())),
        }
    }
}

fn no_store(error: &Option<String>) -> String {
    error
        .clone()
        .unwrap_or_else(|| "no attempts database".into())
}

/// The store, shared with a thread.
#[derive(Clone)]
pub struct DbHandle(Arc<OnceLock<Opened>>);

impl DbHandle {
    /// Runs `f` on the store, waiting until it is open and for other users of it.
    pub fn with<T>(&self, f: impl FnOnce(&Store) -> Result<T, StoreError>) -> Result<T, String> {
        let opened = self.0.wait();
        let store = opened
            .store
            .as_ref()
            .ok_or_else(|| no_store(&opened.error))?;
        let store = store.lock().unwrap_or_else(|e| e.into_inner());
        f(&store).map_err(|e| e.to_string())
    }
}
