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

mod flags;
mod report;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::bots::{self, BotKind};
use crate::negotiation;
use crate::rubric::Rubric;
use crate::scenario::{Knowledge, Scenario};
use crate::scoring::{score_quietly, scored_stages};
use crate::session::{Outcome, Session};

pub use flags::{Flag, flags, search_flags};
pub use report::{Analysis, BotReport, ScenarioReport, StageStat, Stat};

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

/// Plays every bot over `opts.runs` seeds on every scenario and reports. `progress(done, total)`
/// is called from the playing threads as sessions finish: after each one for up to a thousand
/// sessions, else about a thousand times in all, and always at the end.
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
    // Each thread plays on its own copies of the scenarios: sessions clone their scenario's
    // `Arc` on most moves, and one count shared by two cores costs a quarter of the speed.
    let own_copies = || -> Vec<Arc<Scenario>> {
        scenarios
            .iter()
            .map(|sc| Arc::new((**sc).clone()))
            .collect()
    };
    let job = |copies: &mut Vec<Arc<Scenario>>, i: usize| {
        let (s, rest) = (i / per_scenario, i % per_scenario);
        let (b, r) = (rest / runs, rest % runs);
        let session = bots::play_quietly(
            bots[b],
            copies[s].clone(),
            opts.rubric.clone(),
            opts.seed_of(r),
        );
        Summary::of(&session)
    };

    let done = AtomicUsize::new(0);
    // Progress a thousand times at most: a bar needs no more, and threads share the counter.
    let step = total.div_ceil(1000).max(1);
    let played =
        crate::parallel::map_indexed_with(total, opts.threads, &own_copies, &|copies, i| {
            let summary = job(copies, i);
            let d = done.fetch_add(1, Ordering::Relaxed) + 1;
            if d.is_multiple_of(step) || d == total {
                progress(d, total);
            }
            summary
        });
    let mut results = played.into_iter();

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
        let card = score_quietly(session);
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
    let shares: Vec<f64> = sessions
        .iter()
        .filter_map(|s| s.deal_value)
        .filter_map(|v| sc.zone_share(v))
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
        price_share: (!shares.is_empty()).then(|| Stat::of(&shares)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled;
    use crate::moves::Stage;
    use crate::scoring::score;

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

        // Many sessions: at most a thousand calls or so, the last one at the total.
        let done = std::sync::Mutex::new(Vec::new());
        let report = analyze(&[scenario("fleet-telematics")], &opts(600, 2), &|d, _| {
            done.lock().unwrap().push(d)
        });
        let mut done = done.into_inner().unwrap();
        done.sort();
        let total = report.playthroughs();
        assert_eq!(total, 2400);
        assert_eq!(done.last(), Some(&total));
        assert!((500..=1001).contains(&done.len()), "{} calls", done.len());
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
