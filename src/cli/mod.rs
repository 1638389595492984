//! Command-line interface: the app by default, `validate`, `interpret`, `play`, `replay`,
//! `analyze`, `new`, `scores`, `workshop`, `serve`, `db`, `export`, `lrs`, `track`, `assign` and
//! `demo`.

mod analyze;
mod db;
mod interpret;
mod lrs;
mod new;
mod play;
mod report;
mod scores;
mod serve;
mod source;
mod track;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use dealcraft_core::bots::BotKind;
use dealcraft_core::scenario::Lang;

use crate::gui::{self, GuiOptions};

#[derive(Debug, Parser)]
#[command(
    name = "dealcraft",
    version,
    about = "Dealcraft: a training simulator for the skills of the sales cycle",
    long_about = "Dealcraft: a training simulator for the skills of the sales cycle.\n\nWithout a command it opens the desktop app."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Also load and watch the scenario files in this folder (the app and `demo`).
    #[arg(long, global = true)]
    scenarios: Option<PathBuf>,
    /// Play every session in the app with this seed.
    #[arg(long)]
    seed: Option<u64>,
    /// Exit the app after this many rendered frames (start-up benchmarks).
    #[arg(long)]
    exit_after_frames: Option<u32>,
    /// The attempts database (default: dealcraft.db in the data folder).
    #[arg(long, global = true, value_name = "FILE")]
    db: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum WorkshopAction {
    /// Create a workshop; prints its id.
    New {
        /// A scenario file or bundled id.
        #[arg(long)]
        scenario: String,
        /// The seed everyone plays (default: from the clock).
        #[arg(long)]
        seed: Option<u64>,
        /// A rubric file (default: the built-in default rubric).
        #[arg(long)]
        rubric: Option<PathBuf>,
        #[arg(long)]
        name: Option<String>,
        /// Hot-seat players in turn order, separated by commas.
        #[arg(long, value_delimiter = ',')]
        roster: Vec<String>,
    },
    /// List the workshops in the database.
    List,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check scenario and rubric files (or folders of them) and report every problem.
    Validate {
        /// Files or folders; folders are searched for `*.ron`.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Read a typed turn as a move (`dealcraft interpret SCENARIO "TEXT"`), or report the
    /// interpreter's accuracy on a labelled file (`--eval FILE.jsonl`).
    Interpret {
        /// A scenario file, or the id of a bundled scenario.
        scenario: String,
        /// What the trainee would type.
        text: Option<String>,
        /// The language of the text (default: by its letters).
        #[arg(long, value_enum)]
        lang: Option<interpret::LangArg>,
        /// Print JSON: the move, its confidence and the alternatives.
        #[arg(long)]
        json: bool,
        /// A labelled file: one `{"text": ..., "move": "<script syntax>"}` per line.
        #[arg(long, value_name = "FILE.jsonl")]
        eval: Option<PathBuf>,
    },
    /// Play a scenario in the terminal, by hand, with a bot or from a script.
    Play {
        /// A scenario file, or the id of a bundled scenario (`dealcraft play --list`).
        scenario: Option<String>,
        /// List the bundled scenarios and exit.
        #[arg(long)]
        list: bool,
        /// Seed for the client's randomness; the same seed and moves give the same session.
        #[arg(long)]
        seed: Option<u64>,
        /// Let a bot play: random, textbook, pushy or discounter.
        #[arg(long, conflicts_with = "script")]
        bot: Option<BotKind>,
        /// Play the moves in a RON file: `[Greet(Direct), SetAgenda, ...]`.
        #[arg(long)]
        script: Option<PathBuf>,
        /// A rubric file (default: the built-in default rubric).
        #[arg(long)]
        rubric: Option<PathBuf>,
        /// Print one JSON object with the outcome, scores, findings and transcript.
        #[arg(long)]
        json: bool,
        /// Write the session log (to replay or submit) to this file.
        #[arg(long)]
        log: Option<PathBuf>,
        /// Show the client's hidden meters as you play (coach mode).
        #[arg(long)]
        coach: bool,
        /// Say each turn in your own words (English or Russian); the app shows how it read it
        /// and you confirm before it is played.
        #[arg(long, conflicts_with_all = ["bot", "script"])]
        say: bool,
        /// Record the attempt under this player's name (in --db): 1 to 40 visible characters; a
        /// name that looks like another player's is refused. The name and the database are
        /// checked before the session starts.
        #[arg(long)]
        player: Option<String>,
        /// Play a workshop from a server (`host:port`) and submit the result there.
        /// A workshop is played by hand: no --bot or --script.
        #[arg(long, requires_all = ["code", "player"], conflicts_with_all = ["scenario", "seed", "rubric", "list", "bot", "script"])]
        server: Option<String>,
        /// The workshop's code, from the trainer.
        #[arg(long, requires = "server")]
        code: Option<String>,
        /// Play a workshop of this machine's database (hot seat), by id (`dealcraft workshop
        /// list`); by hand, like a server workshop.
        #[arg(long, requires = "player", conflicts_with_all = ["scenario", "seed", "rubric", "list", "bot", "script", "server"])]
        workshop: Option<i64>,
        /// The language of the findings, tips and labels: `en` or `ru` (default: the
        /// scenario's). The dialogue stays in the scenario's language.
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
    },
    /// Show the scoreboard: each player's best attempt with a column per stage, and the funnel.
    ///
    /// Long names are cut with "…"; a row that repeats another player's earlier moves says
    /// "same moves as NAME, TIME" (`copy_of` in CSV and JSON).
    Scores {
        /// Only this workshop's attempts.
        #[arg(long)]
        workshop: Option<i64>,
        /// Only this player's attempts.
        #[arg(long)]
        player: Option<String>,
        /// Only attempts on this scenario id.
        #[arg(long)]
        scenario: Option<String>,
        /// List every attempt (a history) instead of the board of best attempts.
        #[arg(long)]
        attempts: bool,
        #[arg(long, value_enum, default_value = "table")]
        format: scores::Format,
    },
    /// Create or list workshops: a scenario, seed and rubric everyone plays.
    Workshop {
        #[command(subcommand)]
        action: WorkshopAction,
    },
    /// Check, back up or restore the attempts database (--db).
    Db {
        #[command(subcommand)]
        action: db::Action,
    },
    /// Print attempts as xAPI 1.0.3 statements (one JSON array), as `lrs push` sends them.
    Export {
        /// The format: xAPI statements (the only one so far).
        #[arg(long, required = true)]
        xapi: bool,
        /// Only attempts recorded since this day (2026-12-01) or time (2026-12-01T09:00:00Z).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only this player's attempts.
        #[arg(long)]
        player: Option<String>,
    },
    /// Send results to a learning record store (the endpoint, key and secret are in lrs.ron in
    /// the data folder, see docs/lms.md).
    Lrs {
        #[command(subcommand)]
        action: lrs::Action,
    },
    /// Certification tracks: list them, or show a player's progress.
    Track {
        #[command(subcommand)]
        action: track::TrackAction,
    },
    /// Assignments from a trainer: open one, or list those taken.
    Assign {
        #[command(subcommand)]
        action: track::AssignAction,
    },
    /// Run a workshop server on the network: players join with the code; `/` is a live scoreboard.
    Serve {
        /// Address to listen on. The default is this machine only; `0.0.0.0:7878` lets the
        /// network in.
        #[arg(long, default_value = "127.0.0.1:7878")]
        addr: std::net::SocketAddr,
        /// The code players must give to fetch the workshop and submit. Without it, a random
        /// one of 60 bits is made and printed ("K7QM-2X9D-TR4E").
        #[arg(long)]
        code: Option<String>,
        /// Serve an existing workshop (`dealcraft workshop list`).
        #[arg(long, conflicts_with_all = ["scenario", "seed", "rubric", "name"])]
        workshop: Option<i64>,
        /// Or make a new workshop on this scenario (file or bundled id).
        #[arg(long, required_unless_present = "workshop")]
        scenario: Option<String>,
        #[arg(long)]
        seed: Option<u64>,
        #[arg(long)]
        rubric: Option<PathBuf>,
        /// The workshop's name on the scoreboard.
        #[arg(long)]
        name: Option<String>,
        /// Send each verified attempt to the learning record store of lrs.ron (as `lrs push`
        /// would), every few seconds; an LRS that is down is tried again later.
        #[arg(long)]
        forward_lrs: bool,
        /// Hand out this assignment file to everyone who joins (`dealcraft assign fetch`).
        #[arg(long, value_name = "FILE")]
        assignment: Option<PathBuf>,
    },
    /// Open the app, drive a scripted session through every screen and save a screenshot of each.
    Demo {
        /// Folder for the PNG files.
        #[arg(long)]
        screenshots: PathBuf,
        /// The bundled scenario to play.
        #[arg(long, default_value = "fleet-telematics")]
        scenario: String,
    },
    /// Let bots play scenarios over many seeds: close rates, score spreads, prices and balance flags.
    Analyze {
        /// Scenario files or bundled ids.
        #[arg(value_name = "SCENARIO", required_unless_present = "all")]
        scenario: Vec<String>,
        /// Analyze every bundled scenario.
        #[arg(long, conflicts_with = "scenario")]
        all: bool,
        /// Seeds each bot plays on each scenario.
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        runs: u32,
        /// Bots to play, separated by commas.
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "random,textbook,pushy,discounter"
        )]
        bots: Vec<BotKind>,
        /// Run i plays with seed S + i (every bot plays the same seeds).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Threads to play on (default: one per core); the report is the same for any count.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
        threads: Option<u32>,
        /// A rubric file (default: the built-in default rubric).
        #[arg(long)]
        rubric: Option<PathBuf>,
        /// Print one JSON object: scenarios by id, bots by name, numbers and flags.
        #[arg(long)]
        json: bool,
        /// Also search for exploits: the best-scoring plays that break each good practice
        /// (critical errors and bad habits), against textbook play on the client of `--seed`.
        #[arg(long)]
        search: bool,
        /// Sessions the exploit search plays per scenario.
        #[arg(long, default_value_t = 100_000, requires = "search",
              value_parser = clap::value_parser!(u32).range(10..=100_000_000))]
        budget: u32,
        /// Write each exploit's moves as a script, `ID-RULE.ron`, into this folder.
        #[arg(long, value_name = "DIR", requires = "search")]
        scripts: Option<PathBuf>,
        /// The language of the flags and advice: `en` or `ru` (default: each scenario's).
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
    },
    /// Write a commented scenario template to start a new client from.
    New {
        /// The scenario id: a-z, 0-9, `-` and `_`.
        id: String,
        /// Language of the template's text.
        #[arg(long, default_value = "en", value_parser = ["en", "ru"])]
        lang: String,
        /// The file to write (default: ID.ron in the current folder); never overwritten.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Replay a session log and print the identical transcript and scores.
    Replay {
        log: PathBuf,
        /// The scenario file the log was played on, when it is not bundled.
        #[arg(long)]
        scenario: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        /// The language of the findings, tips and labels: `en` or `ru` (default: the
        /// scenario's).
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
    },
}

/// `en` or `ru`, for `--lang`.
fn parse_lang(text: &str) -> Result<Lang, String> {
    match text {
        "en" => Ok(Lang::En),
        "ru" => Ok(Lang::Ru),
        _ => Err(format!("`{text}` is not a language here: use `en` or `ru`")),
    }
}

impl Cli {
    /// Whether this run serves the network or opens a window: the desktop app, `demo` and
    /// `serve`. Those keep Rust's default of ignoring SIGPIPE, so a client that hangs up is an
    /// error to handle, not the end of the process. (`play --server` writes to its socket with
    /// `send(MSG_NOSIGNAL)`, through std's `TcpStream`, so it cannot be stopped that way.)
    pub fn uses_network(&self) -> bool {
        matches!(
            &self.command,
            None | Some(Command::Demo { .. } | Command::Serve { .. })
        )
    }
}

pub fn run(cli: Cli) -> Result<ExitCode, String> {
    let db = cli.db.clone().unwrap_or_else(crate::paths::default_db);
    match cli.command {
        None => Ok(gui::run(GuiOptions {
            scenarios: cli.scenarios,
            seed: cli.seed,
            exit_after_frames: cli.exit_after_frames,
            demo: None,
            db: Some(db),
        })),
        Some(Command::Demo {
            screenshots,
            scenario,
        }) => Ok(gui::run(GuiOptions {
            scenarios: cli.scenarios,
            seed: Some(cli.seed.unwrap_or(2026)),
            exit_after_frames: None,
            demo: Some(gui::DemoConfig {
                dir: screenshots,
                scenario,
            }),
            db: Some(db),
        })),
        Some(Command::Validate { paths }) => Ok(validate::run(&paths)),
        Some(Command::Interpret {
            scenario,
            text,
            lang,
            json,
            eval,
        }) => interpret::run(&scenario, text.as_deref(), lang, json, eval.as_deref()),
        Some(Command::Play {
            scenario,
            list,
            seed,
            bot,
            script,
            rubric,
            json,
            log,
            coach,
            say,
            player,
            server,
            code,
            workshop,
            lang,
        }) => {
            if list {
                return play::list();
            }
            let scenario = match (scenario, server.is_some() || workshop.is_some()) {
                (Some(s), _) => s,
                (None, true) => String::new(),
                (None, false) => {
                    return Err(
                        "name a scenario: a file or a bundled id (see `dealcraft play --list`)"
                            .into(),
                    );
                }
            };
            play::run(play::Options {
                scenario,
                seed,
                bot,
                script,
                rubric,
                json,
                log,
                coach,
                say,
                player,
                db,
                server: server.zip(code),
                workshop,
                lang,
            })
        }
        Some(Command::Scores {
            workshop,
            player,
            scenario,
            attempts,
            format,
        }) => scores::run(scores::Options {
            db: &db,
            filter: dealcraft_store::Filter {
                workshop,
                player,
                scenario,
            },
            attempts,
            format,
        }),
        Some(Command::Workshop { action }) => {
            let store = serve::open(&db)?;
            match action {
                WorkshopAction::New {
                    scenario,
                    seed,
                    rubric,
                    name,
                    roster,
                } => {
                    let w = serve::create(
                        &store,
                        serve::NewOptions {
                            scenario,
                            seed,
                            rubric,
                            name,
                            roster,
                        },
                    )?;
                    serve::print_workshop(&w);
                    Ok(ExitCode::SUCCESS)
                }
                WorkshopAction::List => serve::list(&store),
            }
        }
        Some(Command::Serve {
            addr,
            code,
            workshop,
            scenario,
            seed,
            rubric,
            name,
            forward_lrs,
            assignment,
        }) => serve::serve(
            db,
            addr,
            code,
            workshop,
            scenario.map(|scenario| serve::NewOptions {
                scenario,
                seed,
                rubric,
                name,
                roster: Vec::new(),
            }),
            serve::Extras {
                forward_lrs,
                assignment,
            },
        ),
        Some(Command::Db { action }) => db::run(&db, action),
        Some(Command::Export {
            xapi: _,
            since,
            player,
        }) => lrs::export(&db, &crate::paths::data_dir(), since.as_deref(), player),
        Some(Command::Lrs { action }) => lrs::run(&db, &crate::paths::data_dir(), action),
        Some(Command::Track { action }) => track::track(&db, &crate::paths::data_dir(), action),
        Some(Command::Assign { action }) => track::assign(&crate::paths::data_dir(), action),
        Some(Command::Analyze {
            scenario,
            all,
            runs,
            bots,
            seed,
            threads,
            rubric,
            json,
            search,
            budget,
            scripts,
            lang,
        }) => analyze::run(analyze::Options {
            scenarios: scenario,
            all,
            runs: runs as usize,
            bots,
            seed,
            threads: threads.map(|t| t as usize),
            rubric,
            json,
            search: search.then_some(budget as usize),
            scripts,
            lang,
        }),
        Some(Command::New { id, lang, out }) => new::run(&id, &lang, out),
        Some(Command::Replay {
            log,
            scenario,
            json,
            lang,
        }) => play::replay(&log, scenario.as_deref(), json, lang),
    }
}
