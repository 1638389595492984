//! The words findings use in running text for the simulation's names: styles, moves, techniques.
//!
//! English findings mostly print a name's `Debug` form; Russian ones need a word that reads in a
//! sentence, so most helpers here are Russian.

use crate::moves::{
    AfterSale, CloseTechnique, ContactStyle, DebtAction, Move, QuestionKind, Technique,
};
use crate::phrases;
use crate::scenario::{Knowledge, Lang, SocialStyle};

use super::Findings;

/// A social style's Russian name, for «quoted» use: «аналитик».
pub(super) fn style_ru(style: SocialStyle) -> &'static str {
    phrases::style_name(Lang::Ru, style)
}

/// A greeting's style as an adjective for «приветствие».
fn contact_ru(c: ContactStyle) -> &'static str {
    match c {
        ContactStyle::Direct => "деловое",
        ContactStyle::Enthusiastic => "энергичное",
        ContactStyle::Warm => "тёплое",
        ContactStyle::Precise => "точное",
    }
}

/// A question's kind as an adjective for «вопрос».
fn question_ru(q: QuestionKind) -> &'static str {
    match q {
        QuestionKind::Situation => "ситуационный",
        QuestionKind::Problem => "проблемный",
        QuestionKind::Implication => "извлекающий",
        QuestionKind::NeedPayoff => "направляющий",
    }
}

/// An objection-handling technique's Russian name.
pub(super) fn technique_ru(t: Technique) -> &'static str {
    match t {
        Technique::Acknowledge => "признание",
        Technique::Clarify => "уточнение",
        Technique::Evidence => "доказательства",
        Technique::Reframe => "переформулирование",
        Technique::FeelFeltFound => "понимаю — чувствовали — обнаружили",
        Technique::Concede => "уступка",
    }
}

/// A closing technique's Russian name.
pub(super) fn close_ru(c: CloseTechnique) -> &'static str {
    match c {
        CloseTechnique::Trial => "пробное закрытие",
        CloseTechnique::Direct => "прямой вопрос",
        CloseTechnique::Summary => "резюме и вопрос",
        CloseTechnique::Alternative => "выбор без выбора",
        CloseTechnique::Assumptive => "как о решённом",
    }
}

/// An after-sale action's Russian name.
pub(super) fn after_sale_ru(a: AfterSale) -> &'static str {
    match a {
        AfterSale::AskFeedback => "запрос отзыва",
        AfterSale::Training => "обучение",
        AfterSale::Support => "поддержка",
        AfterSale::CheckIn => "контрольный звонок",
        AfterSale::Loyalty => "программа лояльности",
        AfterSale::Upsell => "допродажа",
    }
}

/// A debt-collection action's Russian name.
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
pub(super) fn knowledge_ru(k: Knowledge) -> &'static str {
    match k {
        Knowledge::Hidden => "скрытой",
        Knowledge::Hinted => "лишь упомянутой",
        Knowledge::Implied => "неявной",
        Knowledge::Explicit => "явной",
    }
}

/// A move in Russian running text; ids from the scenario are «quoted».
pub(super) fn move_ru(mv: &Move, f: &Findings) -> String {
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

/// The style as a lowercase English word, for sentences.
pub(super) fn style_name(style: SocialStyle) -> &'static str {
    use SocialStyle::*;
    match style {
        Driver => "driver",
        Expressive => "expressive",
        Amiable => "amiable",
        Analytical => "analytical",
    }
}

/// How to greet a client of this style.
pub(super) fn style_tip(lang: Lang, style: SocialStyle) -> &'static str {
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

/// Which closing techniques suit a client of this style.
pub(super) fn close_tip(lang: Lang, style: SocialStyle) -> &'static str {
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
