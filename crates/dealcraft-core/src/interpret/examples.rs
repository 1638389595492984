//! Example lines a trainee might type for a move, with the scenario's words filled in: hints
//! for the text field, and the scripted trainee of the demo and the tests. Written apart from
//! the phrase bank, so reading them back is a fair check.

use crate::moves::{
    AfterSale, CloseTechnique, ContactStyle, DebtAction, Move, QuestionKind, Technique,
};
use crate::scenario::{Lang, Scenario};
use crate::session::format_money;

/// The first of `mv`'s example lines that `reader` reads, in the session's context, as `mv`:
/// what a scripted trainee types for the move it means.
pub fn typed_line(
    reader: &super::Interpreter,
    session: &crate::Session,
    mv: &Move,
    lang: Lang,
) -> Option<String> {
    lines(mv, session.scenario(), lang).into_iter().find(|l| {
        let reading = reader.read(l, Some(lang), Some(session));
        reading.best().map(|c| &c.mv) == Some(mv)
    })
}

/// Lines for `mv` in `lang`, most natural first; empty for the plan.
pub fn lines(mv: &Move, sc: &Scenario, lang: Lang) -> Vec<String> {
    let need = |id: &Option<crate::moves::Id>| {
        id.as_deref()
            .and_then(|id| sc.need(id))
            .map(|(_, n)| n.topic.clone())
    };
    let templates = match lang {
        Lang::En => en(mv),
        Lang::Ru => ru(mv),
    };
    let feature = match mv {
        Move::Present { feature, .. } => sc.feature(feature).map(|(_, f)| f.name.clone()),
        _ => None,
    };
    let topic = match mv {
        Move::Ask { need: n, .. } | Move::Present { need: n, .. } => need(n),
        _ => None,
    };
    let objection = match mv {
        Move::Handle { objection, .. } => sc.objection(objection).map(|(_, o)| o.topic.clone()),
        _ => None,
    };
    let (price, terms) = match mv {
        Move::Offer { price, terms } => {
            let labels: Vec<String> = terms
                .iter()
                .filter_map(|(t, o)| sc.term(t)?.1.options.get(*o).map(|o| o.label.clone()))
                .collect();
            (Some(format_money(*price, &sc.product.currency)), labels)
        }
        _ => (None, Vec::new()),
    };
    templates
        .into_iter()
        .filter(|t| t.contains("{need}") == topic.is_some())
        // An offer with terms says them; one without has nothing to say.
        .filter(|t| t.contains("{terms}") != terms.is_empty())
        .map(|t| {
            let sep = match lang {
                Lang::En => " and ",
                Lang::Ru => " и ",
            };
            t.replace("{need}", topic.as_deref().unwrap_or(""))
                .replace("{feature}", feature.as_deref().unwrap_or(""))
                .replace("{objection}", objection.as_deref().unwrap_or(""))
                .replace("{price}", price.as_deref().unwrap_or(""))
                .replace("{terms}", &terms.join(sep))
                .replace("{name}", first_name(&sc.client.name))
        })
        .collect()
}

fn first_name(name: &str) -> &str {
    let mut words = name.split_whitespace();
    let first = words.next().unwrap_or(name);
    // "Dr Neil Barraclough": the title is not the name.
    match first.trim_end_matches('.') {
        "Dr" | "Mr" | "Mrs" | "Ms" | "Prof" => words.next().unwrap_or(first),
        _ => first,
    }
}

fn en(mv: &Move) -> Vec<&'static str> {
    use Move::*;
    match mv {
        Prepare(_) => vec![],
        Greet(ContactStyle::Direct) => {
            vec!["Hi {name}, I know you're busy, so I'll get straight to the point."]
        }
        Greet(ContactStyle::Enthusiastic) => {
            vec!["{name}, hi! Really excited to be here today, this is going to be great!"]
        }
        Greet(ContactStyle::Warm) => {
            vec!["Hello {name}, lovely to meet you. How has your week been?"]
        }
        Greet(ContactStyle::Precise) => vec![
            "Good morning {name}. I've prepared three points with the figures behind them, may I go through them in order?",
        ],
        SetAgenda => vec![
            "Can I suggest a plan for today: your situation first, then what we offer, then next steps?",
        ],
        SmallTalk => vec![
            "How was your weekend, did you get some rest?",
            "How was the traffic on the way in?",
        ],
        Ask {
            kind: QuestionKind::Situation,
            ..
        } => vec![
            "How do things work at your end at the moment?",
            "Tell me more about how you run things day to day.",
            "What else is going on in the operation right now?",
        ],
        Ask {
            kind: QuestionKind::Problem,
            need: None,
        } => vec![
            "Is there anything you're not happy with at the moment?",
            "What else gives you headaches?",
        ],
        Ask {
            kind: QuestionKind::Problem,
            ..
        } => vec![
            "Is {need} causing you problems?",
            "Are you happy with {need} right now?",
        ],
        Ask {
            kind: QuestionKind::Implication,
            ..
        } => vec![
            "What does {need} cost you over a year?",
            "And what happens to the business if {need} stays as it is?",
        ],
        Ask {
            kind: QuestionKind::NeedPayoff,
            ..
        } => vec![
            "If {need} were sorted, what would that be worth to you?",
            "How would it help you to have {need} taken care of?",
        ],
        Summarize => vec![
            "Let me check I've got this right: so far you've told me what matters most. Is that a fair summary?",
        ],
        Present { need: Some(_), .. } => vec![
            "For {need}, let me show you our {feature}.",
            "Since {need} matters to you, have a look at the {feature}.",
        ],
        Present { need: None, .. } => vec!["Let me show you our {feature}."],
        Handle {
            technique: Technique::Acknowledge,
            ..
        } => vec!["I understand, {objection} is a fair concern and I take it seriously."],
        Handle {
            technique: Technique::Clarify,
            ..
        } => vec![
            "Can I ask what's behind the concern about {objection}?",
            "What exactly worries you about {objection}?",
        ],
        Handle {
            technique: Technique::Evidence,
            ..
        } => vec![
            "Let me show you the figures from a customer who had the same worry about {objection}.",
        ],
        Handle {
            technique: Technique::Reframe,
            ..
        } => vec![
            "Let's look at {objection} from another angle: what does it cost you to do nothing?",
        ],
        Handle {
            technique: Technique::FeelFeltFound,
            ..
        } => vec![
            "I know how you feel about {objection}; others felt the same, and found it paid off.",
        ],
        Handle {
            technique: Technique::Concede,
            ..
        } => vec!["Fine, on {objection} I'll give way."],
        Offer { .. } => vec!["I can offer {price} with {terms}.", "I can offer {price}."],
        AcceptCounter => vec!["OK, your price works for us, let's shake on it."],
        WalkAway => vec!["I'm sorry, at that price we have to walk away."],
        Close(CloseTechnique::Trial) => vec!["How does this sound to you so far?"],
        Close(CloseTechnique::Direct) => vec!["So, shall we go ahead and sign?"],
        Close(CloseTechnique::Summary) => {
            vec!["To sum up everything we covered, shall we go ahead on that basis?"]
        }
        Close(CloseTechnique::Alternative) => {
            vec!["Would you rather start this month or next month?"]
        }
        Close(CloseTechnique::Assumptive) => {
            vec!["Great, I'll book the installation team for next week then."]
        }
        NextSteps => vec![
            "Here's what happens next: I send the contract tomorrow, then we book the installation and the training.",
        ],
        FollowUp(AfterSale::AskFeedback) => vec!["How is it working for you so far, any feedback?"],
        FollowUp(AfterSale::Training) => vec!["Shall we set up a training session for your team?"],
        FollowUp(AfterSale::Support) => {
            vec!["Is everything running smoothly, or is there anything I can help with?"]
        }
        FollowUp(AfterSale::CheckIn) => vec!["Just checking in to see how things are going."],
        FollowUp(AfterSale::Loyalty) => {
            vec!["As a thank you, we'd like to offer you our loyalty programme."]
        }
        FollowUp(AfterSale::Upsell) => vec!["Since it's going well, would you like to extend it?"],
        Collect(DebtAction::AgreeSchedule) => {
            vec!["Let's agree the payment schedule in writing, with dates."]
        }
        Collect(DebtAction::Remind) => vec!["Send a polite reminder that the invoice is overdue."],
        Collect(DebtAction::Call) => vec!["I'll call them to talk about the overdue payment."],
        Collect(DebtAction::Installments) => vec!["Offer to split what's owed into monthly parts."],
        Collect(DebtAction::Escalate) => vec!["Send a formal demand with late penalties."],
        Collect(DebtAction::Wait) => vec!["Let's wait another week."],
        End => vec!["Thank you, that's all for today."],
    }
}

fn ru(mv: &Move) -> Vec<&'static str> {
    use Move::*;
    match mv {
        Prepare(_) => vec![],
        Greet(ContactStyle::Direct) => {
            vec!["{name}, добрый день. Времени мало, поэтому сразу к делу."]
        }
        Greet(ContactStyle::Enthusiastic) => {
            vec!["{name}, здравствуйте! Очень рад встрече, у нас для вас отличные новости!"]
        }
        Greet(ContactStyle::Warm) => {
            vec!["{name}, здравствуйте! Рад познакомиться. Как ваши дела, как неделя?"]
        }
        Greet(ContactStyle::Precise) => vec![
            "Добрый день, {name}. Я подготовил три пункта с расчётами, предлагаю пройти по ним по порядку.",
        ],
        SetAgenda => vec![
            "Предлагаю план: сначала ваша ситуация, потом наше предложение, в конце следующие шаги. Согласны?",
        ],
        SmallTalk => vec![
            "Как добрались, пробок не было?",
            "Как выходные, удалось отдохнуть?",
        ],
        Ask {
            kind: QuestionKind::Situation,
            ..
        } => vec![
            "Расскажите, как у вас всё устроено сейчас?",
            "Как вы сейчас работаете, кто чем занимается?",
            "Что ещё у вас сейчас происходит в работе?",
        ],
        Ask {
            kind: QuestionKind::Problem,
            need: None,
        } => vec![
            "Что вас сейчас не устраивает?",
            "Что ещё доставляет вам хлопоты?",
        ],
        Ask {
            kind: QuestionKind::Problem,
            ..
        } => vec![
            "Тема «{need}» — с этим есть проблемы?",
            "А как у вас с этим: {need}? Всё устраивает?",
        ],
        Ask {
            kind: QuestionKind::Implication,
            ..
        } => vec![
            "Во что вам обходится проблема «{need}» за год?",
            "К чему приведёт, если с темой «{need}» ничего не менять?",
        ],
        Ask {
            kind: QuestionKind::NeedPayoff,
            ..
        } => vec![
            "Если бы вопрос «{need}» был решён, что бы это вам дало?",
            "Насколько ценно было бы решить вопрос «{need}»?",
        ],
        Summarize => {
            vec!["Давайте проверю, правильно ли я понял, что для вас главное. Подытожу сказанное."]
        }
        Present { need: Some(_), .. } => vec![
            "По теме «{need}» покажу вам: {feature}.",
            "Раз для вас важна тема «{need}», посмотрите: {feature}.",
        ],
        Present { need: None, .. } => vec!["Покажу вам: {feature}."],
        Handle {
            technique: Technique::Acknowledge,
            ..
        } => vec!["Понимаю, {objection} — это серьёзный вопрос, и я отношусь к нему внимательно."],
        Handle {
            technique: Technique::Clarify,
            ..
        } => vec![
            "Можно уточнить, что именно вас беспокоит: {objection}?",
            "Что стоит за этим опасением — {objection}?",
        ],
        Handle {
            technique: Technique::Evidence,
            ..
        } => vec![
            "Позвольте показать цифры клиента, у которого были такие же сомнения: {objection}.",
        ],
        Handle {
            technique: Technique::Reframe,
            ..
        } => vec![
            "Давайте посмотрим с другой стороны: во что обходится ничего не делать? Это про {objection}.",
        ],
        Handle {
            technique: Technique::FeelFeltFound,
            ..
        } => vec![
            "Понимаю ваши чувства; другие тоже так думали ({objection}), а потом обнаружили, что это окупилось.",
        ],
        Handle {
            technique: Technique::Concede,
            ..
        } => vec!["Хорошо, здесь уступлю: {objection}."],
        Offer { .. } => vec![
            "Могу предложить {price}, {terms}.",
            "Могу предложить {price}.",
        ],
        AcceptCounter => vec!["Хорошо, ваша цена нас устраивает, договорились."],
        WalkAway => vec!["Извините, на таких условиях мы вынуждены отказаться от сделки."],
        Close(CloseTechnique::Trial) => vec!["Как вам в целом то, что мы обсудили?"],
        Close(CloseTechnique::Direct) => vec!["Ну что, подписываем договор?"],
        Close(CloseTechnique::Summary) => {
            vec!["Подводя итог всему, что обсудили, начинаем работу?"]
        }
        Close(CloseTechnique::Alternative) => {
            vec!["Вам удобнее начать в этом месяце или в следующем?"]
        }
        Close(CloseTechnique::Assumptive) => {
            vec!["Отлично, тогда бронирую установку на следующую неделю."]
        }
        NextSteps => {
            vec!["Дальше так: завтра пришлю договор, потом согласуем поставку и обучение."]
        }
        FollowUp(AfterSale::AskFeedback) => vec!["Как вам работается, есть обратная связь?"],
        FollowUp(AfterSale::Training) => vec!["Давайте проведём обучение для вашей команды."],
        FollowUp(AfterSale::Support) => vec!["Всё ли работает, нужна ли помощь?"],
        FollowUp(AfterSale::CheckIn) => vec!["Просто звоню узнать, как у вас дела."],
        FollowUp(AfterSale::Loyalty) => {
            vec!["В благодарность хотим предложить вам программу лояльности."]
        }
        FollowUp(AfterSale::Upsell) => vec!["Раз всё хорошо, может, расширим заказ?"],
        Collect(DebtAction::AgreeSchedule) => vec!["Давайте письменно согласуем график платежей."],
        Collect(DebtAction::Remind) => vec!["Отправьте вежливое напоминание о просроченном счёте."],
        Collect(DebtAction::Call) => vec!["Позвоню им обсудить просроченный платёж."],
        Collect(DebtAction::Installments) => {
            vec!["Предложите разбить долг на ежемесячные платежи."]
        }
        Collect(DebtAction::Escalate) => vec!["Направьте официальную претензию с пенями."],
        Collect(DebtAction::Wait) => vec!["Подождём ещё неделю."],
        End => vec!["Спасибо, на сегодня всё."],
    }
}
