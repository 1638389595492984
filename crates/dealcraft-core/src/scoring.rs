//! Scoring: every stage gets 0–100 made of findings, each naming a rule, a turn, points and a tip.
//!
//! A stage's score is the sum of its findings' points, clamped to 0–100; the positive findings of
//! a stage add up to 100 for a textbook performance. The overall score weighs the stages the
//! scenario has with the rubric's weights. Scoring reads only the session's turn records, so the
//! same log always gives the same findings. `docs/scoring.md` lists every rule.
//!
//! Findings' text and tips come in English ([`score`]) or in another language ([`score_in`]);
//! the rules, turns and points do not depend on the language.

use serde::Serialize;

use crate::moves::{
    AfterSale, CloseTechnique, ContactStyle, DebtAction, Move, QuestionKind, Stage, Technique,
};
use crate::negotiation;
use crate::phrases;
use crate::rubric::Rule;
use crate::scenario::{Knowledge, Lang, Scenario, SocialStyle};
use crate::session::{
    CloseResult, Effect, Fit, HandleResult, ObjectionStatus, Outcome, PresentFit, QuestionResult,
    Reaction, Session, TurnRecord, format_money,
};

/// One reason for points won or lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub stage: Stage,
    /// Stable rule key, e.g. `needs.discovery` or `rubric.max_discount`.
    pub rule: String,
    /// The turn it refers to, when one turn earned or lost it.
    pub turn: Option<u32>,
    pub points: i32,
    pub text: String,
    pub tip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageScore {
    pub stage: Stage,
    pub score: u32,
    pub weight: u32,
    pub reached: bool,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scorecard {
    pub overall: u32,
    pub stages: Vec<StageScore>,
}

impl Scorecard {
    pub fn stage(&self, stage: Stage) -> Option<&StageScore> {
        self.stages.iter().find(|s| s.stage == stage)
    }

    /// A stage's score, 0 where the scenario does not have the stage.
    pub fn score_of(&self, stage: Stage) -> u32 {
        self.stage(stage).map_or(0, |s| s.score)
    }
}

/// Scores a session as it stands (finished or not), with findings in English.
pub fn score(session: &Session) -> Scorecard {
    score_in(session, Lang::En)
}

/// Scores a session as [`score`] does, with the findings' text and tips in `lang`: the same
/// findings (rules, turns, points, order) in every language.
pub fn score_in(session: &Session, lang: Lang) -> Scorecard {
    let sc = session.scenario();
    let turns = session.turns();
    let weights = &session.rubric().weights;
    let mut stages = Vec::new();
    for stage in scored_stages(sc) {
        let mut f = Findings::new(stage, lang, &sc.product.currency);
        let reached = match stage {
            Stage::Preparation => preparation(session, &mut f),
            Stage::Contact => contact(session, turns, &mut f),
            Stage::Needs => needs(session, turns, &mut f),
            Stage::Presentation => presentation(session, turns, &mut f),
            Stage::Objections => objections(session, turns, &mut f),
            Stage::Negotiation => negotiation_stage(session, turns, &mut f),
            Stage::Close => close(session, turns, &mut f),
            Stage::FollowUp => follow_up(session, turns, &mut f),
            Stage::Debt => debt(session, turns, &mut f),
        };
        if reached {
            rubric_rules(session, turns, &mut f);
        }
        let score = if reached {
            f.list.iter().map(|x| x.points).sum::<i32>().clamp(0, 100) as u32
        } else {
            0
        };
        stages.push(StageScore {
            stage,
            score,
            weight: weights.get(stage),
            reached,
            findings: f.list,
        });
    }
    let total_weight: u32 = stages.iter().map(|s| s.weight).sum();
    let overall = if total_weight == 0 {
        0
    } else {
        let sum: u64 = stages
            .iter()
            .map(|s| u64::from(s.weight) * u64::from(s.score))
            .sum();
        ((sum as f64) / f64::from(total_weight)).round() as u32
    };
    Scorecard { overall, stages }
}

/// The stages a scenario has: objections only with objections, debt only for credit sales.
pub fn scored_stages(sc: &Scenario) -> Vec<Stage> {
    sc.stages()
        .into_iter()
        .filter(|s| *s != Stage::Objections || !sc.objections.is_empty())
        .collect()
}

struct Findings {
    stage: Stage,
    lang: Lang,
    currency: String,
    list: Vec<Finding>,
}

impl Findings {
    fn new(stage: Stage, lang: Lang, currency: &str) -> Self {
        Findings {
            stage,
            lang,
            currency: currency.to_owned(),
            list: Vec::new(),
        }
    }

    /// The English or the Russian of a text, by the language being scored in.
    fn t<T>(&self, en: T, ru: T) -> T {
        match self.lang {
            Lang::En => en,
            Lang::Ru => ru,
        }
    }

    /// An amount of money in the scenario's currency: `48 000 EUR`.
    fn money(&self, amount: u64) -> String {
        format_money(amount, &self.currency)
    }

    /// A value that may fall below zero (a deal whose terms cost more than its price).
    fn money_signed(&self, amount: i64) -> String {
        if amount < 0 {
            format!("-{}", self.money(amount.unsigned_abs()))
        } else {
            self.money(amount.unsigned_abs())
        }
    }

    fn add(
        &mut self,
        rule: &str,
        turn: Option<u32>,
        points: i32,
        text: impl Into<String>,
        tip: Option<&str>,
    ) {
        self.list.push(Finding {
            stage: self.stage,
            rule: rule.to_owned(),
            turn,
            points,
            text: text.into(),
            tip: tip.map(str::to_owned),
        });
    }

    /// A stage the session never reached: one finding that says why.
    fn unreached(&mut self, text: &str, tip: &str) -> bool {
        self.add(
            &format!("{}.not_reached", self.stage.key()),
            None,
            0,
            text,
            Some(tip),
        );
        false
    }
}

/// A social style's Russian name, for «quoted» use: «аналитик».
fn style_ru(style: SocialStyle) -> &'static str {
    phrases::style_name(Lang::Ru, style)
}

fn contact_ru(c: ContactStyle) -> &'static str {
    match c {
        ContactStyle::Direct => "деловое",
        ContactStyle::Enthusiastic => "энергичное",
        ContactStyle::Warm => "тёплое",
        ContactStyle::Precise => "точное",
    }
}

fn question_ru(q: QuestionKind) -> &'static str {
    match q {
        QuestionKind::Situation => "ситуационный",
        QuestionKind::Problem => "проблемный",
        QuestionKind::Implication => "извлекающий",
        QuestionKind::NeedPayoff => "направляющий",
    }
}

fn technique_ru(t: Technique) -> &'static str {
    match t {
        Technique::Acknowledge => "признание",
        Technique::Clarify => "уточнение",
        Technique::Evidence => "доказательства",
        Technique::Reframe => "переформулирование",
        Technique::FeelFeltFound => "понимаю — чувствовали — обнаружили",
        Technique::Concede => "уступка",
    }
}

fn close_ru(c: CloseTechnique) -> &'static str {
    match c {
        CloseTechnique::Trial => "пробное закрытие",
        CloseTechnique::Direct => "прямой вопрос",
        CloseTechnique::Summary => "резюме и вопрос",
        CloseTechnique::Alternative => "выбор без выбора",
        CloseTechnique::Assumptive => "как о решённом",
    }
}

fn after_sale_ru(a: AfterSale) -> &'static str {
    match a {
        AfterSale::AskFeedback => "запрос отзыва",
        AfterSale::Training => "обучение",
        AfterSale::Support => "поддержка",
        AfterSale::CheckIn => "контрольный звонок",
        AfterSale::Loyalty => "программа лояльности",
        AfterSale::Upsell => "допродажа",
    }
}

fn debt_ru(d: DebtAction) -> &'static str {
    match d {
        DebtAction::AgreeSchedule => "согласование графика",
        DebtAction::Remind => "напоминание",
        DebtAction::Call => "звонок",
        DebtAction::Installments => "предложение рассрочки",
        DebtAction::Escalate => "претензия",
        DebtAction::Wait => "ожидание",
    }
}

/// How far a need came out, as the end of "потребность … осталась …".
fn knowledge_ru(k: Knowledge) -> &'static str {
    match k {
        Knowledge::Hidden => "скрытой",
        Knowledge::Hinted => "лишь упомянутой",
        Knowledge::Implied => "неявной",
        Knowledge::Explicit => "явной",
    }
}

/// A move in Russian running text; ids from the scenario are «quoted».
fn move_ru(mv: &Move, f: &Findings) -> String {
    match mv {
        Move::Prepare(_) => "подготовка".to_owned(),
        Move::Greet(c) => format!("{} приветствие", contact_ru(*c)),
        Move::SetAgenda => "повестка встречи".to_owned(),
        Move::SmallTalk => "светская беседа".to_owned(),
        Move::Ask {
            kind,
            need: Some(n),
        } => format!("{} вопрос о «{n}»", question_ru(*kind)),
        Move::Ask { kind, need: None } => format!("{} вопрос", question_ru(*kind)),
        Move::Summarize => "резюме потребностей".to_owned(),
        Move::Present { feature, .. } => format!("презентация «{feature}»"),
        Move::Handle {
            objection,
            technique,
        } => format!(
            "ответ на возражение «{objection}» ({})",
            technique_ru(*technique)
        ),
        Move::Offer { price, .. } => format!("предложение цены {}", f.money(*price)),
        Move::AcceptCounter => "согласие на встречное предложение".to_owned(),
        Move::WalkAway => "отказ от сделки".to_owned(),
        Move::Close(c) => format!("техника закрытия «{}»", close_ru(*c)),
        Move::NextSteps => "следующие шаги".to_owned(),
        Move::FollowUp(a) => format!("сопровождение ({})", after_sale_ru(*a)),
        Move::Collect(d) => format!("работа с долгом ({})", debt_ru(*d)),
        Move::End => "завершение встречи".to_owned(),
    }
}

fn first_turn(turns: &[TurnRecord], pred: impl Fn(&TurnRecord) -> bool) -> Option<u32> {
    turns.iter().find(|t| pred(t)).map(|t| t.turn)
}

fn preparation(s: &Session, f: &mut Findings) -> bool {
    let sc = s.scenario();
    let Some(plan) = s.plan() else {
        return f.unreached(
            f.t(
                "you went into the meeting without a plan",
                "вы пошли на встречу без плана",
            ),
            f.t(
                "set a target price, a walk-away price and read the client's style before you start",
                "перед встречей задайте целевую цену и нижнюю границу и определите стиль клиента",
            ),
        );
    };
    let (floor, list) = (sc.product.floor_price, sc.product.list_price);
    f.add(
        "preparation.plan",
        Some(1),
        10,
        f.t(
            "you prepared before the meeting",
            "вы подготовились к встрече",
        ),
        None,
    );
    let midpoint = floor + (list.saturating_sub(floor)) / 2;
    let (target, m_floor, m_list) = (f.money(plan.target_price), f.money(floor), f.money(list));
    if plan.target_price > list {
        f.add(
            "preparation.target",
            Some(1),
            10,
            f.t(
                format!("your target {target} is above the list price {m_list}"),
                format!("ваша целевая цена {target} выше прайсовой цены {m_list}"),
            ),
            Some(f.t(
                "a target above list cannot be reached; aim at the list price",
                "цель выше прайса недостижима; ориентируйтесь на прайсовую цену",
            )),
        );
    } else if plan.target_price >= midpoint {
        f.add(
            "preparation.target",
            Some(1),
            30,
            f.t(
                format!("an ambitious, reachable target: {target}"),
                format!("амбициозная и достижимая цель: {target}"),
            ),
            None,
        );
    } else {
        f.add(
            "preparation.target",
            Some(1),
            10,
            f.t(
                format!(
                    "a modest target: {target} is in the lower half between floor {m_floor} and list {m_list}"
                ),
                format!(
                    "скромная цель: {target} — в нижней половине диапазона от минимальной цены {m_floor} до прайса {m_list}"
                ),
            ),
            Some(f.t(
                "aim high: set the target at least halfway from floor to list",
                "цельтесь выше: целевая цена должна быть не ниже середины между минимальной ценой и прайсом",
            )),
        );
    }
    let walk_away = f.money(plan.walk_away_price);
    if plan.walk_away_price < floor {
        f.add(
            "preparation.walk_away",
            Some(1),
            -10,
            f.t(
                format!(
                    "your walk-away {walk_away} is below the company's floor {m_floor}: you planned to accept a loss"
                ),
                format!(
                    "ваша нижняя граница {walk_away} ниже минимальной цены компании {m_floor}: вы заранее заложили убыток"
                ),
            ),
            Some(f.t(
                "never plan below the floor price",
                "никогда не планируйте цену ниже минимальной",
            )),
        );
    } else if plan.walk_away_price > plan.target_price {
        f.add(
            "preparation.walk_away",
            Some(1),
            0,
            f.t(
                "your walk-away price is above your target",
                "ваша нижняя граница выше целевой цены",
            ),
            Some(f.t(
                "the walk-away price is the least you accept; keep it at or below the target",
                "нижняя граница — это минимум, на который вы согласитесь; она не должна быть выше целевой цены",
            )),
        );
    } else {
        f.add(
            "preparation.walk_away",
            Some(1),
            30,
            f.t(
                format!("a clear walk-away price of {walk_away}, at or above the floor"),
                format!("чёткая нижняя граница {walk_away}, не ниже минимальной цены компании"),
            ),
            None,
        );
    }
    let style = sc.client.style;
    let (style_points, terms_points) = if sc.product.terms.is_empty() {
        (30, 0)
    } else {
        (20, 10)
    };
    let reread = f.t(
        "read the dossier again: how fast do they decide, how much do they show feelings?",
        "перечитайте досье: насколько быстро клиент принимает решения и насколько открыто проявляет эмоции?",
    );
    let misread = f.t(
        format!(
            "you read the client as {:?}; they are {style:?}",
            plan.style
        ),
        format!(
            "вы определили стиль клиента как «{}», а на самом деле это «{}»",
            style_ru(plan.style),
            style_ru(style)
        ),
    );
    if plan.style == style {
        f.add(
            "preparation.style",
            Some(1),
            style_points,
            f.t(
                format!("you read the client as {style:?}, which is right"),
                format!("вы верно определили стиль клиента: «{}»", style_ru(style)),
            ),
            None,
        );
    } else if plan.style.is_adjacent(style) {
        f.add(
            "preparation.style",
            Some(1),
            style_points / 4,
            misread,
            Some(reread),
        );
    } else {
        f.add("preparation.style", Some(1), 0, misread, Some(reread));
    }
    if terms_points > 0 {
        let useful = plan.must_have.iter().any(|id| {
            sc.term(id)
                .is_some_and(|(_, t)| t.options.iter().any(|o| o.seller_value > 0))
        });
        if useful {
            f.add(
                "preparation.terms",
                Some(1),
                terms_points,
                f.t(
                    "you decided which terms you want in the deal",
                    "вы заранее решили, какие условия хотите получить в сделке",
                ),
                None,
            );
        } else {
            f.add(
                "preparation.terms",
                Some(1),
                0,
                f.t(
                    "you chose no term worth something to your company",
                    "вы не выбрали ни одного условия, ценного для вашей компании",
                ),
                Some(f.t(
                    "pick the terms you will ask for in return for any concession",
                    "выберите условия, которые будете просить в обмен на любую уступку",
                )),
            );
        }
    }
    true
}

fn contact(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let style = s.scenario().client.style;
    let meeting: Vec<&TurnRecord> = turns
        .iter()
        .filter(|t| !matches!(t.mv, Move::Prepare(_)))
        .collect();
    let Some(first) = meeting.first() else {
        return f.unreached(
            f.t("the meeting never started", "встреча так и не началась"),
            f.t(
                "greet the client to open the meeting",
                "начните встречу с приветствия",
            ),
        );
    };
    if !meeting.iter().any(|t| t.mv.stage() == Some(Stage::Contact)) {
        f.add(
            "contact.skipped",
            Some(first.turn),
            0,
            f.t(
                "you never made contact: no greeting, no agenda, no rapport",
                "вы так и не установили контакт: ни приветствия, ни повестки, ни личного общения",
            ),
            Some(f.t(
                "open with a greeting in the client's style",
                "начните с приветствия в стиле клиента",
            )),
        );
        return true;
    }
    if matches!(first.mv, Move::Greet(_)) {
        f.add(
            "contact.opening",
            Some(first.turn),
            10,
            f.t(
                "you opened the meeting with a greeting",
                "вы начали встречу с приветствия",
            ),
            None,
        );
    } else {
        f.add(
            "contact.opening",
            Some(first.turn),
            -10,
            f.t(
                format!("you opened with {} before greeting", first.mv),
                format!(
                    "вы начали встречу не с приветствия, а с хода: {}",
                    move_ru(&first.mv, f)
                ),
            ),
            Some(f.t(
                "first impressions count: greet before anything else",
                "первое впечатление важно: сначала поздоровайтесь",
            )),
        );
    }
    let first_question = first_turn(turns, |t| {
        matches!(t.mv, Move::Ask { .. } | Move::Present { .. })
    });
    let before_business = |t: &TurnRecord| first_question.is_none_or(|q| t.turn < q);
    let s_ru = style_ru(style);
    match turns.iter().find_map(|t| match t.effect {
        Effect::Greeted { fit, repeat: false } => Some((t.turn, fit, &t.mv)),
        _ => None,
    }) {
        Some((turn, Fit::Match, _)) => f.add(
            "contact.style",
            Some(turn),
            45,
            f.t(
                format!("your greeting suited the client's {style:?} style"),
                format!("ваше приветствие подошло клиенту типа «{s_ru}»"),
            ),
            None,
        ),
        Some((turn, Fit::Adjacent, mv)) => f.add(
            "contact.style",
            Some(turn),
            20,
            f.t(
                format!("{mv} half-suited the client's {style:?} style"),
                format!(
                    "{} лишь отчасти подходит клиенту типа «{s_ru}»",
                    move_ru(mv, f)
                ),
            ),
            Some(style_tip(f.lang, style)),
        ),
        Some((turn, Fit::Mismatch, mv)) => f.add(
            "contact.style",
            Some(turn),
            0,
            f.t(
                format!("{mv} did not suit the client's {style:?} style"),
                format!("{} не подходит клиенту типа «{s_ru}»", move_ru(mv, f)),
            ),
            Some(style_tip(f.lang, style)),
        ),
        None => f.add(
            "contact.style",
            None,
            0,
            f.t(
                "you never greeted the client",
                "вы так и не поздоровались с клиентом",
            ),
            Some(f.t(
                "greet the client in their style",
                "поздоровайтесь с клиентом в его стиле",
            )),
        ),
    }
    match first_turn(turns, |t| {
        matches!(t.mv, Move::SetAgenda) && before_business(t)
    }) {
        Some(turn) => f.add(
            "contact.agenda",
            Some(turn),
            20,
            f.t(
                "you proposed an agenda before getting down to business",
                "вы предложили повестку, прежде чем перейти к делу",
            ),
            None,
        ),
        None => f.add(
            "contact.agenda",
            None,
            0,
            f.t("you set no agenda", "вы не обозначили повестку встречи"),
            Some(f.t(
                "say what the meeting will cover; it shows respect for the client's time",
                "скажите, что вы обсудите на встрече: это показывает уважение ко времени клиента",
            )),
        ),
    }
    let talks: Vec<u32> = turns
        .iter()
        .filter(|t| matches!(t.mv, Move::SmallTalk))
        .map(|t| t.turn)
        .collect();
    if style.likes_small_talk() {
        match talks
            .iter()
            .find(|&&t| first_question.is_none_or(|q| t < q))
        {
            Some(&turn) => f.add(
                "contact.rapport",
                Some(turn),
                25,
                f.t(
                    format!("you built rapport first, as {style:?} people like"),
                    format!("вы сначала наладили личный контакт — клиенты типа «{s_ru}» это ценят"),
                ),
                None,
            ),
            None => f.add(
                "contact.rapport",
                None,
                0,
                f.t(
                    "you went to business without building rapport",
                    "вы перешли к делу, не наладив личного контакта",
                ),
                Some(f.t(
                    "people-oriented clients want a little personal talk first",
                    "клиентам, ориентированным на людей, сначала нужен небольшой личный разговор",
                )),
            ),
        }
    } else if talks.is_empty() {
        f.add(
            "contact.rapport",
            None,
            25,
            f.t(
                format!(
                    "you respected the time of a {} person and skipped small talk",
                    style_name(style)
                ),
                format!("вы берегли время клиента типа «{s_ru}» и обошлись без светской беседы"),
            ),
            None,
        );
    } else {
        f.add(
            "contact.rapport",
            Some(talks[0]),
            0,
            f.t(
                format!("small talk bores {style:?} people"),
                format!("клиентам типа «{s_ru}» светская беседа неинтересна"),
            ),
            Some(f.t(
                "task-oriented clients want to get to the point",
                "клиенты, ориентированные на задачу, хотят сразу перейти к делу",
            )),
        );
    }
    for &turn in talks.iter().skip(2) {
        f.add(
            "contact.too_much_small_talk",
            Some(turn),
            -10,
            f.t(
                "more small talk than the client wanted",
                "светской беседы больше, чем нужно клиенту",
            ),
            Some(f.t(
                "two exchanges of rapport are plenty",
                "для личного контакта вполне достаточно двух реплик",
            )),
        );
    }
    true
}

/// The style as a lowercase English word, for sentences.
fn style_name(style: SocialStyle) -> &'static str {
    use SocialStyle::*;
    match style {
        Driver => "driver",
        Expressive => "expressive",
        Amiable => "amiable",
        Analytical => "analytical",
    }
}

fn style_tip(lang: Lang, style: SocialStyle) -> &'static str {
    use SocialStyle::*;
    match (lang, style) {
        (Lang::En, Driver) => "drivers want it direct and brief",
        (Lang::En, Expressive) => "expressives respond to energy and enthusiasm",
        (Lang::En, Amiable) => "amiables want warmth and a personal touch",
        (Lang::En, Analytical) => "analyticals want precision and structure",
        (Lang::Ru, Driver) => "руководителям (драйверам) нужны прямота и краткость",
        (Lang::Ru, Expressive) => "экспрессивные клиенты откликаются на энергию и энтузиазм",
        (Lang::Ru, Amiable) => "дружелюбным клиентам важны теплота и личное внимание",
        (Lang::Ru, Analytical) => "аналитикам нужны точность и структура",
    }
}

fn needs(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let sc = s.scenario();
    let asks: Vec<&TurnRecord> = turns
        .iter()
        .filter(|t| matches!(t.mv, Move::Ask { .. }))
        .collect();
    if asks.is_empty() {
        return f.unreached(
            f.t(
                "you asked the client no questions",
                "вы не задали клиенту ни одного вопроса",
            ),
            f.t(
                "ask situation and problem questions to find out what they need",
                "задавайте ситуационные и проблемные вопросы, чтобы выяснить потребности клиента",
            ),
        );
    }
    let total = f64::from(sc.total_importance().max(1));
    let mut got = 0.0;
    let mut explicit = 0;
    for (need, state) in sc.needs.iter().zip(&s.client().needs) {
        let factor = match state.level {
            Knowledge::Explicit => {
                explicit += 1;
                1.0
            }
            Knowledge::Implied => 0.5,
            Knowledge::Hinted => 0.15,
            Knowledge::Hidden => 0.0,
        };
        got += f64::from(need.importance) * factor;
        if state.level < Knowledge::Explicit && need.importance >= 3 {
            let tip = match state.level {
                Knowledge::Hidden => f.t(
                    "an open problem question might have brought it up",
                    "открытый проблемный вопрос мог бы её выявить",
                ),
                Knowledge::Hinted => f.t(
                    "ask a problem question about it to see if it hurts",
                    "задайте по этой теме проблемный вопрос, чтобы понять, насколько она болезненна",
                ),
                _ => f.t(
                    "an implication question turns an admitted problem into a need",
                    "извлекающий вопрос превращает признанную проблему в явную потребность",
                ),
            };
            f.add(
                "needs.missed",
                None,
                0,
                f.t(
                    format!(
                        "need \"{}\" (importance {}) stayed {:?}",
                        need.topic, need.importance, state.level
                    )
                    .to_lowercase(),
                    format!(
                        "потребность «{}» (важность {}) осталась {}",
                        need.topic,
                        need.importance,
                        knowledge_ru(state.level)
                    ),
                ),
                Some(tip),
            );
        }
    }
    let discovery = (55.0 * got / total).round() as i32;
    let (n_needs, uncovered) = (sc.needs.len(), 100.0 * got / total);
    f.add(
        "needs.discovery",
        None,
        discovery,
        f.t(
            format!(
                "{explicit} of {n_needs} needs made explicit ({uncovered:.0} % of their weight uncovered)"
            ),
            format!(
                "явных потребностей: {explicit} из {n_needs} (раскрыто {uncovered:.0} % их веса)"
            ),
        ),
        if discovery < 40 {
            Some(f.t(
                "follow SPIN: situation, problem, implication, need-payoff",
                "следуйте модели СПИН: ситуационные, проблемные, извлекающие, направляющие вопросы",
            ))
        } else {
            None
        },
    );
    let productive = |kind: QuestionKind| {
        asks.iter().find(|t| {
            matches!(t.effect, Effect::Question { kind: k, result: QuestionResult::Revealed { .. } | QuestionResult::Payoff { .. }, .. } if k == kind)
        })
    };
    if let Some(t) = productive(QuestionKind::Problem) {
        f.add(
            "needs.problem_question",
            Some(t.turn),
            5,
            f.t(
                "a problem question uncovered a pain",
                "проблемный вопрос выявил болевую точку",
            ),
            None,
        );
    }
    match productive(QuestionKind::Implication) {
        Some(t) => f.add(
            "needs.implication_question",
            Some(t.turn),
            10,
            f.t(
                "an implication question made the client feel the cost of a problem",
                "извлекающий вопрос помог клиенту ощутить цену проблемы",
            ),
            None,
        ),
        None => f.add(
            "needs.implication_question",
            None,
            0,
            f.t(
                "you asked no implication question that worked",
                "ни один ваш извлекающий вопрос не сработал",
            ),
            Some(f.t(
                "ask what a problem costs them: it turns pains into needs",
                "спросите, во что клиенту обходится проблема: так боль превращается в потребность",
            )),
        ),
    }
    match productive(QuestionKind::NeedPayoff) {
        Some(t) => f.add(
            "needs.need_payoff_question",
            Some(t.turn),
            5,
            f.t(
                "a need-payoff question got the client to state the value in their words",
                "направляющий вопрос помог клиенту своими словами назвать ценность решения",
            ),
            None,
        ),
        None => f.add(
            "needs.need_payoff_question",
            None,
            0,
            f.t(
                "the client never said in their own words what a solution is worth",
                "клиент так и не сказал своими словами, чего стоит для него решение",
            ),
            Some(f.t(
                "ask \"what would it mean for you if ...?\"",
                "спросите: «что это будет значить для вас, если ...?»",
            )),
        ),
    }
    match first_turn(turns, |t| {
        matches!(t.effect, Effect::Summary { useful: true })
    }) {
        Some(turn) => f.add(
            "needs.summary",
            Some(turn),
            15,
            f.t(
                "you summed up what you heard (active listening)",
                "вы подытожили услышанное (активное слушание)",
            ),
            None,
        ),
        None => f.add(
            "needs.summary",
            None,
            0,
            f.t(
                "you never summed up what the client told you",
                "вы ни разу не подытожили то, что рассказал клиент",
            ),
            Some(f.t(
                "summarise the needs back to the client before presenting",
                "перед презентацией перескажите клиенту его потребности своими словами",
            )),
        ),
    }
    let first_present = first_turn(turns, |t| matches!(t.mv, Move::Present { .. }));
    if first_present.is_none_or(|p| asks[0].turn < p) {
        f.add(
            "needs.listen_first",
            Some(asks[0].turn),
            10,
            f.t(
                "you asked before you pitched",
                "вы сначала задавали вопросы и только потом презентовали",
            ),
            None,
        );
    } else {
        f.add(
            "needs.listen_first",
            first_present,
            -10,
            f.t(
                "you pitched before asking a single question",
                "вы начали презентацию, не задав ни одного вопроса",
            ),
            Some(f.t(
                "discover needs first; a pitch without them is noise",
                "сначала выявите потребности: презентация без них — просто шум",
            )),
        );
    }
    let mut penalty = 0;
    for t in &asks {
        let (points, text, tip) = match t.effect {
            Effect::Question {
                result: QuestionResult::Repeat,
                ..
            } => (
                -5,
                f.t(
                    "you asked the same question again",
                    "вы повторно задали тот же вопрос",
                ),
                f.t(
                    "listen to the answer; the client remembers what they said",
                    "слушайте ответы: клиент помнит свои слова",
                ),
            ),
            Effect::Question {
                result: QuestionResult::TooEarly,
                ..
            } => (
                -3,
                f.t(
                    "an implication or payoff question about a topic the client has not called a problem",
                    "извлекающий или направляющий вопрос по теме, которую клиент ещё не назвал проблемой",
                ),
                f.t(
                    "first ask a problem question about the topic",
                    "сначала задайте по этой теме проблемный вопрос",
                ),
            ),
            _ => continue,
        };
        if penalty + points < -20 {
            break;
        }
        penalty += points;
        f.add(
            "needs.question_quality",
            Some(t.turn),
            points,
            text,
            Some(tip),
        );
    }
    true
}

fn presentation(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let sc = s.scenario();
    let shows: Vec<&TurnRecord> = turns
        .iter()
        .filter(|t| matches!(t.mv, Move::Present { .. }))
        .collect();
    if shows.is_empty() {
        return f.unreached(
            f.t(
                "you never presented the product",
                "вы так и не презентовали продукт",
            ),
            f.t(
                "tie a feature to each need the client made explicit",
                "привяжите свойство продукта к каждой явной потребности клиента",
            ),
        );
    }
    let total = f64::from(sc.total_importance().max(1));
    // Each need counts once, at its best presentation.
    let mut best = vec![0.0f64; sc.needs.len()];
    for t in &shows {
        if let Effect::Presented {
            need: Some(i), fit, ..
        } = t.effect
        {
            let w = match fit {
                PresentFit::Payoff | PresentFit::Explicit => 1.0,
                PresentFit::Implied => 0.5,
                _ => 0.0,
            };
            if let Some(b) = best.get_mut(i) {
                *b = b.max(w);
            }
        }
    }
    let covered: f64 = best
        .iter()
        .zip(&sc.needs)
        .map(|(b, n)| b * f64::from(n.importance))
        .sum();
    let coverage = (60.0 * covered / total).round() as i32;
    let answered = 100.0 * covered / total;
    f.add(
        "presentation.coverage",
        None,
        coverage,
        f.t(
            format!(
                "your presentation answered {answered:.0} % of what the client needs, by weight"
            ),
            format!(
                "ваша презентация ответила на {answered:.0} % потребностей клиента с учётом их веса"
            ),
        ),
        if coverage < 40 {
            Some(f.t(
                "present a feature to every explicit need",
                "покажите свойство продукта для каждой явной потребности",
            ))
        } else {
            None
        },
    );
    let fresh: Vec<&&TurnRecord> = shows
        .iter()
        .filter(|t| {
            !matches!(
                t.effect,
                Effect::Presented {
                    fit: PresentFit::Repeat,
                    ..
                }
            )
        })
        .collect();
    let anchored = fresh
        .iter()
        .filter(|t| {
            matches!(
                t.effect,
                Effect::Presented {
                    fit: PresentFit::Explicit | PresentFit::Payoff,
                    ..
                }
            )
        })
        .count();
    let anchoring = (25.0 * anchored as f64 / fresh.len().max(1) as f64).round() as i32;
    let n_fresh = fresh.len();
    f.add(
        "presentation.anchoring",
        None,
        anchoring,
        f.t(
            format!(
                "{anchored} of {n_fresh} presentations were tied to a need the client had said out loud"
            ),
            format!(
                "презентаций, привязанных к потребности, которую клиент высказал вслух: {anchored} из {n_fresh}"
            ),
        ),
        if anchored < fresh.len() {
            Some(f.t(
                "present only to explicit needs: value lands where the client feels the need",
                "презентуйте только под явные потребности: ценность доходит до клиента там, где он ощущает потребность",
            ))
        } else {
            None
        },
    );
    match first_turn(turns, |t| {
        matches!(
            t.effect,
            Effect::Presented {
                fit: PresentFit::Payoff,
                ..
            }
        )
    }) {
        Some(turn) => f.add(
            "presentation.payoff",
            Some(turn),
            15,
            f.t(
                "you presented to a benefit the client had put in their own words",
                "вы построили презентацию на выгоде, которую клиент сформулировал своими словами",
            ),
            None,
        ),
        None => f.add(
            "presentation.payoff",
            None,
            0,
            f.t(
                "no presentation built on a benefit the client stated",
                "ни одна презентация не опиралась на выгоду, названную клиентом",
            ),
            Some(f.t(
                "a need-payoff question before presenting makes the pitch land",
                "направляющий вопрос перед презентацией делает её убедительной",
            )),
        ),
    }
    if let Some(t) = shows.first().filter(|t| t.explicit_needs == 0) {
        f.add(
            "presentation.premature",
            Some(t.turn),
            -10,
            f.t(
                "you presented before any need was explicit",
                "вы начали презентацию раньше, чем появилась хоть одна явная потребность",
            ),
            Some(f.t(
                "ask an implication question first",
                "сначала задайте извлекающий вопрос",
            )),
        );
    }
    let mut dump = 0;
    for t in &shows {
        match t.effect {
            Effect::Presented {
                fit: PresentFit::Irrelevant,
                feature,
                need: Some(n),
            } => {
                let (name, topic) = (&sc.product.features[feature].name, &sc.needs[n].topic);
                f.add(
                    "presentation.irrelevant",
                    Some(t.turn),
                    -8,
                    f.t(
                        format!("\"{name}\" does not answer \"{topic}\""),
                        format!("«{name}» не отвечает на потребность «{topic}»"),
                    ),
                    Some(f.t(
                        "check which need a feature serves before you present it",
                        "прежде чем презентовать свойство, проверьте, какой потребности оно отвечает",
                    )),
                )
            }
            Effect::Presented {
                fit: PresentFit::Unanchored,
                ..
            } if dump > -20 => {
                dump -= 4;
                f.add(
                    "presentation.feature_dump",
                    Some(t.turn),
                    -4,
                    f.t(
                        "a feature presented without a need behind it",
                        "свойство продукта презентовано без потребности, на которую оно отвечает",
                    ),
                    Some(f.t(
                        "tie each feature to something the client said",
                        "привязывайте каждое свойство к словам клиента",
                    )),
                );
            }
            Effect::Presented {
                fit: PresentFit::Repeat,
                ..
            } => f.add(
                "presentation.repeat",
                Some(t.turn),
                -3,
                f.t(
                    "you presented the same thing twice",
                    "вы дважды презентовали одно и то же",
                ),
                None,
            ),
            _ => {}
        }
    }
    true
}

fn objections(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let sc = s.scenario();
    let raised: Vec<usize> = (0..sc.objections.len())
        .filter(|&i| s.client().objections[i].raised_turn.is_some())
        .collect();
    if raised.is_empty() {
        return f.unreached(
            f.t(
                "the client raised no objection",
                "клиент не высказал ни одного возражения",
            ),
            f.t(
                "objections come with price talk, closing and low trust; a short meeting may never reach them",
                "возражения появляются при обсуждении цены, при закрытии и при низком доверии; короткая встреча может до них не дойти",
            ),
        );
    }
    let n = raised.len() as f64;
    for &i in &raised {
        let o = &sc.objections[i];
        let topic = &o.topic;
        let st = &s.client().objections[i];
        let handles: Vec<&TurnRecord> = turns
            .iter()
            .filter(|t| matches!(&t.effect, Effect::Handled { objection, .. } if *objection == i))
            .collect();
        let resolved_at = handles
            .iter()
            .rev()
            .find(|t| {
                matches!(
                    t.effect,
                    Effect::Handled {
                        result: HandleResult::Resolved,
                        ..
                    }
                )
            })
            .map(|t| t.turn);
        let share = |p: f64| (p / n).round() as i32;
        match st.status {
            ObjectionStatus::Resolved => f.add(
                "objections.resolved",
                resolved_at,
                share(70.0),
                f.t(
                    format!("you resolved \"{topic}\""),
                    format!("вы сняли возражение «{topic}»"),
                ),
                None,
            ),
            _ if handles.iter().any(|t| {
                matches!(
                    t.effect,
                    Effect::Handled {
                        result: HandleResult::Weakened,
                        ..
                    }
                )
            }) =>
            {
                f.add(
                    "objections.weakened",
                    None,
                    share(25.0),
                    f.t(
                        format!("you weakened \"{topic}\" but did not resolve it"),
                        format!("вы ослабили возражение «{topic}», но не сняли его"),
                    ),
                    Some(f.t(
                        "follow a partial answer with evidence or a reframe",
                        "после частичного ответа приведите доказательства или переформулируйте возражение",
                    )),
                )
            }
            _ => f.add(
                "objections.unresolved",
                st.raised_turn,
                0,
                f.t(
                    format!("\"{topic}\" was left unanswered"),
                    format!("возражение «{topic}» осталось без ответа"),
                ),
                Some(f.t(
                    "never leave an objection hanging: acknowledge, clarify, answer",
                    "не оставляйте возражение без ответа: признайте его, уточните, ответьте",
                )),
            ),
        }
        match handles.first().map(|t| &t.mv) {
            Some(Move::Handle {
                technique: Technique::Acknowledge | Technique::Clarify,
                ..
            }) => f.add(
                "objections.acknowledge_first",
                handles.first().map(|t| t.turn),
                share(20.0),
                f.t(
                    format!("you heard \"{topic}\" out before answering"),
                    format!("вы выслушали возражение «{topic}», прежде чем отвечать"),
                ),
                None,
            ),
            Some(_) => f.add(
                "objections.acknowledge_first",
                handles.first().map(|t| t.turn),
                0,
                f.t(
                    format!("you answered \"{topic}\" without acknowledging it first"),
                    format!("вы ответили на возражение «{topic}», не признав его сначала"),
                ),
                Some(f.t(
                    "acknowledge the concern before you answer it",
                    "прежде чем отвечать, покажите, что понимаете опасение клиента",
                )),
            ),
            None => {}
        }
        if st.clarified {
            f.add(
                "objections.clarify",
                None,
                share(10.0),
                f.t(
                    format!("you asked what lay behind \"{topic}\""),
                    format!("вы выяснили, что стоит за возражением «{topic}»"),
                ),
                None,
            );
        }
        for t in &handles {
            match t.effect {
                Effect::Handled {
                    result: HandleResult::Backfired,
                    technique,
                    ..
                } => f.add(
                    "objections.backfire",
                    Some(t.turn),
                    -10,
                    f.t(
                        format!("{technique:?} made \"{topic}\" worse"),
                        format!(
                            "приём «{}» только усилил возражение «{topic}»",
                            technique_ru(technique)
                        ),
                    ),
                    Some(f.t(
                        "match the technique to the concern and to the person",
                        "подбирайте приём и под суть опасения, и под характер клиента",
                    )),
                ),
                Effect::Handled {
                    technique: Technique::Concede,
                    result: HandleResult::Resolved | HandleResult::Weakened,
                    ..
                } => f.add(
                    "objections.conceded",
                    Some(t.turn),
                    -10,
                    f.t(
                        format!("you gave in on \"{topic}\" instead of answering it"),
                        format!(
                            "вы уступили по возражению «{topic}» вместо того, чтобы ответить на него"
                        ),
                    ),
                    Some(f.t(
                        "answer with value before you concede anything",
                        "прежде чем уступать, ответьте аргументами о ценности",
                    )),
                ),
                _ => {}
            }
        }
        let wasted = handles
            .iter()
            .filter(|t| {
                matches!(
                    t.effect,
                    Effect::Handled {
                        result: HandleResult::NoEffect,
                        ..
                    }
                )
            })
            .take(5);
        for t in wasted {
            f.add(
                "objections.no_effect",
                Some(t.turn),
                -3,
                f.t(
                    format!("that answer did nothing for \"{topic}\""),
                    format!("этот ответ никак не повлиял на возражение «{topic}»"),
                ),
                None,
            );
        }
    }
    true
}

fn negotiation_stage(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let sc = s.scenario();
    let neg = &s.client().negotiation;
    let walked = first_turn(turns, |t| matches!(t.effect, Effect::WalkedAway));
    let deal = match s.outcome() {
        Some(Outcome::Deal { price, terms, .. }) => Some((*price, terms.clone())),
        _ => None,
    };
    let offers: Vec<&TurnRecord> = turns
        .iter()
        .filter(|t| matches!(t.effect, Effect::Offered { .. }))
        .collect();
    if offers.is_empty() && walked.is_none() && deal.is_none() && neg.client_offers.is_empty() {
        return f.unreached(
            f.t("you never talked price", "вы так и не заговорили о цене"),
            f.t(
                "name your price confidently once the client sees the value",
                "когда клиент увидит ценность, уверенно назовите цену",
            ),
        );
    }
    let floor = sc.product.floor_price;
    let m_floor = f.money(floor);
    let no_zone = sc.negotiation.walk_away_is_the_lesson || !sc.has_zone_of_agreement();
    if no_zone {
        match (&deal, walked) {
            (_, Some(turn)) => {
                f.add(
                    "negotiation.walk_away",
                    Some(turn),
                    70,
                    f.t(
                        "you saw there was no deal to be had and walked away",
                        "вы поняли, что сделки здесь не получится, и отказались от неё",
                    ),
                    None,
                );
                if offers.is_empty() {
                    f.add(
                        "negotiation.tested",
                        None,
                        15,
                        f.t(
                            "you walked away without testing the client's budget",
                            "вы отказались от сделки, не проверив бюджет клиента",
                        ),
                        Some(f.t(
                            "make one firm offer first: it shows where the client stands",
                            "сначала сделайте одно твёрдое предложение: оно покажет позицию клиента",
                        )),
                    );
                } else {
                    f.add(
                        "negotiation.tested",
                        Some(offers[0].turn),
                        30,
                        f.t(
                            "you tested the market with a firm offer before walking away",
                            "прежде чем отказаться от сделки, вы прощупали клиента твёрдым предложением",
                        ),
                        None,
                    );
                }
            }
            (Some((price, terms)), None) => {
                let value = negotiation::seller_value(sc, *price, terms);
                let m_price = f.money(*price);
                f.add(
                    "negotiation.loss",
                    None,
                    if value < floor as i64 { -30 } else { 20 },
                    f.t(
                        format!(
                            "you agreed {m_price}; this client could never pay the floor price {m_floor}"
                        ),
                        format!(
                            "вы согласились на {m_price}, хотя этот клиент никогда не смог бы заплатить минимальную цену {m_floor}"
                        ),
                    ),
                    Some(f.t(
                        "when no price works for both sides, walking away is the right answer",
                        "когда ни одна цена не устраивает обе стороны, правильный ответ — отказаться от сделки",
                    )),
                );
            }
            (None, None) => f.add(
                "negotiation.no_loss",
                None,
                20,
                f.t(
                    "you did not sell at a loss",
                    "вы не стали продавать себе в убыток",
                ),
                Some(f.t(
                    "say clearly that there is no deal instead of letting it drift",
                    "прямо скажите, что сделки не будет, а не пускайте переговоры на самотёк",
                )),
            ),
        }
        return true;
    }
    let best = sc.best_price();
    match &deal {
        Some((price, terms)) => {
            let value = negotiation::seller_value(sc, *price, terms);
            let share = if best > floor {
                (value - floor as i64) as f64 / (best - floor) as f64
            } else {
                1.0
            };
            let points = (60.0 * share.clamp(0.0, 1.0)).round() as i32;
            let (m_value, m_best) = (f.money_signed(value), f.money(best));
            let way = 100.0 * share.clamp(0.0, 1.0);
            f.add(
                "negotiation.price",
                None,
                points,
                f.t(
                    format!(
                        "the deal is worth {m_value}: {way:.0} % of the way from floor {m_floor} to the best reachable {m_best}"
                    ),
                    format!(
                        "сделка стоит {m_value}: это {way:.0} % пути от минимальной цены {m_floor} до лучшей достижимой {m_best}"
                    ),
                ),
                if share < 0.5 {
                    Some(f.t(
                        "hold your price: every concession should buy you something",
                        "держите цену: каждая уступка должна что-то вам приносить",
                    ))
                } else {
                    None
                },
            );
            if value < floor as i64 {
                f.add(
                    "negotiation.below_floor",
                    None,
                    -20,
                    f.t(
                        format!("the deal is below the company's floor price {m_floor}"),
                        format!("сделка ниже минимальной цены компании {m_floor}"),
                    ),
                    Some(f.t(
                        "never go below the floor",
                        "никогда не опускайтесь ниже минимальной цены",
                    )),
                );
            }
            if let Some(plan) = s.plan() {
                if *price < plan.walk_away_price {
                    let walk_away = f.money(plan.walk_away_price);
                    f.add(
                        "negotiation.walk_away_kept",
                        None,
                        0,
                        f.t(
                            format!("you went below your own walk-away price {walk_away}"),
                            format!("вы опустились ниже собственной нижней границы {walk_away}"),
                        ),
                        Some(f.t(
                            "respect the limits you set in preparation",
                            "соблюдайте границы, которые установили при подготовке",
                        )),
                    );
                } else {
                    f.add(
                        "negotiation.walk_away_kept",
                        None,
                        10,
                        f.t(
                            "the deal respects the walk-away price you planned",
                            "сделка не нарушает запланированную вами нижнюю границу",
                        ),
                        None,
                    );
                }
            } else {
                f.add(
                    "negotiation.walk_away_kept",
                    None,
                    5,
                    f.t(
                        "you closed without a planned walk-away price",
                        "вы заключили сделку без заранее определённой нижней границы",
                    ),
                    Some(f.t(
                        "set limits before the meeting",
                        "определите границы до встречи",
                    )),
                );
            }
        }
        None => {
            let text = match (walked, s.outcome()) {
                (Some(_), _) => f.t(
                    "you walked away from a deal that was possible",
                    "вы отказались от сделки, которая была возможна",
                ),
                (_, Some(Outcome::Deadline { .. })) => f.t(
                    "the client ran out of patience with the haggling",
                    "торг исчерпал терпение клиента",
                ),
                _ => f.t("no price was agreed", "о цене договориться не удалось"),
            };
            f.add(
                "negotiation.price",
                walked,
                0,
                text,
                Some(f.t(
                    "build value first: a client who sees value pays more and moves faster",
                    "сначала покажите ценность: клиент, который её видит, платит больше и решает быстрее",
                )),
            );
        }
    }
    // The first price named: an offer, or the list price at a close.
    let first_price = offers.iter().find_map(|t| match t.effect {
        Effect::Offered { price, .. } => Some(price),
        _ => None,
    });
    let list = sc.product.list_price;
    let anchor_ok = first_price.is_none_or(|p| {
        p as f64 >= 0.95 * list as f64 || s.plan().is_some_and(|pl| p >= pl.target_price)
    });
    if anchor_ok {
        f.add(
            "negotiation.anchor",
            offers.first().map(|t| t.turn),
            10,
            f.t(
                "you opened high and anchored the talk",
                "вы начали с высокой цены и задали переговорам якорь",
            ),
            None,
        );
    } else {
        let (opened, m_list) = (f.money(first_price.unwrap_or(0)), f.money(list));
        f.add(
            "negotiation.anchor",
            offers.first().map(|t| t.turn),
            0,
            f.t(
                format!("you opened at {opened}, well below the list price {m_list}"),
                format!("вы начали с {opened} — заметно ниже прайсовой цены {m_list}"),
            ),
            Some(f.t(
                "open at or near the list price; you can only come down",
                "начинайте с прайсовой цены или близкой к ней: снизить цену можно, поднять — уже нет",
            )),
        );
    }
    let concessions: Vec<(u32, i64, bool)> = offers
        .iter()
        .filter_map(|t| match t.effect {
            Effect::Offered {
                concession, traded, ..
            } if concession > 0 => Some((t.turn, concession, traded)),
            _ => None,
        })
        .collect();
    let big = list as f64 * 0.06;
    let mut steps_ok = true;
    for &(turn, c, _) in &concessions {
        if c as f64 > big {
            steps_ok = false;
            let m_c = f.money_signed(c);
            f.add(
                "negotiation.big_concession",
                Some(turn),
                -10,
                f.t(
                    format!("a concession of {m_c} in one step"),
                    format!("уступка в {m_c} за один шаг"),
                ),
                Some(f.t(
                    "concede in small, shrinking steps",
                    "уступайте небольшими и всё меньшими шагами",
                )),
            );
        }
    }
    if steps_ok {
        f.add(
            "negotiation.small_steps",
            None,
            10,
            f.t(
                "you conceded in small steps",
                "вы уступали небольшими шагами",
            ),
            None,
        );
    }
    if concessions.is_empty() || concessions.iter().any(|c| c.2) {
        f.add(
            "negotiation.trade",
            concessions.iter().find(|c| c.2).map(|c| c.0),
            10,
            if concessions.is_empty() {
                f.t("you gave nothing away", "вы не сделали ни одной уступки")
            } else {
                f.t(
                    "you traded a concession for a term you value",
                    "вы обменяли уступку на важное для вас условие",
                )
            },
            None,
        );
    } else {
        f.add(
            "negotiation.trade",
            Some(concessions[0].0),
            0,
            f.t(
                "you gave discounts without asking for anything back",
                "вы давали скидки, ничего не прося взамен",
            ),
            Some(f.t(
                "trade, don't give: \"if you sign for two years, I can ...\"",
                "не дарите, а обменивайте: «если вы подпишете договор на два года, я смогу ...»",
            )),
        );
    }
    // No counter follows an accepted one, so the count of counters is the count before it.
    if let Some(t) = turns
        .iter()
        .find(|t| matches!(t.effect, Effect::AcceptedCounter { .. }))
        && neg.client_offers.len() <= 1
    {
        f.add(
            "negotiation.first_counter",
            Some(t.turn),
            -10,
            f.t(
                "you accepted the client's first counter-offer",
                "вы приняли первое же встречное предложение клиента",
            ),
            Some(f.t(
                "a first counter is an opening move; counter it",
                "первое встречное предложение — лишь начальный ход; ответьте на него своим",
            )),
        );
    }
    true
}

fn close(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let style = s.scenario().client.style;
    let closes: Vec<&TurnRecord> = turns
        .iter()
        .filter(|t| matches!(t.mv, Move::Close(_)))
        .collect();
    if closes.is_empty() {
        return f.unreached(
            f.t(
                "you never asked for the commitment",
                "вы так и не попросили клиента принять решение",
            ),
            f.t(
                "when the client is ready, ask for the deal",
                "когда клиент готов, предложите заключить сделку",
            ),
        );
    }
    let deal = closes.iter().find(|t| {
        matches!(
            t.effect,
            Effect::CloseAttempt {
                result: CloseResult::Deal,
                ..
            }
        )
    });
    match deal {
        Some(t) => {
            f.add(
                "close.deal",
                Some(t.turn),
                50,
                f.t(
                    "you asked for the commitment and got it",
                    "вы попросили клиента принять решение и получили согласие",
                ),
                None,
            );
            if let Move::Close(tech) = t.mv {
                let (tech_ru, s_ru) = (close_ru(tech), style_ru(style));
                if tech.suits(style) {
                    f.add(
                        "close.technique",
                        Some(t.turn),
                        15,
                        f.t(
                            format!("{tech:?} close: it suits {style:?} people"),
                            format!("техника закрытия «{tech_ru}» подходит клиентам типа «{s_ru}»"),
                        ),
                        None,
                    );
                } else {
                    f.add(
                        "close.technique",
                        Some(t.turn),
                        5,
                        f.t(
                            format!("{tech:?} close: not the best fit for {style:?} people"),
                            format!(
                                "техника закрытия «{tech_ru}» — не лучший выбор для клиентов типа «{s_ru}»"
                            ),
                        ),
                        Some(close_tip(f.lang, style)),
                    );
                }
            }
            match first_turn(turns, |u| {
                matches!(u.effect, Effect::NextSteps { after_deal: true })
            }) {
                Some(turn) => f.add(
                    "close.next_steps",
                    Some(turn),
                    25,
                    f.t(
                        "you explained the next steps after the deal",
                        "после сделки вы объяснили следующие шаги",
                    ),
                    None,
                ),
                None => f.add(
                    "close.next_steps",
                    None,
                    0,
                    f.t(
                        "you never explained what happens next",
                        "вы не объяснили, что будет дальше",
                    ),
                    Some(f.t(
                        "after the yes, say what happens next and when",
                        "после «да» скажите, что будет дальше и когда",
                    )),
                ),
            }
        }
        None => f.add(
            "close.deal",
            None,
            0,
            f.t("no commitment", "решение клиента не получено"),
            Some(f.t(
                "close when objections are settled and the client sees value",
                "переходите к закрытию, когда возражения сняты и клиент видит ценность",
            )),
        ),
    }
    let before = |u: &TurnRecord| deal.is_none_or(|d| u.turn < d.turn);
    if let Some(t) = closes.iter().find(|t| {
        matches!(
            t.effect,
            Effect::CloseAttempt {
                technique: CloseTechnique::Trial,
                ..
            }
        ) && before(t)
    }) {
        f.add(
            "close.trial",
            Some(t.turn),
            10,
            f.t(
                "you tested readiness with a trial close",
                "вы проверили готовность клиента пробным закрытием",
            ),
            None,
        );
    }
    for t in &closes {
        let Effect::CloseAttempt { result, .. } = t.effect else {
            continue;
        };
        let (points, text, tip) = match result {
            CloseResult::NotConvinced => (
                -10,
                f.t(
                    "you asked for the deal before the client saw enough value",
                    "вы предложили сделку раньше, чем клиент увидел достаточную ценность",
                ),
                f.t(
                    "discover and present to explicit needs before closing",
                    "перед закрытием выявите явные потребности и проведите презентацию под них",
                ),
            ),
            CloseResult::ObjectionOpen => (
                -10,
                f.t(
                    "you asked for the deal with an objection still open",
                    "вы предложили сделку, не сняв возражение",
                ),
                f.t(
                    "settle every objection before closing; a trial close finds them safely",
                    "снимите все возражения до закрытия; пробное закрытие безопасно их выявляет",
                ),
            ),
            CloseResult::PriceRejected => (
                -5,
                f.t(
                    "you asked for the deal at a price the client would not pay",
                    "вы предложили сделку по цене, которую клиент не готов платить",
                ),
                f.t(
                    "agree the price before you close",
                    "согласуйте цену до закрытия",
                ),
            ),
            CloseResult::DoubtReturned => (
                -5,
                f.t(
                    "an old doubt came back at the close",
                    "при закрытии вернулось прежнее сомнение клиента",
                ),
                f.t(
                    "build more trust; resolved doubts return when trust is low",
                    "укрепляйте доверие: при низком доверии снятые сомнения возвращаются",
                ),
            ),
            _ => continue,
        };
        f.add("close.premature", Some(t.turn), points, text, Some(tip));
    }
    true
}

fn close_tip(lang: Lang, style: SocialStyle) -> &'static str {
    use SocialStyle::*;
    match (lang, style) {
        (Lang::En, Driver) => "drivers like a direct question or a choice of options",
        (Lang::En, Expressive) => "expressives like a choice of options or an assumptive close",
        (Lang::En, Amiable | Analytical) => "sum up the agreed value, then ask",
        (Lang::Ru, Driver) => {
            "руководителям (драйверам) подходят прямой вопрос или выбор из вариантов"
        }
        (Lang::Ru, Expressive) => {
            "экспрессивным клиентам подходят выбор из вариантов или закрытие «как о решённом»"
        }
        (Lang::Ru, Amiable | Analytical) => {
            "подведите итог согласованной ценности и только потом задайте вопрос"
        }
    }
}

fn follow_up(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    if !matches!(s.outcome(), Some(Outcome::Deal { .. })) {
        return f.unreached(
            f.t(
                "there was no deal, so no follow-up",
                "сделки не было, поэтому нет и сопровождения",
            ),
            f.t("close the deal first", "сначала закройте сделку"),
        );
    }
    let acts: Vec<(u32, AfterSale, Reaction)> = turns
        .iter()
        .filter_map(|t| match t.effect {
            Effect::FollowedUp { action, reaction } => Some((t.turn, action, reaction)),
            _ => None,
        })
        .collect();
    if acts.is_empty() {
        return f.unreached(
            f.t(
                "you closed the deal but never followed up",
                "вы заключили сделку, но так и не занялись сопровождением клиента",
            ),
            f.t(
                "ask for feedback, offer training, keep in touch",
                "попросите отзыв, предложите обучение, поддерживайте связь",
            ),
        );
    }
    let expects = &s.scenario().follow_up.expects;
    if expects.is_empty() {
        if let Some(&(turn, action, _)) = acts.iter().find(|a| a.2 != Reaction::Annoyed) {
            f.add(
                "follow_up.done",
                Some(turn),
                80,
                f.t(
                    format!("you followed up ({action:?})"),
                    format!(
                        "вы поддержали клиента после сделки ({})",
                        after_sale_ru(action)
                    ),
                ),
                None,
            );
        }
    } else {
        let each = 80 / expects.len() as i32;
        for want in expects {
            let want_ru = after_sale_ru(*want);
            match acts.iter().find(|a| a.1 == *want) {
                Some(&(turn, ..)) => f.add(
                    "follow_up.expected",
                    Some(turn),
                    each,
                    f.t(
                        format!("{want:?}: just what this client wanted"),
                        format!("{want_ru} — именно то, что было нужно этому клиенту"),
                    ),
                    None,
                ),
                None => f.add(
                    "follow_up.expected",
                    None,
                    0,
                    f.t(
                        format!("the client would have valued {want:?}"),
                        format!("клиент оценил бы такой шаг: {want_ru}"),
                    ),
                    Some(f.t(
                        "ask what the client needs after the sale",
                        "спросите, что нужно клиенту после покупки",
                    )),
                ),
            }
        }
    }
    let annoyed: Vec<&(u32, AfterSale, Reaction)> =
        acts.iter().filter(|a| a.2 == Reaction::Annoyed).collect();
    if annoyed.is_empty() && acts[0].1 != AfterSale::Upsell {
        f.add(
            "follow_up.tact",
            None,
            20,
            f.t(
                "your follow-up put the client first",
                "в сопровождении вы поставили интересы клиента на первое место",
            ),
            None,
        );
    } else if acts[0].1 == AfterSale::Upsell {
        f.add(
            "follow_up.tact",
            Some(acts[0].0),
            0,
            f.t(
                "you tried to sell more before looking after the client",
                "вы попытались продать ещё, прежде чем позаботиться о клиенте",
            ),
            Some(f.t(
                "support and feedback first; upsell later",
                "сначала поддержка и отзыв, допродажа — потом",
            )),
        );
    }
    for &&(turn, action, _) in &annoyed {
        f.add(
            "follow_up.annoyed",
            Some(turn),
            -20,
            f.t(
                format!("{action:?} annoyed this client"),
                format!(
                    "действие «{}» вызвало раздражение у этого клиента",
                    after_sale_ru(action)
                ),
            ),
            Some(f.t(
                "read what this client values after the sale",
                "поймите, что этот клиент ценит после покупки",
            )),
        );
    }
    true
}

fn debt(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let (Some(state), Some(rules)) = (&s.client().debt, &s.scenario().debt) else {
        return f.unreached(
            f.t(
                "there was no credit sale to collect",
                "продажи с отсрочкой платежа не было, взыскивать нечего",
            ),
            f.t("close the deal first", "сначала закройте сделку"),
        );
    };
    let acts: Vec<(u32, DebtAction, u32, bool, bool, u64)> = turns
        .iter()
        .filter_map(|t| match t.effect {
            Effect::Collected {
                action,
                week,
                overdue,
                offended,
                paid,
            } => Some((t.turn, action, week, overdue, offended, paid)),
            _ => None,
        })
        .collect();
    if acts.is_empty() {
        return f.unreached(
            f.t(
                "you never worked on collecting the debt",
                "вы так и не занялись взысканием долга",
            ),
            f.t(
                "agree the payment schedule right after the deal",
                "согласуйте график платежей сразу после сделки",
            ),
        );
    }
    let share = if state.total == 0 {
        1.0
    } else {
        state.paid as f64 / state.total as f64
    };
    let collected = 100.0 * share;
    f.add(
        "debt.recovered",
        None,
        (60.0 * share).round() as i32,
        f.t(
            format!("{collected:.0} % of the debt was collected"),
            format!("собрано {collected:.0} % долга"),
        ),
        if share < 1.0 {
            Some(f.t(
                "keep communication open and agree clear rules",
                "поддерживайте связь с клиентом и договаривайтесь о чётких правилах",
            ))
        } else {
            None
        },
    );
    match acts
        .iter()
        .find(|a| a.1 == DebtAction::AgreeSchedule && a.2 <= rules.due_week)
    {
        Some(a) => f.add(
            "debt.schedule",
            Some(a.0),
            15,
            f.t(
                "you agreed clear payment rules before the due date",
                "вы согласовали чёткие правила оплаты до срока платежа",
            ),
            None,
        ),
        None => f.add(
            "debt.schedule",
            None,
            0,
            f.t(
                "no payment schedule was agreed in time",
                "график платежей не был вовремя согласован",
            ),
            Some(f.t(
                "put dates and rules in writing right after the sale",
                "зафиксируйте даты и правила письменно сразу после продажи",
            )),
        ),
    }
    match acts
        .iter()
        .find(|a| matches!(a.1, DebtAction::Remind | DebtAction::Call) && a.2 <= rules.due_week)
    {
        Some(a) => f.add(
            "debt.reminder",
            Some(a.0),
            10,
            f.t(
                "you reminded the client before the due date",
                "вы напомнили клиенту об оплате до срока",
            ),
            None,
        ),
        None => f.add(
            "debt.reminder",
            None,
            0,
            f.t(
                "no reminder before the due date",
                "до срока платежа не было ни одного напоминания",
            ),
            Some(f.t(
                "a friendly reminder before the date prevents most delays",
                "дружелюбное напоминание до срока предотвращает большинство задержек",
            )),
        ),
    }
    let silent = acts
        .iter()
        .filter(|a| a.1 == DebtAction::Wait && a.3)
        .count();
    let contacted = acts.iter().any(|a| a.1 != DebtAction::Wait);
    if !contacted {
        f.add(
            "debt.contact",
            None,
            0,
            f.t(
                "you never got in touch about the money",
                "вы так и не связались с клиентом по поводу оплаты",
            ),
            Some(f.t(
                "agree the rules, remind before the date, call when it is late",
                "согласуйте правила, напомните до срока, позвоните при просрочке",
            )),
        );
    } else if silent == 0 {
        f.add(
            "debt.contact",
            None,
            15,
            f.t(
                "you kept in touch while money was owed",
                "вы поддерживали связь с клиентом, пока оставался долг",
            ),
            None,
        );
    } else {
        f.add(
            "debt.contact",
            None,
            0,
            f.t(
                format!("{silent} silent week(s) while the debt was overdue"),
                format!("недель без связи с клиентом при просроченном долге: {silent}"),
            ),
            Some(f.t(
                "keep communication open while anything is overdue",
                "не прерывайте связь, пока есть просрочка",
            )),
        );
    }
    for a in acts.iter().filter(|a| a.4) {
        f.add(
            "debt.escalated_early",
            Some(a.0),
            -20,
            f.t(
                "you escalated before reminding and calling",
                "вы перешли к претензии, не напомнив и не позвонив клиенту",
            ),
            Some(f.t(
                "escalate only after reminders and a call",
                "переходите к претензии только после напоминаний и звонка",
            )),
        );
    }
    true
}

fn rubric_rules(s: &Session, turns: &[TurnRecord], f: &mut Findings) {
    let sc = s.scenario();
    for rule in &s.rubric().rules {
        if rule.stage() != f.stage {
            continue;
        }
        let penalty = -(rule.penalty().min(100) as i32);
        let broken: Option<(Option<u32>, String)> = match rule {
            Rule::MaxDiscount { percent, .. } => match s.outcome() {
                Some(Outcome::Deal { price, turn, .. }) => {
                    let limit = sc.product.list_price as f64 * (1.0 - percent / 100.0);
                    let m_price = f.money(*price);
                    ((*price as f64) < limit).then(|| {
                        (
                            Some(*turn),
                            f.t(
                                format!(
                                    "company rule: no more than {percent} % off the list price; you agreed {m_price}"
                                ),
                                format!(
                                    "правило компании: скидка не больше {percent} % от прайсовой цены; вы согласились на {m_price}"
                                ),
                            ),
                        )
                    })
                }
                _ => None,
            },
            Rule::RequireAgenda { .. } => {
                let agenda = first_turn(turns, |t| matches!(t.mv, Move::SetAgenda));
                let business = first_turn(turns, |t| {
                    matches!(t.mv, Move::Ask { .. } | Move::Present { .. })
                });
                match (agenda, business) {
                    (Some(a), Some(b)) if a < b => None,
                    (Some(_), None) => None,
                    _ => Some((
                        business,
                        f.t(
                            "company rule: always set an agenda before business",
                            "правило компании: всегда обозначайте повестку, прежде чем переходить к делу",
                        )
                        .to_owned(),
                    )),
                }
            }
            Rule::NeedsBeforePresenting { .. } => turns
                .iter()
                .find(|t| matches!(t.mv, Move::Present { .. }) && t.explicit_needs == 0)
                .map(|t| {
                    (
                        Some(t.turn),
                        f.t(
                            "company rule: present nothing before a need is explicit",
                            "правило компании: ничего не презентуйте, пока нет явной потребности",
                        )
                        .to_owned(),
                    )
                }),
            Rule::MinExplicitNeeds { count, .. } => {
                let n = s
                    .client()
                    .needs
                    .iter()
                    .filter(|n| n.level == Knowledge::Explicit)
                    .count() as u32;
                (n < *count).then(|| {
                    (
                        None,
                        f.t(
                            format!(
                                "company rule: make at least {count} needs explicit; you made {n}"
                            ),
                            format!(
                                "правило компании: явных потребностей должно быть не меньше {count}; у вас — {n}"
                            ),
                        ),
                    )
                })
            }
            Rule::RequireNextSteps { .. } => (matches!(s.outcome(), Some(Outcome::Deal { .. }))
                && !turns
                    .iter()
                    .any(|t| matches!(t.effect, Effect::NextSteps { after_deal: true })))
            .then(|| {
                (
                    None,
                    f.t(
                        "company rule: explain the next steps after every deal",
                        "правило компании: после каждой сделки объясняйте следующие шаги",
                    )
                    .to_owned(),
                )
            }),
            Rule::RequireSummary { .. } => (!turns
                .iter()
                .any(|t| matches!(t.effect, Effect::Summary { useful: true })))
            .then(|| {
                (
                    None,
                    f.t(
                        "company rule: sum up the client's needs at least once",
                        "правило компании: хотя бы раз подытожьте потребности клиента",
                    )
                    .to_owned(),
                )
            }),
        };
        if let Some((turn, text)) = broken {
            f.add(
                rule.key(),
                turn,
                penalty,
                text,
                Some(f.t(
                    "your company's sales rules apply to every deal",
                    "правила продаж вашей компании действуют в каждой сделке",
                )),
            );
        }
    }
}
