//! A move in plain words, for "I read this as: problem question about fuel costs".

use crate::moves::{
    AfterSale, CloseTechnique, ContactStyle, DebtAction, Move, QuestionKind, Technique,
};
use crate::scenario::{Lang, Scenario};
use crate::session::format_money;

/// The move as a trainee would name it, in `lang`, with the scenario's names for its targets.
pub fn describe(mv: &Move, sc: &Scenario, lang: Lang) -> String {
    let ru = lang == Lang::Ru;
    let pick = |en: &str, ru_text: &str| {
        if ru {
            ru_text.to_owned()
        } else {
            en.to_owned()
        }
    };
    let need = |id: &Option<crate::moves::Id>| {
        id.as_deref()
            .and_then(|id| sc.need(id))
            .map(|(_, n)| n.topic.clone())
    };
    match mv {
        Move::Prepare(_) => pick("the plan", "план"),
        Move::Greet(style) => {
            let (en, r) = match style {
                ContactStyle::Direct => ("direct", "деловое"),
                ContactStyle::Enthusiastic => ("enthusiastic", "эмоциональное"),
                ContactStyle::Warm => ("warm", "тёплое"),
                ContactStyle::Precise => ("precise", "точное"),
            };
            match ru {
                true => format!("{r} приветствие"),
                false => format!("a {en} greeting"),
            }
        }
        Move::SetAgenda => pick("setting the agenda", "повестка встречи"),
        Move::SmallTalk => pick("small talk", "светская беседа"),
        Move::Ask { kind, need: n } => {
            let (en, r) = match kind {
                QuestionKind::Situation => ("situation question", "вопрос о ситуации"),
                QuestionKind::Problem => ("problem question", "вопрос о проблеме"),
                QuestionKind::Implication => ("implication question", "вопрос о последствиях"),
                QuestionKind::NeedPayoff => ("need-payoff question", "вопрос о выгоде решения"),
            };
            match (need(n), ru) {
                (Some(t), false) => format!("{en} about {t}"),
                (Some(t), true) => format!("{r}: «{t}»"),
                (None, false) => format!("open {en}"),
                (None, true) => format!("открытый {r}"),
            }
        }
        Move::Summarize => pick("summing up what you heard", "резюме услышанного"),
        Move::Present { feature, need: n } => {
            let name = sc
                .feature(feature)
                .map_or(feature.as_str(), |(_, f)| f.name.as_str());
            match (need(n), ru) {
                (Some(t), false) => format!("presenting {name} for {t}"),
                (Some(t), true) => format!("презентация: {name} — для темы «{t}»"),
                (None, false) => format!("presenting {name}"),
                (None, true) => format!("презентация: {name}"),
            }
        }
        Move::Handle {
            objection,
            technique,
        } => {
            let topic = sc
                .objection(objection)
                .map_or(objection.as_str(), |(_, o)| o.topic.as_str());
            let (en, r) = match technique {
                Technique::Acknowledge => ("acknowledging", "признать возражение"),
                Technique::Clarify => ("clarifying", "уточнить возражение"),
                Technique::Evidence => (
                    "answering with evidence",
                    "ответить доказательствами на возражение",
                ),
                Technique::Reframe => ("reframing", "переформулировать возражение"),
                Technique::FeelFeltFound => (
                    "feel-felt-found on",
                    "«понимаю — чувствовали — обнаружили»:",
                ),
                Technique::Concede => ("conceding", "уступить в возражении"),
            };
            match ru {
                true => format!("{r} «{topic}»"),
                false => format!("{en} the objection \u{201c}{topic}\u{201d}"),
            }
        }
        Move::Offer { price, terms } => {
            let mut text = format!(
                "{} {}",
                pick("an offer of", "предложение:"),
                format_money(*price, &sc.product.currency)
            );
            for (id, option) in terms {
                if let Some(label) = sc.term(id).and_then(|(_, t)| t.options.get(*option)) {
                    text += &format!(", {}", label.label);
                }
            }
            text
        }
        Move::AcceptCounter => pick(
            "accepting the client's counter-offer",
            "принять встречное предложение",
        ),
        Move::WalkAway => pick("walking away from the deal", "отказ от сделки"),
        Move::Close(t) => {
            let (en, r) = match t {
                CloseTechnique::Trial => ("a trial close", "пробное закрытие"),
                CloseTechnique::Direct => ("a direct close", "прямое закрытие"),
                CloseTechnique::Summary => ("a summary close", "закрытие через резюме"),
                CloseTechnique::Alternative => ("an alternative close", "закрытие через выбор"),
                CloseTechnique::Assumptive => ("an assumptive close", "закрытие «как о решённом»"),
            };
            pick(en, r)
        }
        Move::NextSteps => pick("explaining the next steps", "следующие шаги"),
        Move::FollowUp(a) => {
            let (en, r) = match a {
                AfterSale::AskFeedback => ("asking for feedback", "запрос обратной связи"),
                AfterSale::Training => ("offering training", "предложение обучения"),
                AfterSale::Support => ("offering support", "предложение поддержки"),
                AfterSale::CheckIn => ("a check-in", "звонок узнать, как дела"),
                AfterSale::Loyalty => ("the loyalty programme", "программа лояльности"),
                AfterSale::Upsell => ("an upsell", "допродажа"),
            };
            pick(en, r)
        }
        Move::Collect(a) => {
            let (en, r) = match a {
                DebtAction::AgreeSchedule => ("agreeing a payment schedule", "график платежей"),
                DebtAction::Remind => ("a payment reminder", "напоминание об оплате"),
                DebtAction::Call => ("a call about the debt", "звонок о долге"),
                DebtAction::Installments => ("offering instalments", "рассрочка"),
                DebtAction::Escalate => ("escalating the debt", "претензия по долгу"),
                DebtAction::Wait => ("waiting a week", "ждать неделю"),
            };
            pick(en, r)
        }
        Move::End => pick("ending the meeting", "завершить встречу"),
    }
}

/// "I read this as: problem question about fuel costs", in `lang`.
pub fn read_as(mv: &Move, sc: &Scenario, lang: Lang) -> String {
    match lang {
        Lang::Ru => format!("Я понял это как: {}", describe(mv, sc, lang)),
        Lang::En => format!("I read this as: {}", describe(mv, sc, lang)),
    }
}

/// What to say when a turn was not understood: the readings that came closest, never played
/// without the trainee choosing one.
pub fn did_you_mean(reading: &super::Reading, sc: &Scenario, lang: Lang) -> String {
    let guesses: Vec<String> = reading
        .alternatives()
        .iter()
        .map(|c| describe(&c.mv, sc, lang))
        .collect();
    let (plain, or) = match lang {
        Lang::Ru => ("Я не понял", " или "),
        Lang::En => ("I did not understand", " or "),
    };
    match (guesses.is_empty(), lang) {
        (true, _) => plain.to_owned(),
        (false, Lang::Ru) => format!("{plain}; вы имели в виду {}?", guesses.join(or)),
        (false, Lang::En) => format!("{plain}; did you mean {}?", guesses.join(or)),
    }
}
