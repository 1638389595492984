//! The attempts database the app records to and reads from.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bevy::prelude::*;
use dealcraft_core::bundled;
use dealcraft_store::{Store, StoreError};

/// The attempts database; `None` in tests and when it cannot be opened (then `error` says why,
/// as it does when the file opened but cannot be written).
#[derive(Resource, Default)]
pub struct Db {
    /// Shared with the threads that read and write it.
    pub store: Option<Arc<Mutex<Store>>>,
    pub error: Option<String>,
    pub path: Option<PathBuf>,
}

impl Db {
    pub fn open(path: &std::path::Path) -> Db {
        let (store, error) = match Store::open(path) {
            // A read-only file still shows the history; the settings screen says why nothing
            // new will be kept.
            Ok(store) => {
                let warning = store.check_writable().err().map(|e| e.to_string());
                (Some(Arc::new(Mutex::new(store))), warning)
            }
            Err(e) => (None, Some(e.to_string())),
        };
        if let Some(store) = &store {
            // Attempts scored under older rules are re-scored off the UI thread, so History and
            // boards compare like with like.
            let store = store.clone();
            std::thread::spawn(move || {
                let store = store.lock().unwrap_or_else(|e| e.into_inner());
                let _ = store.rescore(&|id, hash| {
                    bundled::load_exact(id, hash).map(|l| Arc::new(l.scenario))
                });
            });
        }
        Db {
            store,
            error,
            path: Some(path.to_owned()),
        }
    }

    /// Where attempts go, for the settings screen.
    pub fn describe(&self) -> String {
        match (&self.path, &self.error) {
            (_, Some(e)) => format!("⚠ {e}"),
            (Some(p), None) => format!("🗄 {}", p.display()),
            (None, None) => "🗄 —".into(),
        }
    }

    /// Runs `f` on the store; a missing store is an error message for the notice line.
    pub fn with<T>(&self, f: impl FnOnce(&Store) -> Result<T, StoreError>) -> Result<T, String> {
        self.handle()?.with(f)
    }

    /// A handle to the store for a background job.
    pub fn handle(&self) -> Result<DbHandle, String> {
        match &self.store {
            Some(store) => Ok(DbHandle(store.clone())),
            None => Err(self
                .error
                .clone()
                .unwrap_or_else(|| "no attempts database".into())),
        }
    }
}

/// The store, shared with a thread.
#[derive(Clone)]
pub struct DbHandle(Arc<Mutex<Store>>);

impl DbHandle {
    /// Runs `f` on the store, waiting for other users of it.
    pub fn with<T>(&self, f: impl FnOnce(&Store) -> Result<T, StoreError>) -> Result<T, String> {
        let store = self.0.lock().unwrap_or_else(|e| e.into_inner());
        f(&store).map_err(|e| e.to_string())
    }
}
