//! The analyzer: bots play each scenario over many seeds; per bot it reports the close rate, the
//! spread of every score and the price reached, per scenario the balance flags a trainer should
//! look at before a workshop (`docs/analyze.md`).
//!
//! Sessions run on several threads, but each one is a pure function of (scenario, bot, seed) and
//! the results are aggregated in seed order, so the report is identical whatever the thread count.
//!
//! ```
//! use std::sync::Arc;
//! use dealcraft_core::analysis::{self, Options};
//! use dealcraft_core::bundled;
//!
//! let sc = Arc::new(bundled::load("fleet-telematics").unwrap().scenario);
//! let opts = Options { runs: 3, ..Options::default() };
//! let report = analysis::analyze(&[sc], &opts, &|_done, _total| {});
//! let textbook = report.scenarios[0].bot(dealcraft_core::bots::BotKind::Textbook).unwrap();
//! assert_eq!(textbook.sessions, 3);
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;
use serde_json::{Value, json};

use crate::bots::{self, BotKind};
use crate::moves::Stage;
use crate::negotiation;
use crate::rubric::Rubric;
use crate::scenario::{Knowledge, Lang, Scenario};
use crate::scoring::{Rule, score, scored_stages};
use crate::session::{Outcome, Session};

/// Textbook play must beat random play overall by this many points (DESIGN §4).
pub const RANDOM_MARGIN: f64 = 25.0;
/// ... and pushy play by this many.
pub const PUSHY_MARGIN: f64 = 15.0;
/// ... and the discounter's negotiation score by this many.
pub const DISCOUNTER_MARGIN: f64 = 20.0;
/// Random play closing at least this share of sessions makes the client too easy.
pub const RANDOM_DEAL_RATE: f64 = 0.9;
/// Textbook play closing less than this share of sessions, where a deal is possible, makes the
/// client too hard or the scenario too random.
pub const TEXTBOOK_DEAL_RATE: f64 = 0.8;

/// What to play.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Seeds per bot and scenario.
    pub runs: usize,
    pub bots: Vec<BotKind>,
    /// Run `i` plays with seed `seed + i`; every bot plays the same seeds.
    pub seed: u64,
    /// Threads to play on; it does not change the result.
    pub threads: usize,
    pub rubric: Rubric,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runs: 50,
            bots: BotKind::ALL.to_vec(),
            seed: 1,
            threads: 1,
            rubric: Rubric::default(),
        }
    }
}

impl Options {
    /// The seed of run `i`.
    pub fn seed_of(&self, run: usize) -> u64 {
        self.seed.wrapping_add(run as u64)
    }
}

/// Mean, standard deviation (over the runs, not a sample estimate), minimum and maximum.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Stat {
    pub mean: f64,
    pub sd: f64,
    pub min: f64,
    pub max: f64,
}

impl Stat {
    /// Zeros for no values.
    pub fn of(values: &[f64]) -> Stat {
        if values.is_empty() {
            return Stat::default();
        }
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        Stat {
            mean,
            sd: var.sqrt(),
            min: values.iter().copied().fold(f64::INFINITY, f64::min),
            max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    }

    pub fn varies(&self) -> bool {
        self.max > self.min
    }
}

/// One stage's scores for one bot.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct StageStat {
    /// Over every session; a stage the session never reached counts 0.
    #[serde(flatten)]
    pub score: Stat,
    /// Sessions that reached the stage: the funnel.
    pub reached: usize,
    /// Over the sessions that reached it only.
    pub when_reached: Stat,
}

/// One bot's sessions on one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BotReport {
    pub bot: BotKind,
    pub sessions: usize,
    pub deals: usize,
    /// Share of sessions that ended in a deal, 0–1.
    pub close_rate: f64,
    pub overall: Stat,
    /// Every stage the scenario has, in cycle order.
    pub stages: BTreeMap<Stage, StageStat>,
    /// Over deals only: `(deal value − floor) / (best price − floor)`, where the deal value counts
    /// its terms' worth to the seller. 1 is the best reachable price, 0 the floor, below 0 a loss.
    /// `None` without deals or without a zone of agreement.
    pub price_share: Option<Stat>,
    /// Moves per session, the plan included.
    pub turns: Stat,
    /// Sessions per outcome (`deal`, `client_left`, `walked_away`, `deadline`, `no_deal`).
    pub outcomes: BTreeMap<String, usize>,
    /// Per need id: sessions in which the client said the need out loud.
    pub needs_explicit: BTreeMap<String, usize>,
    /// Per objection id: sessions in which the client raised it.
    pub objections_raised: BTreeMap<String, usize>,
}

/// Every bot on one scenario, and what looks wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioReport {
    pub id: String,
    pub title: String,
    /// The stages the scenario is scored on, in cycle order.
    pub stages: Vec<Stage>,
    pub bots: Vec<BotReport>,
    pub flags: Vec<Flag>,
}

impl ScenarioReport {
    pub fn bot(&self, kind: BotKind) -> Option<&BotReport> {
        self.bots.iter().find(|b| b.bot == kind)
    }
}

/// The whole run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub runs: usize,
    pub seed: u64,
    pub rubric: String,
    pub bots: Vec<BotKind>,
    pub scenarios: Vec<ScenarioReport>,
}

impl Analysis {
    /// Sessions played in all.
    pub fn playthroughs(&self) -> usize {
        self.runs * self.bots.len() * self.scenarios.len()
    }

    /// The report as one JSON object for tools: scenarios by id, bots by name, flags with their
    /// message and advice.
    pub fn to_json(&self) -> Value {
        let scenarios: serde_json::Map<String, Value> = self
            .scenarios
            .iter()
            .map(|s| {
                let bots: serde_json::Map<String, Value> = s
                    .bots
                    .iter()
                    .map(|b| {
                        let mut v = serde_json::to_value(b).expect("plain data serializes");
                        if let Some(o) = v.as_object_mut() {
                            o.remove("bot");
                        }
                        (b.bot.name().to_owned(), v)
                    })
                    .collect();
                let flags: Vec<Value> = s
                    .flags
                    .iter()
                    .map(|f| {
                        let mut v = serde_json::to_value(f).expect("plain data serializes");
                        if let Some(o) = v.as_object_mut() {
                            o.insert("message".into(), f.to_string().into());
                            o.insert("advice".into(), f.advice().into());
                        }
                        v
                    })
                    .collect();
                (
                    s.id.clone(),
                    json!({
                        "title": s.title,
                        "stages": s.stages,
                        "bots": bots,
                        "flags": flags,
                    }),
                )
            })
            .collect();
        json!({
            "runs": self.runs,
            "seed": self.seed,
            "rubric": self.rubric,
            "bots": self.bots,
            "playthroughs": self.playthroughs(),
            "scenarios": scenarios,
        })
    }
}

/// Something in a scenario's results a trainer should look at before a workshop.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Flag {
    /// No bot ever reached a deal (in a scenario that has a zone of agreement).
    NoDeal,
    /// Random play closes (nearly) every time: the client is too easy.
    RandomAlwaysDeals { close_rate: f64 },
    /// Textbook play does not beat random play overall by `RANDOM_MARGIN`.
    TextbookNotAboveRandom { textbook: f64, random: f64 },
    /// Textbook play does not beat pushy play overall by `PUSHY_MARGIN`.
    TextbookNotAbovePushy { textbook: f64, pushy: f64 },
    /// Textbook negotiation does not beat the discounter's by `DISCOUNTER_MARGIN`.
    TextbookNotAboveDiscounter { textbook: f64, discounter: f64 },
    /// No bot ever got the client to say this need out loud.
    NeedNeverExplicit { need: String },
    /// No bot ever saw this objection.
    ObjectionNeverRaised { objection: String },
    /// A stage scored the same in every session that reached it, for a bot whose play varies
    /// from seed to seed.
    StageNeverVaries {
        bot: BotKind,
        stage: Stage,
        score: f64,
        sessions: usize,
    },
    /// Textbook play closes too rarely on a client that has a zone of agreement.
    TextbookRarelyCloses { close_rate: f64 },
    /// A weaker bot scores above textbook play overall.
    BotBeatsTextbook {
        bot: BotKind,
        score: f64,
        textbook: f64,
    },
    /// The exploit search found a play that breaks a good practice yet scores within
    /// `search::EXPLOIT_MARGIN` of textbook play (`analyze --search`).
    ExploitNearTextbook {
        rule: Rule,
        score: u32,
        textbook: u32,
    },
}

impl Flag {
    /// A problem to fix before a workshop; the rest are notes worth a look.
    pub fn is_warning(&self) -> bool {
        // Random play that never scores in a stage only shows the stage is hard to luck into.
        !matches!(self, Flag::StageNeverVaries { score, .. } if *score == 0.0)
    }

    /// What a trainer can do about it.
    pub fn advice(&self) -> &'static str {
        self.advice_in(Lang::En)
    }

    /// What a trainer can do about it, in `lang`.
    pub fn advice_in(&self, lang: Lang) -> &'static str {
        let t = |en: &'static str, ru: &'static str| match lang {
            Lang::En => en,
            Lang::Ru => ru,
        };
        match self {
            Flag::NoDeal => t(
                "check that the client's top reservation price reaches the bot's walk-away (floor + a fifth of the list−floor gap), and that interest can reach 0.45: more needs or features that answer them, fewer or weaker objections",
                "проверьте, что верхняя цена резервации клиента достигает порога ухода бота (минимум + пятая часть разрыва между прайсом и минимумом) и что интерес может дойти до 0,45: больше потребностей или свойств, которые на них отвечают, меньше или слабее возражения",
            ),
            Flag::RandomAlwaysDeals { .. } => t(
                "make the client harder to win: lower patience, higher scepticism, an objection on `Close` or `PriceMention`, a lower reservation price",
                "сделайте клиента труднее: меньше терпения, больше скепсиса, возражение на `Close` или `PriceMention`, ниже цена резервации",
            ),
            Flag::TextbookNotAboveRandom { .. } => t(
                "give the stages more to discover: hidden needs revealed only by `Problem` questions, objections that backfire on the wrong technique, a client style that punishes the wrong greeting",
                "дайте этапам больше содержания: скрытые потребности, которые раскрываются только вопросами `Problem`, возражения, на которые неверная техника даёт обратный эффект, стиль клиента, наказывающий неверное приветствие",
            ),
            Flag::TextbookNotAbovePushy { .. } => t(
                "make pitching without questions cost more: needs that start `Hidden`, an objection on `Stage(Presentation)` or `Close`, lower patience",
                "сделайте презентацию без вопросов дороже: потребности, которые начинаются как `Hidden`, возражение на `Stage(Presentation)` или `Close`, меньше терпения",
            ),
            Flag::TextbookNotAboveDiscounter { .. } => t(
                "widen the gap between list and floor, lower `kappa` or `beta` so the client concedes late, and add terms worth trading",
                "увеличьте разрыв между прайсом и минимумом, уменьшите `kappa` или `beta`, чтобы клиент уступал поздно, и добавьте условия, которыми стоит торговаться",
            ),
            Flag::NeedNeverExplicit { .. } => t(
                "make it reachable: list `Situation` or `Problem` in `revealed_by` (an open question reveals only the first hidden need that lists it), or start it `Hinted`",
                "сделайте её достижимой: укажите `Situation` или `Problem` в `revealed_by` (открытый вопрос раскрывает только первую скрытую потребность, где он указан) или начните её с `Hinted`",
            ),
            Flag::ObjectionNeverRaised { .. } => t(
                "check its trigger: an earlier objection with the same trigger wins (one objection per turn), `LowTrust` may sit below any trust reached, `AfterTurn` past the usual end",
                "проверьте триггер: побеждает более раннее возражение с тем же триггером (одно возражение за ход), `LowTrust` может быть ниже любого достигнутого доверия, `AfterTurn` — позже обычного конца встречи",
            ),
            Flag::StageNeverVaries { score, .. } if *score == 0.0 => t(
                "usually fine: the stage cannot be won by luck; look closer only if textbook play scores low there too",
                "обычно это нормально: этап не выиграть случайно; присмотритесь, только если и игра по учебнику получает здесь мало",
            ),
            Flag::StageNeverVaries { .. } => t(
                "the stage gives these points whatever the trainee does: check its rules in docs/scoring.md against the scenario (nothing to get wrong there, a need or objection that settles itself)",
                "этап даёт эти баллы, что бы ни делал ученик: сверьте его правила в docs/scoring.md со сценарием (там нечего сделать неправильно, потребность или возражение решаются сами)",
            ),
            Flag::TextbookRarelyCloses { .. } => t(
                "good selling should usually win here: check the patience against the moves a full cycle takes, random objections that block the close, and a reservation price that interest can actually reach",
                "хорошие продажи здесь должны обычно приводить к сделке: сверьте терпение с числом ходов полного цикла, проверьте случайные возражения, блокирующие закрытие, и достижимость цены резервации",
            ),
            Flag::BotBeatsTextbook { .. } => t(
                "the scenario rewards something textbook play avoids: look at the stage columns for where the weaker bot gains, and at its findings with `play --bot NAME`",
                "сценарий вознаграждает то, чего избегает игра по учебнику: посмотрите по столбцам этапов, где выигрывает более слабый бот, и его находки через `play --bot NAME`",
            ),
            Flag::ExploitNearTextbook { .. } => t(
                "replay the exploit's script (`play SCENARIO --seed S --script FILE`) and see which stage pays for the bad practice; the scenario or rubric weights let it off too lightly",
                "воспроизведите сценарий эксплойта (`play SCENARIO --seed S --script FILE`) и посмотрите, какой этап оплачивает плохую практику; сценарий или веса рубрики слишком к ней снисходительны",
            ),
        }
    }

    /// The flag in words, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Ru => match self {
                Flag::NoDeal => "ни один бот не доходит до сделки".into(),
                Flag::RandomAlwaysDeals { close_rate } => format!(
                    "случайная игра доходит до сделки в {:.0} % встреч",
                    close_rate * 100.0
                ),
                Flag::TextbookNotAboveRandom { textbook, random } => format!(
                    "учебник ({textbook:.1}) не обходит случайную игру ({random:.1}) на {RANDOM_MARGIN}"
                ),
                Flag::TextbookNotAbovePushy { textbook, pushy } => format!(
                    "учебник ({textbook:.1}) не обходит напористого ({pushy:.1}) на {PUSHY_MARGIN}"
                ),
                Flag::TextbookNotAboveDiscounter {
                    textbook,
                    discounter,
                } => format!(
                    "переговоры учебника ({textbook:.1}) не обходят «скидочника» ({discounter:.1}) на {DISCOUNTER_MARGIN}"
                ),
                Flag::NeedNeverExplicit { need } => {
                    format!("потребность `{need}` не выявляет (не делает явной) ни один бот")
                }
                Flag::ObjectionNeverRaised { objection } => {
                    format!("возражение `{objection}` не возникает никогда")
                }
                Flag::StageNeverVaries {
                    bot,
                    stage,
                    score,
                    sessions,
                } => format!(
                    "оценка этапа {stage} у бота {bot} не меняется: всегда {score:.0} в {sessions} встречах, дошедших до него"
                ),
                Flag::TextbookRarelyCloses { close_rate } => format!(
                    "игра по учебнику доходит до сделки лишь в {:.0} % встреч",
                    close_rate * 100.0
                ),
                Flag::BotBeatsTextbook {
                    bot,
                    score,
                    textbook,
                } => format!("бот {bot} ({score:.1}) набирает больше учебника ({textbook:.1})"),
                Flag::ExploitNearTextbook {
                    rule,
                    score,
                    textbook,
                } => format!(
                    "игра с нарушением `{rule}` набирает {score} — не меньше чем на {} ниже учебника ({textbook})",
                    crate::search::EXPLOIT_MARGIN
                ),
            },
        }
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Flag::NoDeal => write!(f, "no bot ever reaches a deal"),
            Flag::RandomAlwaysDeals { close_rate } => write!(
                f,
                "random play reaches a deal in {:.0} % of sessions",
                close_rate * 100.0
            ),
            Flag::TextbookNotAboveRandom { textbook, random } => write!(
                f,
                "textbook ({textbook:.1}) does not beat random ({random:.1}) by {RANDOM_MARGIN}"
            ),
            Flag::TextbookNotAbovePushy { textbook, pushy } => write!(
                f,
                "textbook ({textbook:.1}) does not beat pushy ({pushy:.1}) by {PUSHY_MARGIN}"
            ),
            Flag::TextbookNotAboveDiscounter {
                textbook,
                discounter,
            } => write!(
                f,
                "textbook's negotiation ({textbook:.1}) does not beat the discounter's ({discounter:.1}) by {DISCOUNTER_MARGIN}"
            ),
            Flag::NeedNeverExplicit { need } => write!(
                f,
                "need `{need}` is never discovered (made explicit) by any bot"
            ),
            Flag::ObjectionNeverRaised { objection } => {
                write!(f, "objection `{objection}` never triggers")
            }
            Flag::StageNeverVaries {
                bot,
                stage,
                score,
                sessions,
            } => write!(
                f,
                "stage {stage} score never varies for {bot}: always {score:.0} in the {sessions} sessions that reached it"
            ),
            Flag::TextbookRarelyCloses { close_rate } => write!(
                f,
                "textbook play reaches a deal in only {:.0} % of sessions",
                close_rate * 100.0
            ),
            Flag::BotBeatsTextbook {
                bot,
                score,
                textbook,
            } => write!(
                f,
                "{bot} ({score:.1}) scores above textbook ({textbook:.1})"
            ),
            Flag::ExploitNearTextbook {
                rule,
                score,
                textbook,
            } => write!(
                f,
                "a play that breaks `{rule}` scores {score}, within {} of textbook ({textbook})",
                crate::search::EXPLOIT_MARGIN
            ),
        }
    }
}

/// Plays every bot over `opts.runs` seeds on every scenario and reports. `progress(done, total)`
/// is called after each session, from the playing threads.
pub fn analyze(
    scenarios: &[Arc<Scenario>],
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Analysis {
    let mut bots: Vec<BotKind> = Vec::new();
    for b in &opts.bots {
        if !bots.contains(b) {
            bots.push(*b);
        }
    }
    let runs = opts.runs;
    let per_scenario = bots.len() * runs;
    let total = scenarios.len() * per_scenario;
    let job = |i: usize| {
        let (s, rest) = (i / per_scenario, i % per_scenario);
        let (b, r) = (rest / runs, rest % runs);
        let session = bots::play(
            bots[b],
            scenarios[s].clone(),
            opts.rubric.clone(),
            opts.seed_of(r),
        );
        Summary::of(&session)
    };

    // Threads take the next unplayed index; results go back to their index, so the aggregation
    // below sees them in the same order whatever the thread count.
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let threads = opts.threads.clamp(1, total.max(1));
    let mut results: Vec<Option<Summary>> = (0..total).map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= total {
                            break;
                        }
                        out.push((i, job(i)));
                        progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                    }
                    out
                })
            })
            .collect();
        for w in workers {
            let out = w.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            for (i, summary) in out {
                results[i] = Some(summary);
            }
        }
    });
    let mut results = results
        .into_iter()
        .map(|s| s.expect("every index was played"));

    let reports = scenarios
        .iter()
        .map(|sc| {
            let bot_reports: Vec<BotReport> = bots
                .iter()
                .map(|&bot| {
                    let sessions: Vec<Summary> = results.by_ref().take(runs).collect();
                    aggregate(sc, bot, &sessions)
                })
                .collect();
            ScenarioReport {
                id: sc.id.clone(),
                title: sc.title.clone(),
                stages: scored_stages(sc),
                flags: flags(sc, &bot_reports),
                bots: bot_reports,
            }
        })
        .collect();
    Analysis {
        runs,
        seed: opts.seed,
        rubric: opts.rubric.name.clone(),
        bots,
        scenarios: reports,
    }
}

/// What the report needs from one finished session.
struct Summary {
    overall: u32,
    /// Per scored stage, in `scored_stages` order: (score, reached).
    stages: Vec<(u32, bool)>,
    outcome: &'static str,
    /// The deal's value to the seller: price plus the seller's worth of its terms.
    deal_value: Option<i64>,
    turns: usize,
    explicit: Vec<bool>,
    raised: Vec<bool>,
}

impl Summary {
    fn of(session: &Session) -> Summary {
        let sc = session.scenario();
        let card = score(session);
        let deal_value = match session.outcome() {
            Some(Outcome::Deal { price, terms, .. }) => {
                Some(negotiation::seller_value(sc, *price, terms))
            }
            _ => None,
        };
        let client = session.client();
        Summary {
            overall: card.overall,
            stages: scored_stages(sc)
                .into_iter()
                .map(|s| {
                    card.stage(s)
                        .map_or((0, false), |st| (st.score, st.reached))
                })
                .collect(),
            outcome: session.outcome().map_or("in_progress", Outcome::key),
            deal_value,
            turns: session.moves().len(),
            explicit: client
                .needs
                .iter()
                .map(|n| n.level == Knowledge::Explicit)
                .collect(),
            raised: client
                .objections
                .iter()
                .map(|o| o.raised_turn.is_some())
                .collect(),
        }
    }
}

fn aggregate(sc: &Scenario, bot: BotKind, sessions: &[Summary]) -> BotReport {
    let n = sessions.len();
    let stat = |f: &dyn Fn(&Summary) -> f64| Stat::of(&sessions.iter().map(f).collect::<Vec<_>>());
    let stages = scored_stages(sc)
        .into_iter()
        .enumerate()
        .map(|(i, stage)| {
            let reached: Vec<f64> = sessions
                .iter()
                .filter(|s| s.stages[i].1)
                .map(|s| f64::from(s.stages[i].0))
                .collect();
            let st = StageStat {
                score: stat(&|s| f64::from(s.stages[i].0)),
                reached: reached.len(),
                when_reached: Stat::of(&reached),
            };
            (stage, st)
        })
        .collect();
    let floor = sc.product.floor_price as f64;
    let span = sc.best_price() as f64 - floor;
    let shares: Vec<f64> = sessions
        .iter()
        .filter_map(|s| s.deal_value)
        .map(|v| (v as f64 - floor) / span)
        .collect();
    let deals = sessions.iter().filter(|s| s.deal_value.is_some()).count();
    let mut outcomes = BTreeMap::new();
    for s in sessions {
        *outcomes.entry(s.outcome.to_owned()).or_insert(0) += 1;
    }
    let count = |pick: &dyn Fn(&Summary) -> &[bool], i: usize| {
        sessions.iter().filter(|s| pick(s)[i]).count()
    };
    BotReport {
        bot,
        sessions: n,
        deals,
        close_rate: if n == 0 { 0.0 } else { deals as f64 / n as f64 },
        overall: stat(&|s| f64::from(s.overall)),
        stages,
        // Without a zone of agreement there is no scale to place a price on.
        price_share: (!shares.is_empty() && span > 0.0).then(|| Stat::of(&shares)),
        turns: stat(&|s| s.turns as f64),
        outcomes,
        needs_explicit: sc
            .needs
            .iter()
            .enumerate()
            .map(|(i, need)| (need.id.clone(), count(&|s| &s.explicit, i)))
            .collect(),
        objections_raised: sc
            .objections
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), count(&|s| &s.raised, i)))
            .collect(),
    }
}

/// The balance flags of one scenario's bot reports. Comparisons between bots are made only when
/// both bots played.
pub fn flags(sc: &Scenario, bots: &[BotReport]) -> Vec<Flag> {
    let mut out = Vec::new();
    if bots.iter().all(|b| b.sessions == 0) {
        return out;
    }
    let get = |k: BotKind| bots.iter().find(|b| b.bot == k && b.sessions > 0);
    let (random, textbook, pushy, discounter) = (
        get(BotKind::Random),
        get(BotKind::Textbook),
        get(BotKind::Pushy),
        get(BotKind::Discounter),
    );
    let walk_away_lesson = !sc.has_zone_of_agreement();
    if !walk_away_lesson && bots.iter().all(|b| b.deals == 0) {
        out.push(Flag::NoDeal);
    }
    if let Some(r) = random
        && r.close_rate >= RANDOM_DEAL_RATE
    {
        out.push(Flag::RandomAlwaysDeals {
            close_rate: r.close_rate,
        });
    }
    if let Some(t) = textbook {
        if !walk_away_lesson && t.close_rate < TEXTBOOK_DEAL_RATE {
            out.push(Flag::TextbookRarelyCloses {
                close_rate: t.close_rate,
            });
        }
        for b in bots
            .iter()
            .filter(|b| b.bot != BotKind::Textbook && b.sessions > 0)
        {
            if b.overall.mean > t.overall.mean {
                out.push(Flag::BotBeatsTextbook {
                    bot: b.bot,
                    score: b.overall.mean,
                    textbook: t.overall.mean,
                });
            }
        }
        if let Some(r) = random
            && t.overall.mean < r.overall.mean + RANDOM_MARGIN
        {
            out.push(Flag::TextbookNotAboveRandom {
                textbook: t.overall.mean,
                random: r.overall.mean,
            });
        }
        if let Some(p) = pushy
            && t.overall.mean < p.overall.mean + PUSHY_MARGIN
        {
            out.push(Flag::TextbookNotAbovePushy {
                textbook: t.overall.mean,
                pushy: p.overall.mean,
            });
        }
        let negotiation = |b: &BotReport| {
            b.stages
                .get(&Stage::Negotiation)
                .map_or(0.0, |s| s.score.mean)
        };
        if let Some(d) = discounter
            && negotiation(t) < negotiation(d) + DISCOUNTER_MARGIN
        {
            out.push(Flag::TextbookNotAboveDiscounter {
                textbook: negotiation(t),
                discounter: negotiation(d),
            });
        }
    }
    for need in sc.needs.iter().filter(|n| !n.satisfied) {
        if bots
            .iter()
            .all(|b| b.needs_explicit.get(&need.id) == Some(&0))
        {
            out.push(Flag::NeedNeverExplicit {
                need: need.id.clone(),
            });
        }
    }
    for o in &sc.objections {
        if bots
            .iter()
            .all(|b| b.objections_raised.get(&o.id) == Some(&0))
        {
            out.push(Flag::ObjectionNeverRaised {
                objection: o.id.clone(),
            });
        }
    }
    for b in bots.iter().filter(|b| plays_differently_each_time(b.bot)) {
        for (&stage, st) in &b.stages {
            // Unreached sessions score 0 by rule; they say nothing about the stage itself.
            if st.reached >= 2 && !st.when_reached.varies() {
                out.push(Flag::StageNeverVaries {
                    bot: b.bot,
                    stage,
                    score: st.when_reached.mean,
                    sessions: st.reached,
                });
            }
        }
    }
    out
}

/// The flags of an exploit search: each bad practice that comes near textbook play.
pub fn search_flags(report: &crate::search::Report) -> Vec<Flag> {
    report
        .near()
        .map(|e| Flag::ExploitNearTextbook {
            rule: e.rule,
            score: e.overall.unwrap_or(0),
            textbook: report.textbook,
        })
        .collect()
}

/// Whether a bot's moves change from seed to seed in every stage, so a score that never changes
/// says something about the scenario. The scripted bots plan, greet, ask and pitch the same way
/// each time and play perfectly or badly on purpose: their constant scores are by design.
fn plays_differently_each_time(bot: BotKind) -> bool {
    bot == BotKind::Random
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled;

    fn scenario(id: &str) -> Arc<Scenario> {
        Arc::new(bundled::load(id).expect("bundled").scenario)
    }

    fn opts(runs: usize, threads: usize) -> Options {
        Options {
            runs,
            threads,
            ..Options::default()
        }
    }

    #[test]
    fn stat_is_mean_population_sd_min_and_max() {
        let s = Stat::of(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!((s.mean, s.sd, s.min, s.max), (5.0, 2.0, 2.0, 9.0));
        assert!(s.varies());
        assert!(!Stat::of(&[3.0, 3.0]).varies());
        assert_eq!(Stat::of(&[]), Stat::default());
    }

    #[test]
    fn aggregation_matches_the_sessions_played_one_by_one() {
        let sc = scenario("fleet-telematics");
        let o = opts(4, 2);
        let report = analyze(std::slice::from_ref(&sc), &o, &|_, _| {});
        let r = &report.scenarios[0];
        assert_eq!(report.playthroughs(), 16);
        assert_eq!(r.bots.len(), 4);
        for b in &r.bots {
            let sessions: Vec<Session> = (0..4)
                .map(|i| bots::play(b.bot, sc.clone(), Rubric::default(), o.seed_of(i)))
                .collect();
            let overall: Vec<f64> = sessions
                .iter()
                .map(|s| f64::from(score(s).overall))
                .collect();
            assert_eq!(b.overall, Stat::of(&overall), "{}", b.bot);
            let needs: Vec<f64> = sessions
                .iter()
                .map(|s| f64::from(score(s).score_of(Stage::Needs)))
                .collect();
            assert_eq!(b.stages[&Stage::Needs].score, Stat::of(&needs));
            let reached = sessions
                .iter()
                .filter(|s| score(s).stage(Stage::FollowUp).unwrap().reached)
                .count();
            assert_eq!(b.stages[&Stage::FollowUp].reached, reached);
            let deals = sessions
                .iter()
                .filter(|s| matches!(s.outcome(), Some(Outcome::Deal { .. })))
                .count();
            assert_eq!(b.deals, deals);
            assert_eq!(b.close_rate, deals as f64 / 4.0);
            assert_eq!(b.outcomes.values().sum::<usize>(), 4);
            let turns: Vec<f64> = sessions.iter().map(|s| s.moves().len() as f64).collect();
            assert_eq!(b.turns, Stat::of(&turns));
            assert_eq!(b.price_share.is_some(), deals > 0);
            assert!(!b.stages.contains_key(&Stage::Debt), "not a credit sale");
        }
        let textbook = r.bot(BotKind::Textbook).unwrap();
        assert_eq!(textbook.close_rate, 1.0);
        let share = textbook.price_share.unwrap();
        assert!(
            share.mean > 0.3 && share.max <= 1.5,
            "textbook sells well above the floor: {share:?}"
        );
    }

    #[test]
    fn price_share_places_the_deal_between_floor_and_best_price() {
        let sc = scenario("fleet-telematics");
        let report = analyze(
            std::slice::from_ref(&sc),
            &Options {
                bots: vec![BotKind::Textbook],
                ..opts(3, 1)
            },
            &|_, _| {},
        );
        let b = &report.scenarios[0].bots[0];
        let expected: Vec<f64> = (0..3)
            .filter_map(|i| {
                let s = bots::play(BotKind::Textbook, sc.clone(), Rubric::default(), 1 + i);
                match s.outcome() {
                    Some(Outcome::Deal { price, terms, .. }) => {
                        let v = negotiation::seller_value(&sc, *price, terms) as f64;
                        Some((v - 36000.0) / (48000.0 - 36000.0))
                    }
                    _ => None,
                }
            })
            .collect();
        assert_eq!(b.price_share, Some(Stat::of(&expected)));
    }

    #[test]
    fn the_result_does_not_depend_on_the_thread_count() {
        let scs = [scenario("fleet-telematics"), scenario("solar-farm")];
        let one = analyze(&scs, &opts(6, 1), &|_, _| {});
        let four = analyze(&scs, &opts(6, 4), &|_, _| {});
        assert_eq!(one, four);
        assert_eq!(
            serde_json::to_string(&one.to_json()).unwrap(),
            serde_json::to_string(&four.to_json()).unwrap()
        );
    }

    #[test]
    fn progress_counts_every_session_once() {
        let done = std::sync::Mutex::new(Vec::new());
        let report = analyze(&[scenario("fleet-telematics")], &opts(3, 3), &|d, t| {
            done.lock().unwrap().push((d, t))
        });
        let mut done = done.into_inner().unwrap();
        done.sort();
        let total = report.playthroughs();
        assert_eq!(done, (1..=total).map(|d| (d, total)).collect::<Vec<_>>());
    }

    #[test]
    fn a_balanced_bundled_scenario_raises_no_discrimination_flags() {
        let report = analyze(&[scenario("fleet-telematics")], &opts(10, 2), &|_, _| {});
        let flags = &report.scenarios[0].flags;
        assert!(
            !flags.iter().any(|f| matches!(
                f,
                Flag::NoDeal
                    | Flag::TextbookNotAboveRandom { .. }
                    | Flag::TextbookNotAbovePushy { .. }
                    | Flag::TextbookNotAboveDiscounter { .. }
            )),
            "{flags:?}"
        );
    }

    fn report(bot: BotKind, deals: usize, overall: f64, negotiation: f64) -> BotReport {
        let stat = |v: f64| Stat {
            mean: v,
            sd: 1.0,
            min: v - 1.0,
            max: v + 1.0,
        };
        BotReport {
            bot,
            sessions: 10,
            deals,
            close_rate: deals as f64 / 10.0,
            overall: stat(overall),
            stages: [
                (
                    Stage::Negotiation,
                    StageStat {
                        score: stat(negotiation),
                        reached: 10,
                        when_reached: stat(negotiation),
                    },
                ),
                (
                    Stage::Close,
                    StageStat {
                        score: Stat::default(),
                        reached: 10,
                        when_reached: Stat::default(),
                    },
                ),
                (
                    Stage::FollowUp,
                    StageStat {
                        score: stat(70.0),
                        reached: 1,
                        when_reached: Stat::of(&[70.0]),
                    },
                ),
            ]
            .into(),
            price_share: None,
            turns: stat(20.0),
            outcomes: BTreeMap::new(),
            needs_explicit: [("fuel-costs".to_owned(), 0), ("safety".to_owned(), 3)].into(),
            objections_raised: [("price".to_owned(), 0), ("board".to_owned(), 2)].into(),
        }
    }

    #[test]
    fn flags_name_each_balance_problem() {
        let mut sc = (*scenario("fleet-telematics")).clone();
        sc.needs.truncate(2);
        sc.objections.retain(|o| o.id == "price" || o.id == "board");
        let bots = [
            report(BotKind::Random, 10, 50.0, 40.0),
            report(BotKind::Textbook, 0, 60.0, 70.0),
            report(BotKind::Pushy, 0, 50.0, 10.0),
            report(BotKind::Discounter, 0, 55.0, 60.0),
        ];
        let flags = flags(&sc, &bots);
        let expected = [
            Flag::RandomAlwaysDeals { close_rate: 1.0 },
            Flag::TextbookRarelyCloses { close_rate: 0.0 },
            Flag::TextbookNotAboveRandom {
                textbook: 60.0,
                random: 50.0,
            },
            Flag::TextbookNotAbovePushy {
                textbook: 60.0,
                pushy: 50.0,
            },
            Flag::TextbookNotAboveDiscounter {
                textbook: 70.0,
                discounter: 60.0,
            },
            Flag::NeedNeverExplicit {
                need: "fuel-costs".into(),
            },
            Flag::ObjectionNeverRaised {
                objection: "price".into(),
            },
            Flag::StageNeverVaries {
                bot: BotKind::Random,
                stage: Stage::Close,
                score: 0.0,
                sessions: 10,
            },
        ];
        assert_eq!(flags, expected);
        assert!(flags[0].is_warning() && !flags[7].is_warning());
        // A weaker bot above textbook is named.
        let upside_down = [
            report(BotKind::Textbook, 10, 60.0, 70.0),
            report(BotKind::Discounter, 10, 75.0, 40.0),
        ];
        assert!(
            self::flags(&sc, &upside_down).contains(&Flag::BotBeatsTextbook {
                bot: BotKind::Discounter,
                score: 75.0,
                textbook: 60.0,
            })
        );
        // Random deals, so some bot reached a deal: no `NoDeal`.
        let nobody = [report(BotKind::Textbook, 0, 90.0, 90.0)];
        assert!(self::flags(&sc, &nobody).contains(&Flag::NoDeal));
        assert!(
            self::flags(&sc, &[]).is_empty(),
            "nothing played, nothing to say"
        );
        // Without a zone of agreement no deal is the right answer.
        sc.negotiation.reservation.1 = sc.product.floor_price - 1;
        assert!(!self::flags(&sc, &nobody).contains(&Flag::NoDeal));
    }

    #[test]
    fn flags_read_well_and_serialize_with_message_and_advice() {
        let f = Flag::TextbookNotAbovePushy {
            textbook: 61.26,
            pushy: 50.0,
        };
        assert_eq!(
            f.to_string(),
            "textbook (61.3) does not beat pushy (50.0) by 15"
        );
        let mut a = analyze(&[scenario("fleet-telematics")], &opts(1, 1), &|_, _| {});
        a.scenarios[0].flags = vec![f];
        let v = a.to_json();
        let flag = &v["scenarios"]["fleet-telematics"]["flags"][0];
        assert_eq!(flag["kind"], "textbook_not_above_pushy");
        assert_eq!(flag["pushy"], 50.0);
        assert!(flag["advice"].as_str().unwrap().contains("Hidden"));
        let textbook = &v["scenarios"]["fleet-telematics"]["bots"]["textbook"];
        assert!(textbook["stages"]["needs"]["mean"].is_number());
        assert!(textbook["close_rate"].is_number());
    }
}

#[cfg(test)]
mod flag_text_tests {
    use super::*;

    #[test]
    fn every_flag_has_its_own_words_in_both_languages() {
        let flags = [
            Flag::NoDeal,
            Flag::RandomAlwaysDeals { close_rate: 0.95 },
            Flag::TextbookNotAboveRandom {
                textbook: 50.0,
                random: 45.0,
            },
            Flag::TextbookNotAbovePushy {
                textbook: 50.0,
                pushy: 45.0,
            },
            Flag::TextbookNotAboveDiscounter {
                textbook: 50.0,
                discounter: 45.0,
            },
            Flag::NeedNeverExplicit { need: "n".into() },
            Flag::ObjectionNeverRaised {
                objection: "o".into(),
            },
            Flag::StageNeverVaries {
                bot: BotKind::Random,
                stage: Stage::Close,
                score: 0.0,
                sessions: 3,
            },
            Flag::StageNeverVaries {
                bot: BotKind::Textbook,
                stage: Stage::Close,
                score: 80.0,
                sessions: 3,
            },
        ];
        for f in &flags {
            let (en, ru) = (f.text(Lang::En), f.text(Lang::Ru));
            assert_eq!(en, f.to_string());
            assert_ne!(en, ru, "{en}");
            assert!(ru.chars().any(|c| ('а'..='я').contains(&c)), "{ru}");
            let (a_en, a_ru) = (f.advice_in(Lang::En), f.advice_in(Lang::Ru));
            assert_eq!(a_en, f.advice());
            assert!(a_ru.chars().any(|c| ('а'..='я').contains(&c)), "{a_ru}");
        }
    }
}
