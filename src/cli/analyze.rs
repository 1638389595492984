//! `dealcraft analyze`: bots play scenarios over many seeds; a balance table per scenario with the
//! flags a trainer should look at, and with `--search` the exploits of each good practice, or one
//! JSON object for tools (`docs/analyze.md`).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use dealcraft_core::analysis::{self, Analysis, BotReport, ScenarioReport};
use dealcraft_core::bots::BotKind;
use dealcraft_core::scenario::Lang;
use dealcraft_core::search;
use dealcraft_core::vocab::t;
use dealcraft_core::{Scenario, Stage, bundled};

use super::source;

pub struct Options {
    pub scenarios: Vec<String>,
    pub all: bool,
    pub runs: usize,
    pub bots: Vec<BotKind>,
    pub seed: u64,
    pub threads: Option<usize>,
    pub rubric: Option<PathBuf>,
    pub json: bool,
    /// Search for exploits with this many sessions per scenario.
    pub search: Option<usize>,
    /// Where to write each exploit's script.
    pub scripts: Option<PathBuf>,
    /// The language of the flags; each scenario's by default.
    pub lang: Option<Lang>,
}

pub fn run(opts: Options) -> Result<ExitCode, String> {
    let scenarios = load(&opts)?;
    let threads = opts
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get));
    let core = analysis::Options {
        runs: opts.runs,
        bots: opts.bots.clone(),
        seed: opts.seed,
        threads,
        rubric: source::rubric(opts.rubric.as_deref())?,
    };
    let bar = ProgressBar::new(std::io::stderr().is_terminal(), "analyzing");
    let start = Instant::now();
    let mut report = analysis::analyze(&scenarios, &core, &|done, total| bar.update(done, total));
    let elapsed = start.elapsed().as_secs_f64();
    bar.clear();
    let searches = match opts.search {
        Some(budget) => exploit_search(&opts, &scenarios, &core, budget, &mut report)?,
        None => Vec::new(),
    };
    let langs: Vec<Lang> = scenarios
        .iter()
        .map(|sc| opts.lang.unwrap_or(sc.language))
        .collect();
    if opts.json {
        print_json(&report, &searches, &langs)?;
    } else {
        print_report(&report, &searches, &langs);
        let n = report.playthroughs();
        println!(
            "{n} playthroughs in {elapsed:.2} s ({:.0} per second on {threads} thread{})",
            n as f64 / elapsed.max(1e-9),
            if threads == 1 { "" } else { "s" }
        );
    }
    let near = searches.iter().map(|r| r.near().count()).sum::<usize>();
    Ok(if near > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The scenarios to analyze, each once (the JSON report keys them by id).
fn load(opts: &Options) -> Result<Vec<Arc<Scenario>>, String> {
    let loaded = if opts.all {
        bundled::all()
            .into_iter()
            .collect::<Result<Vec<_>, _>>()
            .map_err(|d| d.to_string())?
    } else {
        opts.scenarios
            .iter()
            .map(|name| source::scenario(name))
            .collect::<Result<Vec<_>, _>>()?
    };
    let mut scenarios: Vec<Arc<Scenario>> = Vec::new();
    for l in loaded {
        if !scenarios.iter().any(|s| s.id == l.scenario.id) {
            scenarios.push(Arc::new(l.scenario));
        }
    }
    Ok(scenarios)
}

/// Runs the exploit search on every scenario, adds its flags to the report and writes the
/// scripts asked for.
fn exploit_search(
    opts: &Options,
    scenarios: &[Arc<Scenario>],
    core: &analysis::Options,
    budget: usize,
    report: &mut Analysis,
) -> Result<Vec<search::Report>, String> {
    let search_opts = search::Options {
        budget,
        seed: opts.seed,
        ..search::Options::default()
    };
    let bar = ProgressBar::new(std::io::stderr().is_terminal(), "searching");
    let found = search::search_many(
        scenarios,
        &core.rubric,
        &search_opts,
        core.threads,
        &|d, t| bar.update(d, t),
    );
    bar.clear();
    for (sc, found) in report.scenarios.iter_mut().zip(&found) {
        sc.flags.extend(analysis::search_flags(found));
    }
    if let Some(dir) = &opts.scripts {
        write_scripts(dir, &found)?;
    }
    Ok(found)
}

/// The report as one JSON object, each scenario with its search when one ran.
/// The report as JSON, each scenario's flags in `langs[i]`.
fn print_json(
    report: &Analysis,
    searches: &[search::Report],
    langs: &[Lang],
) -> Result<(), String> {
    let mut json = report.to_json_in(langs);
    for found in searches {
        json["scenarios"][&found.scenario]["search"] =
            serde_json::to_value(found).map_err(|e| e.to_string())?;
    }
    let text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
    println!("{text}");
    Ok(())
}

/// Each exploit's moves as a script `dealcraft play` replays, `DIR/ID-RULE.ron`, and the best
/// clean play as `DIR/ID-clean.ron`.
fn write_scripts(dir: &Path, reports: &[search::Report]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for r in reports {
        let plays = r
            .exploits
            .iter()
            .filter_map(|e| {
                let overall = e.overall?;
                let what = format!("breaks `{}`", e.rule);
                Some((e.rule.key().replace('.', "-"), what, overall, &e.moves))
            })
            .chain(std::iter::once((
                "clean".to_owned(),
                "breaks no good practice".to_owned(),
                r.best_clean,
                &r.best_clean_moves,
            )));
        for (name, what, overall, moves) in plays {
            let path = dir.join(format!("{}-{name}.ron", r.scenario));
            let header = format!(
                "// {}: {what}, scores {overall} (textbook {}). Replay:\n// dealcraft play {} --seed {} --script {}\n",
                r.scenario,
                r.textbook,
                r.scenario,
                r.seed,
                path.display()
            );
            let body = ron::ser::to_string_pretty(moves, ron::ser::PrettyConfig::new())
                .map_err(|err| err.to_string())?;
            std::fs::write(&path, header + &body + "\n")
                .map_err(|err| format!("cannot write {}: {err}", path.display()))?;
        }
    }
    Ok(())
}

/// A one-line bar on stderr, redrawn in place; silent when stderr is not a terminal so pipes
/// and logs stay clean.
struct ProgressBar {
    enabled: bool,
    label: &'static str,
    /// The last percentage drawn: redraw only when it changes.
    drawn: Mutex<Option<usize>>,
}

impl ProgressBar {
    const WIDTH: usize = 30;

    fn new(enabled: bool, label: &'static str) -> Self {
        ProgressBar {
            enabled,
            label,
            drawn: Mutex::new(None),
        }
    }

    fn update(&self, done: usize, total: usize) {
        if !self.enabled || total == 0 {
            return;
        }
        let percent = done * 100 / total;
        // Playing threads call this concurrently; the lock keeps lines whole and in order.
        let mut drawn = self.drawn.lock().unwrap_or_else(|e| e.into_inner());
        if drawn.is_some_and(|p| p >= percent) {
            return;
        }
        *drawn = Some(percent);
        let filled = done * Self::WIDTH / total;
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r{} [{}{}] {percent:>3} %  {done}/{total}",
            self.label,
            "#".repeat(filled),
            ".".repeat(Self::WIDTH - filled)
        );
        let _ = err.flush();
    }

    fn clear(&self) {
        if self.enabled {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r{:width$}\r", "", width = Self::WIDTH + 40);
            let _ = err.flush();
        }
    }
}

/// A stage's column header, five characters at most.
fn stage_header(stage: Stage, lang: Lang) -> &'static str {
    let (en, ru) = match stage {
        Stage::Preparation => ("prep", "подг"),
        Stage::Contact => ("cont", "конт"),
        Stage::Needs => ("needs", "потр"),
        Stage::Presentation => ("pres", "през"),
        Stage::Objections => ("objs", "возр"),
        Stage::Negotiation => ("negot", "торг"),
        Stage::Close => ("close", "сделк"),
        Stage::FollowUp => ("f-up", "сопр"),
        Stage::Debt => ("debt", "долг"),
    };
    t(lang, en, ru)
}

/// The report, each scenario's flags in `langs[i]`.
fn print_report(report: &Analysis, searches: &[search::Report], langs: &[Lang]) {
    let last = report
        .seed
        .wrapping_add(report.runs.saturating_sub(1) as u64);
    println!(
        "{} runs per bot (seeds {}–{last}), rubric {}",
        report.runs, report.seed, report.rubric
    );
    for (i, sc) in report.scenarios.iter().enumerate() {
        println!();
        let lang = langs.get(i).copied().unwrap_or_default();
        print_scenario(sc, lang);
        if let Some(found) = searches.iter().find(|r| r.scenario == sc.id) {
            print_search(found, lang);
        }
    }
    println!();
}

/// The exploit table: per good practice, the best play found that breaks it.
fn print_search(r: &search::Report, lang: Lang) {
    let (sessions, seed, textbook, best) = (r.sessions, r.seed, r.textbook, r.best_clean);
    println!(
        "  {}",
        match lang {
            Lang::En => format!(
                "exploit search ({sessions} sessions, client of seed {seed}): textbook {textbook}, best clean play {best}"
            ),
            Lang::Ru => format!(
                "поиск лазеек ({sessions} {}, клиент зерна {seed}): по учебнику {textbook}, лучшая честная игра {best}",
                dealcraft_core::vocab::ru::plural(sessions as u64, "встреча", "встречи", "встреч")
            ),
        }
    );
    println!(
        "  {:<30} {:>6} {:>6}",
        t(lang, "breaks", "нарушает"),
        t(lang, "best", "лучший"),
        t(lang, "gap", "разрыв")
    );
    for e in &r.exploits {
        let (best, gap) = match e.overall {
            Some(o) => (
                o.to_string(),
                (i64::from(r.textbook) - i64::from(o)).to_string(),
            ),
            None => ("–".into(), t(lang, "none found", "не найдено").into()),
        };
        let mark = if e.is_near(r.textbook) { " !" } else { "" };
        println!("  {:<30} {best:>6} {gap:>6}{mark}", e.rule.key());
    }
}

fn print_scenario(sc: &ScenarioReport, lang: Lang) {
    println!("{} — {}", sc.id, sc.title);
    let mut header = format!(
        "  {:<11}{:>6}  {:>11}",
        t(lang, "bot", "бот"),
        t(lang, "close", "сделки"),
        t(lang, "overall", "итог")
    );
    for &stage in &sc.stages {
        header.push_str(&format!(" {:>5}", stage_header(stage, lang)));
    }
    header.push_str(&format!(
        " {:>6} {:>6}",
        t(lang, "price", "цена"),
        t(lang, "turns", "ходы")
    ));
    println!("{header}");
    for b in &sc.bots {
        println!("{}", bot_row(sc, b, lang));
    }
    println!(
        "  {}",
        t(
            lang,
            "stage columns: mean score; price: mean deal value between the floor (0 %) and the best price (100 %)",
            "этапы: средний балл; цена: средняя цена сделки между минимальной (0 %) и лучшей (100 %)"
        )
    );
    if sc.flags.is_empty() {
        println!("  {}", t(lang, "no flags", "замечаний нет"));
        return;
    }
    for f in &sc.flags {
        let mark = if f.is_warning() { '!' } else { '·' };
        println!("  {mark} {}", f.text(lang));
        for line in wrap(f.advice_in(lang), 90) {
            println!("      {line}");
        }
    }
}

/// Splits text at spaces into lines of at most `width` characters (longer words stay whole).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("never empty");
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_owned());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

fn bot_row(sc: &ScenarioReport, b: &BotReport, lang: Lang) -> String {
    let overall = format!("{:.1} ± {:.1}", b.overall.mean, b.overall.sd);
    let mut row = format!(
        "  {:<11}{:>5.0}%  {overall:>11}",
        dealcraft_core::vocab::bot(lang, b.bot),
        b.close_rate * 100.0
    );
    for stage in &sc.stages {
        let mean = b.stages.get(stage).map_or(0.0, |s| s.score.mean);
        row.push_str(&format!(" {mean:>5.0}"));
    }
    let price = b
        .price_share
        .map_or("–".to_owned(), |p| format!("{:.0}%", p.mean * 100.0));
    row.push_str(&format!(" {price:>6} {:>6.1}", b.turns.mean));
    row
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_breaks_at_spaces_within_the_width() {
        assert_eq!(wrap("aa bb cc dd", 5), ["aa bb", "cc dd"]);
        assert_eq!(wrap("a verylongword b", 4), ["a", "verylongword", "b"]);
        assert_eq!(wrap("", 10), [""]);
    }
}
