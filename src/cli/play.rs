//! `dealcraft play` and `dealcraft replay`: a session in the terminal, by hand, by bot or script.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use dealcraft_core::bots::{Bot, BotKind};
use dealcraft_core::moves::{Move, Plan};
use dealcraft_core::parse::{parse_move, parse_moves};
use dealcraft_core::scenario::{Lang, Scenario, SocialStyle};
use dealcraft_core::session::{Event, format_money};
use dealcraft_core::vocab::{self, t};
use dealcraft_core::{Session, SessionLog, bundled};

mod say;

use super::{report, source};

pub struct Options {
    pub scenario: String,
    pub seed: Option<u64>,
    pub bot: Option<BotKind>,
    pub script: Option<PathBuf>,
    pub rubric: Option<PathBuf>,
    pub json: bool,
    pub log: Option<PathBuf>,
    pub coach: bool,
    /// Turns are typed in words and read by the interpreter.
    pub say: bool,
    /// Record the finished attempt under this name in `db`.
    pub player: Option<String>,
    pub db: PathBuf,
    /// Play a server workshop: its scenario, seed and rubric, and submit the log there.
    pub server: Option<(String, String)>,
    /// Play a workshop of the local database (hot seat): its scenario, seed and rubric.
    pub workshop: Option<i64>,
    /// The language of the output; the scenario's by default.
    pub lang: Option<Lang>,
}

pub fn list() -> Result<ExitCode, String> {
    for loaded in bundled::all().into_iter().flatten() {
        let s = &loaded.scenario;
        println!(
            "{:<22} {:<7} {:<3} {:<12} {}",
            s.id,
            format!("{:?}", s.difficulty),
            s.language.code(),
            s.industry,
            s.title
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(opts: Options) -> Result<ExitCode, String> {
    if opts.json && opts.bot.is_none() && opts.script.is_none() {
        // Interactive play prints the dialogue on stdout, which would spoil the JSON.
        return Err(
            "--json needs --bot or --script; interactive play prints the dialogue \
                    (use --log FILE and `dealcraft replay FILE --json` afterwards)"
                .into(),
        );
    }
    if opts.coach && (opts.server.is_some() || opts.workshop.is_some()) {
        return Err(
            "coach mode shows the client's hidden state, so a workshop attempt cannot use it; \
             drop --coach (practise with it outside the workshop)"
                .into(),
        );
    }
    let client = opts
        .server
        .as_ref()
        .map(|(addr, code)| dealcraft_server::Client::new(addr, code));
    // Open the store before playing, so a bad name or --db (damaged, read-only) is reported
    // before the effort of a session.
    let store = match &opts.player {
        Some(name) => Some(store_for(name, &opts.db).map_err(|e| e.to_string())?),
        None => None,
    };
    let local_workshop = match (opts.workshop, &store) {
        (Some(id), Some(store)) => Some(store.workshop(id).map_err(|e| e.to_string())?),
        (Some(_), None) => return Err("name the player with --player to play a workshop".into()),
        (None, _) => None,
    };
    let (scenario, hash, rubric, seed) = match (&client, &local_workshop) {
        (_, Some(w)) => {
            let loaded = w.load_scenario().map_err(|d| d.to_string())?;
            eprintln!(
                "Workshop {} ({}): `{}`, seed {}, rubric `{}`",
                w.id, w.name, w.scenario, w.seed, w.rubric.name
            );
            (
                Arc::new(loaded.scenario),
                loaded.hash,
                w.rubric.clone(),
                w.seed,
            )
        }
        (Some(client), None) => {
            let joined = client.join().map_err(|e| e.to_string())?;
            eprintln!(
                "Joined workshop {} ({}) at {}: `{}`, seed {}",
                joined.info.id,
                joined.info.name,
                client.base(),
                joined.info.scenario_id,
                joined.info.seed
            );
            let info = joined.info;
            (
                Arc::new(joined.scenario.scenario),
                info.scenario_hash,
                info.rubric,
                info.seed,
            )
        }
        (None, None) => {
            let loaded = source::scenario(&opts.scenario)?;
            let rubric = source::rubric(opts.rubric.as_deref())?;
            let seed = opts.seed.unwrap_or_else(crate::fresh_seed);
            (Arc::new(loaded.scenario), loaded.hash, rubric, seed)
        }
    };
    let lang = opts.lang.unwrap_or(scenario.language);
    let mut session = Session::new(scenario, rubric, seed);
    let interactive = opts.bot.is_none() && opts.script.is_none();
    if let Some(kind) = opts.bot {
        let mut bot = Bot::new(kind, seed);
        while !session.is_over() {
            let mv = bot.next_move(&session);
            session
                .apply(mv)
                .map_err(|e| format!("bot {kind} made an illegal move: {e}"))?;
        }
    } else if let Some(path) = &opts.script {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let moves = parse_moves(&path.display().to_string(), &bytes).map_err(|d| d.to_string())?;
        for (i, mv) in moves.into_iter().enumerate() {
            if session.is_over() {
                eprintln!(
                    "note: the session ended before move {} of the script",
                    i + 1
                );
                break;
            }
            session
                .apply(mv.clone())
                .map_err(|e| format!("{}: move {} ({mv}) refused: {e}", path.display(), i + 1))?;
        }
    } else {
        interactive_loop(&mut session, opts.coach, lang, opts.say)?;
    }
    if let Some(path) = &opts.log {
        let mut log = session.log(&hash);
        log.coached = opts.coach;
        std::fs::write(path, log.to_ron())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    if opts.json {
        println!("{}", report::to_json(&session, lang));
    } else {
        if !interactive {
            report::print_transcript(&session, lang);
        }
        report::print_scorecard(&session, lang);
        if client.is_none() {
            let again = format!("`dealcraft play {} --seed {seed}`", opts.scenario);
            match lang {
                Lang::En => println!("\nSeed {seed}: {again} gives the same client again."),
                Lang::Ru => println!("\nСид {seed}: {again} — тот же клиент ещё раз."),
            }
        }
    }
    let workshop = local_workshop.as_ref().map(|w| w.id);
    let attempt = opts.player.as_deref().map(|name| {
        dealcraft_store::NewAttempt::from_session(name, &session, &hash, workshop)
            .coached(opts.coach)
    });
    if !session.is_over() {
        // An abandoned meeting is not an attempt (the app records finished sessions only too).
        if attempt.is_some() {
            eprintln!("Not recorded: the meeting did not finish.");
        }
        return Ok(ExitCode::SUCCESS);
    }
    // The workshop server first: a local database problem must not cost the player the result.
    if let Some(client) = &client {
        let (Some(name), Some(attempt)) = (&opts.player, &attempt) else {
            return Err("name yourself with --player to submit to a workshop".into());
        };
        let accepted = client
            .submit(name, &attempt.log, Some(attempt.card.overall))
            .map_err(|e| format!("the workshop server did not take the attempt: {e}"))?;
        eprintln!(
            "Submitted to {}: the server replayed your session and scored it {}; you are #{} \
             on the board.",
            client.base(),
            accepted.overall,
            accepted.rank
        );
        if let Some(note) = &accepted.rescored {
            eprintln!("The server {note}.");
        }
    }
    if let (Some(store), Some(attempt)) = (&store, &attempt) {
        let id = store.record(attempt).map_err(|e| e.to_string())?;
        match workshop.map(|w| store.rank(Some(w), &attempt.player)) {
            Some(Ok(Some(rank))) => eprintln!(
                "Recorded attempt {id} for {}: #{rank} on the workshop's board",
                attempt.player
            ),
            _ if opts.coach => eprintln!(
                "Recorded attempt {id} for {} in {} (coach mode: in your history, not on the boards)",
                attempt.player,
                opts.db.display()
            ),
            _ => eprintln!(
                "Recorded attempt {id} for {} in {}",
                attempt.player,
                opts.db.display()
            ),
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The store an attempt by `name` will be recorded in, checked: the name is valid and looks
/// like no other player's, and the file is sound and writable.
fn store_for(name: &str, db: &Path) -> Result<dealcraft_store::Store, dealcraft_store::StoreError> {
    dealcraft_store::check_name(name)?;
    let store = dealcraft_store::Store::open(db)?;
    store.check_player(name)?;
    store.check_writable()?;
    Ok(store)
}

pub fn replay(
    log_path: &Path,
    scenario: Option<&Path>,
    json: bool,
    lang: Option<Lang>,
) -> Result<ExitCode, String> {
    let text = std::fs::read_to_string(log_path)
        .map_err(|e| format!("cannot read {}: {e}", log_path.display()))?;
    let log = SessionLog::parse(&text)
        .map_err(|e| format!("{}: not a session log: {e}", log_path.display()))?;
    let loaded = match scenario {
        Some(p) => source::scenario_file(p)?,
        // The version the log was played on, even if the bundled file has changed since.
        None => bundled::load_exact(&log.scenario, &log.scenario_hash)
            .or_else(|| bundled::load(&log.scenario))
            .ok_or_else(|| {
                format!(
                    "scenario `{id}` is not bundled; pass its file: `dealcraft replay {} --scenario {id}.ron`",
                    log_path.display(),
                    id = log.scenario
                )
            })?,
    };
    let lang = lang.unwrap_or(loaded.scenario.language);
    let session = log
        .replay(Arc::new(loaded.scenario), &loaded.hash)
        .map_err(|e| format!("{}: {e}", log_path.display()))?;
    if let Some(note) = log.rescore_note(None, lang) {
        let played = session.moves().len();
        let dropped = log.moves.len().saturating_sub(played);
        if dropped > 0 {
            let total = log.moves.len();
            let ends = match lang {
                Lang::En => {
                    format!("under these rules the session ends after move {played} of {total}")
                }
                Lang::Ru => {
                    format!("по этим правилам встреча заканчивается после хода {played} из {total}")
                }
            };
            eprintln!("{}: {note}; {ends}", log_path.display());
        } else {
            eprintln!("{}: {note}", log_path.display());
        }
    }
    if json {
        println!("{}", report::to_json(&session, lang));
    } else {
        report::print_transcript(&session, lang);
        report::print_scorecard(&session, lang);
    }
    Ok(ExitCode::SUCCESS)
}

fn interactive_loop(
    session: &mut Session,
    coach: bool,
    lang: Lang,
    say: bool,
) -> Result<(), String> {
    let sc = session.scenario().clone();
    let c = &sc.client;
    println!("{}\n", sc.title);
    println!(
        "{}: {}, {} {} {} ({})",
        t(lang, "Client", "Клиент"),
        c.name,
        c.role,
        t(lang, "at", "—"),
        c.company,
        sc.industry
    );
    println!(
        "{}: {}, {} {}, {} {}",
        t(lang, "Product", "Продукт"),
        sc.product.name,
        t(lang, "list price", "прайсовая цена"),
        format_money(sc.product.list_price, &sc.product.currency),
        t(lang, "your floor", "ваш минимум"),
        format_money(sc.product.floor_price, &sc.product.currency)
    );
    println!("\n{}:", t(lang, "Dossier", "Досье"));
    for line in &c.dossier {
        println!("  - {line}");
    }
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    if say {
        return say::run(session, &mut input, coach, lang);
    }
    println!(
        "\n{}",
        t(
            lang,
            "Type a number, or a move in RON (e.g. `Offer(price: 42000)`); `q` ends the meeting.",
            "Введите номер хода или ход в записи RON (например, `Offer(price: 42000)`); `q` — завершить встречу.",
        )
    );
    while !session.is_over() {
        show_state(session, coach, lang);
        let moves = session.legal_moves();
        let mut stage = None;
        for (i, mv) in moves.iter().enumerate() {
            if mv.stage() != stage {
                stage = mv.stage();
                let name = match (stage, lang) {
                    (Some(s), Lang::En) => s.key(),
                    (Some(s), Lang::Ru) => vocab::stage(lang, s),
                    (None, _) => t(lang, "end", "завершение"),
                };
                println!("  {name}:");
            }
            println!("    {:>3}. {}", i + 1, describe(session, mv, lang));
        }
        let Some(line) = prompt(&mut input, "> ")? else {
            let _ = session.apply(Move::End);
            break;
        };
        let line = line.trim();
        let chosen = if line == "q" {
            Move::End
        } else if let Ok(n) = line.parse::<usize>() {
            match moves.get(n.wrapping_sub(1)) {
                Some(Move::Prepare(_)) => match ask_plan(&mut input, &sc, lang)? {
                    Some(p) => Move::Prepare(p),
                    None => continue,
                },
                Some(Move::Offer { .. }) => {
                    match ask_number(&mut input, t(lang, "price: ", "цена: "), lang)? {
                        Some(price) => Move::Offer {
                            price,
                            terms: Default::default(),
                        },
                        None => continue,
                    }
                }
                Some(mv) => mv.clone(),
                None => {
                    println!("  {} {n}", t(lang, "no move", "нет хода"));
                    continue;
                }
            }
        } else {
            match parse_move(line) {
                Ok(mv) => mv,
                Err(e) => {
                    println!("  {}: {e}", t(lang, "not a move", "это не ход"));
                    continue;
                }
            }
        };
        match session.apply(chosen) {
            Ok(events) => show(session, &events, lang),
            Err(e) => println!("  {}: {e}", t(lang, "refused", "ход отклонён")),
        }
    }
    Ok(())
}

/// The client's mood, and in coach mode its hidden meters.
pub(super) fn show_state(session: &Session, coach: bool, lang: Lang) {
    if coach {
        let st = session.client();
        println!(
            "  [{}] {} {:.2}  {} {:.2}  {} {:.1}/{:.0}  {} {}",
            t(lang, "coach", "тренер"),
            t(lang, "trust", "доверие"),
            st.trust,
            t(lang, "interest", "интерес"),
            st.interest,
            t(lang, "patience", "терпение"),
            st.patience,
            st.patience_max,
            t(lang, "reservation", "предел цены"),
            session.reservation_price()
        );
    }
    println!(
        "  {}: {}",
        t(lang, "mood", "настроение"),
        vocab::mood(lang, session.mood())
    );
    let sc = session.scenario();
    if let (Some(debt), Some(rules)) = (&session.client().debt, &sc.debt)
        && !debt.closed
    {
        // Each collection move is one week; say which comes next and what is owed.
        let owed = format_money(debt.total - debt.paid, &sc.product.currency);
        let (next, weeks, due) = (debt.week + 1, rules.weeks, rules.due_week);
        match lang {
            Lang::En => {
                println!(
                    "  collection: week {next} of {weeks} next, {owed} owed, due in week {due}"
                )
            }
            Lang::Ru => println!(
                "  взыскание: дальше неделя {next} из {weeks}, долг {owed}, срок оплаты — неделя {due}"
            ),
        }
    }
}

/// A move in the menu: its script syntax, after its words in Russian.
fn describe(session: &Session, mv: &Move, lang: Lang) -> String {
    let script = match mv {
        Move::Prepare(_) => {
            return t(
                lang,
                "Prepare: set target, walk-away price and the client's style",
                "Подготовка: цель, цена отказа и стиль клиента",
            )
            .into();
        }
        Move::Offer { .. } => return t(lang, "Offer a price…", "Предложить цену…").into(),
        Move::AcceptCounter => format!(
            "AcceptCounter ({})",
            session
                .client()
                .negotiation
                .client_offers
                .last()
                .copied()
                .unwrap_or(0)
        ),
        other => other.to_string(),
    };
    match lang {
        Lang::En => script,
        Lang::Ru => format!(
            "{} — {script}",
            vocab::move_phrase(lang, mv, session.scenario())
        ),
    }
}

pub(super) fn show(session: &Session, events: &[Event], lang: Lang) {
    let sc = session.scenario();
    for e in events {
        match e {
            Event::Said { speaker, text } => {
                println!("{}: {text}", report::speaker_label(session, *speaker, lang))
            }
            Event::StageEntered {
                stage,
                returned: true,
            } => match lang {
                Lang::En => println!("  (back to {})", stage.key()),
                Lang::Ru => println!("  (снова этап «{}»)", vocab::stage(lang, *stage)),
            },
            Event::ObjectionRaised { objection, doubt } => {
                let topic = sc
                    .objection(objection)
                    .map_or(objection.as_str(), |(_, o)| &o.topic);
                match lang {
                    Lang::En => println!(
                        "  (objection{}: {objection})",
                        if *doubt { ", a returning doubt" } else { "" }
                    ),
                    Lang::Ru => println!(
                        "  ({}: «{topic}»)",
                        if *doubt {
                            "возражение вернулось"
                        } else {
                            "возражение"
                        }
                    ),
                }
            }
            Event::NeedChanged { need, level } => {
                let topic = sc.need(need).map_or(need.as_str(), |(_, n)| &n.topic);
                match lang {
                    Lang::En => println!("  (need {need}: {level:?})"),
                    Lang::Ru => println!(
                        "  (потребность «{topic}»: {})",
                        vocab::knowledge(lang, *level)
                    ),
                }
            }
            Event::Ended { outcome } => match lang {
                Lang::En => println!("  (session over: {})", outcome.key()),
                Lang::Ru => println!(
                    "  (встреча окончена: {})",
                    vocab::outcome(lang, outcome.key()).to_lowercase()
                ),
            },
            _ => {}
        }
    }
}

pub(super) fn prompt(input: &mut impl BufRead, text: &str) -> Result<Option<String>, String> {
    print!("{text}");
    std::io::stdout().flush().map_err(|e| e.to_string())?;
    let mut line = String::new();
    match input.read_line(&mut line) {
        Ok(0) => Ok(None),
        Ok(_) => Ok(Some(line)),
        Err(e) => Err(e.to_string()),
    }
}

pub(super) fn ask_number(
    input: &mut impl BufRead,
    text: &str,
    lang: Lang,
) -> Result<Option<u64>, String> {
    let Some(line) = prompt(input, text)? else {
        return Ok(None);
    };
    match line.trim().replace([' ', '_'], "").parse() {
        Ok(n) => Ok(Some(n)),
        Err(_) => {
            println!(
                "  {}",
                t(lang, "a whole number, please", "нужно целое число")
            );
            Ok(None)
        }
    }
}

pub(super) fn ask_plan(
    input: &mut impl BufRead,
    sc: &Scenario,
    lang: Lang,
) -> Result<Option<Plan>, String> {
    let Some(target_price) = ask_number(input, t(lang, "target price: ", "целевая цена: "), lang)?
    else {
        return Ok(None);
    };
    let Some(walk_away_price) =
        ask_number(input, t(lang, "walk-away price: ", "цена отказа: "), lang)?
    else {
        return Ok(None);
    };
    let names = t(
        lang,
        "driver, expressive, amiable, analytical",
        "драйвер, экспрессивный, дружелюбный, аналитик",
    );
    let Some(line) = prompt(
        input,
        &format!("{} ({names}): ", t(lang, "client's style", "стиль клиента")),
    )?
    else {
        return Ok(None);
    };
    let style = match line.trim().to_lowercase().as_str() {
        "driver" | "драйвер" => SocialStyle::Driver,
        "expressive" | "экспрессивный" => SocialStyle::Expressive,
        "amiable" | "дружелюбный" => SocialStyle::Amiable,
        "analytical" | "аналитик" => SocialStyle::Analytical,
        _ => {
            println!("  {}: {names}", t(lang, "one of", "одно из"));
            return Ok(None);
        }
    };
    let Some(must_have) = ask_must_have(input, sc, lang)? else {
        return Ok(None);
    };
    Ok(Some(Plan {
        target_price,
        walk_away_price,
        style,
        must_have,
    }))
}

/// The terms the trainee wants in any deal, by id or by number; none when the product has no
/// terms to trade.
fn ask_must_have(
    input: &mut impl BufRead,
    sc: &Scenario,
    lang: Lang,
) -> Result<Option<Vec<dealcraft_core::moves::Id>>, String> {
    let terms = &sc.product.terms;
    if terms.is_empty() {
        return Ok(Some(Vec::new()));
    }
    println!(
        "  {}:",
        t(
            lang,
            "terms you can trade",
            "условия, которыми можно торговаться"
        )
    );
    for (i, term) in terms.iter().enumerate() {
        let options: Vec<&str> = term.options.iter().map(|o| o.label.as_str()).collect();
        println!(
            "    {}. {} ({}): {}",
            i + 1,
            term.id,
            term.name,
            options.join(" / ")
        );
    }
    let Some(line) = prompt(
        input,
        t(
            lang,
            "must-have terms (numbers or ids, separated by commas; empty for none): ",
            "обязательные условия (номера или id через запятую; пусто — никаких): ",
        ),
    )?
    else {
        return Ok(None);
    };
    let mut chosen = Vec::new();
    for word in line
        .split([',', ' '])
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        let term = match word.parse::<usize>() {
            Ok(n) => terms.get(n.wrapping_sub(1)),
            Err(_) => terms.iter().find(|t| t.id == word),
        };
        match term {
            Some(t) if !chosen.iter().any(|c| *c == t.id) => chosen.push(t.id.as_str().into()),
            Some(_) => {}
            None => {
                println!("  {} `{word}`", t(lang, "no term", "нет условия"));
                return Ok(None);
            }
        }
    }
    Ok(Some(chosen))
}
