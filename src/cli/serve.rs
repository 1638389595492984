//! `dealcraft workshop` and `dealcraft serve`: create workshops in the store and run the LAN
//! server that players join with a code.

use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dealcraft_server::{Config, Server};
use dealcraft_store::{NewWorkshop, Store, Workshop};

use super::source;

/// `println!` that never panics: `serve` keeps serving when its output is closed
/// (`dealcraft serve ... | head -3`), since it keeps Rust's SIGPIPE handling for its sockets.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// What a new workshop is made from on the command line.
pub struct NewOptions {
    pub scenario: String,
    pub seed: Option<u64>,
    pub rubric: Option<PathBuf>,
    pub name: Option<String>,
    pub roster: Vec<String>,
}

pub fn open(db: &Path) -> Result<Store, String> {
    Store::open(db).map_err(|e| e.to_string())
}

pub fn create(store: &Store, opts: NewOptions) -> Result<Workshop, String> {
    let (loaded, text) = source::scenario_with_text(&opts.scenario)?;
    let rubric = source::rubric(opts.rubric.as_deref())?;
    let name = opts
        .name
        .unwrap_or_else(|| format!("{} workshop", loaded.scenario.title));
    let name: String = name.chars().take(dealcraft_store::MAX_NAME).collect();
    store
        .create_workshop(&NewWorkshop {
            name,
            scenario_source: text,
            scenario: loaded.scenario.id.clone(),
            scenario_hash: loaded.hash,
            rubric,
            seed: opts.seed.unwrap_or_else(crate::fresh_seed),
            roster: opts.roster,
        })
        .map_err(|e| e.to_string())
}

pub fn print_workshop(w: &Workshop) {
    say!(
        "Workshop {}: {} — scenario `{}`, seed {}, rubric `{}`{}",
        w.id,
        w.name,
        w.scenario,
        w.seed,
        w.rubric.name,
        if w.roster.is_empty() {
            String::new()
        } else {
            format!(", players {}", w.roster.join(", "))
        }
    );
}

pub fn list(store: &Store) -> Result<ExitCode, String> {
    let all = store.workshops().map_err(|e| e.to_string())?;
    if all.is_empty() {
        say!("No workshops yet: `dealcraft workshop new --scenario ID` makes one.");
    }
    for w in &all {
        print_workshop(w);
    }
    Ok(ExitCode::SUCCESS)
}

/// What `serve` does besides serving the workshop.
pub struct Extras {
    /// Send each verified attempt to the LRS of `lrs.ron`.
    pub forward_lrs: bool,
    /// An assignment file to hand out.
    pub assignment: Option<PathBuf>,
}

pub fn serve(
    db: PathBuf,
    addr: SocketAddr,
    code: Option<String>,
    workshop: Option<i64>,
    new: Option<NewOptions>,
    extras: Extras,
) -> Result<ExitCode, String> {
    // Read before the server starts: files that do not read stop it at once.
    let assignment = match &extras.assignment {
        Some(path) => {
            let a = crate::learning::read_assignment(path)?;
            say!(
                "Handing out the assignment \"{}\" (due {}).",
                a.title,
                a.due
            );
            Some(std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?)
        }
        None => None,
    };
    let lrs = if extras.forward_lrs {
        let data = crate::paths::data_dir();
        let loaded = super::lrs::config(&data)?;
        if loaded.missing {
            return Err(format!(
                "--forward-lrs: no LRS settings at {} (docs/lms.md shows the file)",
                loaded.path.display()
            ));
        }
        loaded
            .config
            .check_sending(&loaded.path)
            .map_err(|e| e.to_string())?;
        Some((loaded.config, data))
    } else {
        None
    };
    // Without --code: 60 random bits, in groups that read aloud well.
    let code = code.unwrap_or_else(dealcraft_server::code::new_code);
    let store = open(&db)?;
    // Every submission is written here: a read-only file must stop the server before it starts.
    store.check_writable().map_err(|e| e.to_string())?;
    let w = match (workshop, new) {
        (Some(id), _) => store.workshop(id).map_err(|e| e.to_string())?,
        (None, Some(opts)) => create(&store, opts)?,
        (None, None) => {
            return Err("name a workshop with --workshop ID, or a scenario with --scenario".into());
        }
    };
    drop(store);
    let config = Config {
        assignment,
        ..Config::new(addr, db.clone(), w.id, &code)
    };
    let server = Server::start(config).map_err(|e| e.to_string())?;
    let bound = server.addr();
    print_workshop(&w);
    say!("Database: {}", db.display());
    let shown = if bound.ip().is_unspecified() {
        lan_ip().map_or(bound, |ip| SocketAddr::new(ip, bound.port()))
    } else {
        bound
    };
    say!("Scoreboard for the projector: http://{shown}/");
    say!("Players join with address {shown} and code {code}:");
    say!("  in the app: Workshop → Join a server; or in a terminal:");
    say!("  dealcraft play --server {shown} --code {code} --player NAME");
    say!("  (case, dashes and spaces in the code do not matter; O reads as 0, I and L as 1)");
    if dealcraft_server::code::normalize(&code).len() < 10 {
        say!(
            "Note: a short code can be guessed by someone with many addresses; without --code, \
             serve makes one of 60 random bits."
        );
    }
    print_trainer(server.trainer_token(), &shown);
    if bound.ip().is_loopback() {
        say!(
            "Listening on this machine only. To let other machines join, serve with \
             --addr 0.0.0.0:{} (everyone on the network can then open the scoreboard).",
            bound.port()
        );
    }
    if let Some((config, data)) = lrs {
        say!(
            "Forwarding each verified attempt to the LRS at {}.",
            config.endpoint
        );
        let db = db.clone();
        std::thread::spawn(move || super::lrs::forward(&db, &config, &data));
    }
    say!("CSV export: http://{shown}/api/board.csv — stop with Ctrl+C.");
    server.wait().map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}

/// The trainer token and what it is for: the only place it is ever shown.
fn print_trainer(token: &str, shown: &SocketAddr) {
    say!("Trainer token (not stored anywhere; it works until the server stops): {token}");
    say!(
        "  An address that sends 20 wrong codes within a minute is locked out for a minute, twice \
         as long each time it happens again; other addresses are not affected. To see lockouts:"
    );
    say!("  curl -H 'X-Trainer-Token: {token}' http://{shown}/api/admin/lockouts");
    say!("  and to lift one (a player who mistyped the code):");
    say!(
        "  curl -X DELETE -H 'X-Trainer-Token: {token}' http://{shown}/api/admin/lockouts/ADDRESS"
    );
}

/// This machine's address on the local network, to print a URL players can type. Connecting a
/// UDP socket sends nothing; it only picks the outgoing interface.
fn lan_ip() -> Option<IpAddr> {
    let socket = UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.168.255.255:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified()).then_some(ip)
}
