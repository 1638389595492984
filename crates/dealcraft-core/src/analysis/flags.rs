//! The balance flags: what in a scenario's results a trainer should look at before a workshop.

use std::fmt;

use serde::Serialize;

use crate::bots::BotKind;
use crate::moves::Stage;
use crate::scenario::{Lang, Scenario};
use crate::scoring::Rule;
use crate::vocab;

use super::report::BotReport;
use super::{DISCOUNTER_MARGIN, PUSHY_MARGIN, RANDOM_DEAL_RATE, RANDOM_MARGIN, TEXTBOOK_DEAL_RATE};

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
    /// The exploit search found a play that breaks no good practice yet beats textbook play by
    /// `search::EXPLOIT_MARGIN` or more: the scenario rewards something textbook play misses.
    CleanPlayBeatsTextbook { score: u32, textbook: u32 },
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
            Flag::CleanPlayBeatsTextbook { .. } => t(
                "write that play out (`--scripts`) and read its findings: either textbook play misses something good selling should do here, or the scenario pays for something it should not",
                "запишите эту игру (`--scripts`) и прочитайте её находки: либо игра по учебнику упускает то, что здесь стоит делать, либо сценарий платит за то, за что не должен",
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
                    "оценка этапа «{}» у бота «{}» не меняется: всегда {score:.0} в {sessions} {}, {} до него",
                    vocab::ru::stage(*stage),
                    vocab::ru::bot(*bot),
                    vocab::ru::plural(*sessions as u64, "встрече", "встречах", "встречах"),
                    vocab::ru::plural(*sessions as u64, "дошедшей", "дошедших", "дошедших"),
                ),
                Flag::TextbookRarelyCloses { close_rate } => format!(
                    "игра по учебнику доходит до сделки лишь в {:.0} % встреч",
                    close_rate * 100.0
                ),
                Flag::BotBeatsTextbook {
                    bot,
                    score,
                    textbook,
                } => format!(
                    "бот «{}» ({score:.1}) набирает больше бота «по учебнику» ({textbook:.1})",
                    vocab::ru::bot(*bot)
                ),
                Flag::CleanPlayBeatsTextbook { score, textbook } => {
                    format!("игра без нарушений набирает {score} — больше учебника ({textbook})")
                }
                Flag::ExploitNearTextbook {
                    rule,
                    score,
                    textbook,
                } => format!(
                    "игра с нарушением `{rule}` набирает {score} и отстаёт от учебника ({textbook}) не больше чем на {}",
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
            Flag::CleanPlayBeatsTextbook { score, textbook } => write!(
                f,
                "a play that breaks no good practice scores {score}, above textbook ({textbook})"
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

/// The balance flags of one scenario's bot reports. Comparisons between bots are made only when
/// both bots played.
pub fn flags(sc: &Scenario, bots: &[BotReport]) -> Vec<Flag> {
    let mut out = Vec::new();
    if bots.iter().all(|b| b.sessions == 0) {
        return out;
    }
    let walk_away_lesson = !sc.has_zone_of_agreement();
    if !walk_away_lesson && bots.iter().all(|b| b.deals == 0) {
        out.push(Flag::NoDeal);
    }
    let get = |k: BotKind| bots.iter().find(|b| b.bot == k && b.sessions > 0);
    if let Some(r) = get(BotKind::Random)
        && r.close_rate >= RANDOM_DEAL_RATE
    {
        out.push(Flag::RandomAlwaysDeals {
            close_rate: r.close_rate,
        });
    }
    if let Some(t) = get(BotKind::Textbook) {
        if !walk_away_lesson && t.close_rate < TEXTBOOK_DEAL_RATE {
            out.push(Flag::TextbookRarelyCloses {
                close_rate: t.close_rate,
            });
        }
        margins(t, bots, &mut out);
    }
    never_seen(sc, bots, &mut out);
    never_varies(bots, &mut out);
    out
}

/// Textbook play against each weaker bot: above all of them, and by the margins DESIGN §4 asks.
fn margins(t: &BotReport, bots: &[BotReport], out: &mut Vec<Flag>) {
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
    let get = |k: BotKind| bots.iter().find(|b| b.bot == k && b.sessions > 0);
    if let Some(r) = get(BotKind::Random)
        && t.overall.mean < r.overall.mean + RANDOM_MARGIN
    {
        out.push(Flag::TextbookNotAboveRandom {
            textbook: t.overall.mean,
            random: r.overall.mean,
        });
    }
    if let Some(p) = get(BotKind::Pushy)
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
    if let Some(d) = get(BotKind::Discounter)
        && negotiation(t) < negotiation(d) + DISCOUNTER_MARGIN
    {
        out.push(Flag::TextbookNotAboveDiscounter {
            textbook: negotiation(t),
            discounter: negotiation(d),
        });
    }
}

/// Needs no bot made explicit and objections no bot saw (satisfied topics are not needs).
fn never_seen(sc: &Scenario, bots: &[BotReport], out: &mut Vec<Flag>) {
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
}

/// Stages that score the same for a bot whose play varies from seed to seed.
fn never_varies(bots: &[BotReport], out: &mut Vec<Flag>) {
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
}

/// The flags of an exploit search: each bad practice that comes near textbook play.
pub fn search_flags(report: &crate::search::Report) -> Vec<Flag> {
    let mut out: Vec<Flag> = report
        .near()
        .map(|e| Flag::ExploitNearTextbook {
            rule: e.rule,
            score: e.overall.unwrap_or(0),
            textbook: report.textbook,
        })
        .collect();
    if report.best_clean >= report.textbook + crate::search::EXPLOIT_MARGIN {
        out.push(Flag::CleanPlayBeatsTextbook {
            score: report.best_clean,
            textbook: report.textbook,
        });
    }
    out
}

/// Whether a bot's moves change from seed to seed in every stage, so a score that never changes
/// says something about the scenario. The scripted bots plan, greet, ask and pitch the same way
/// each time and play perfectly or badly on purpose: their constant scores are by design.
fn plays_differently_each_time(bot: BotKind) -> bool {
    bot == BotKind::Random
}

#[cfg(test)]
mod flag_text_tests {
    use super::*;
    use crate::moves::Stage;
    use crate::scenario::Lang;

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
