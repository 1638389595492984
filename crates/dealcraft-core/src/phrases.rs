//! The phrasebook: the seller's words for each move and the client's stock reactions, in English
//! and Russian. Scenario lines take precedence; these fill the gaps, so they stay neutral: no
//! trade, product or company size in them, and no grammatical gender for either side in Russian.

use crate::moves::{AfterSale, CloseTechnique, ContactStyle, DebtAction, QuestionKind, Technique};
use crate::scenario::Lang;

/// A moment that needs words. Placeholders: `{topic} {feature} {price} {objection} {name}
/// {product} {amount}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phrase {
    Greet(ContactStyle),
    SetAgenda,
    SmallTalk,
    AskOpen(QuestionKind),
    AskAbout(QuestionKind),
    Summarize,
    Present,
    Handle(Technique),
    Offer,
    AcceptCounter,
    WalkAway,
    Close(CloseTechnique),
    NextSteps,
    FollowUp(AfterSale),
    Collect(DebtAction),
    End,
    // The client's stock reactions.
    GreetGood,
    GreetNeutral,
    GreetBad,
    AgendaLiked,
    AgendaNeutral,
    SmallTalkLiked,
    SmallTalkImpatient,
    NothingNew,
    NoPain,
    NotAProblemYet,
    AlreadySaid,
    /// An open question asked again after the client said there was nothing more.
    AlreadyToldEverything,
    PresentIrrelevant,
    /// A feature pitched to a need the client said it does not have.
    PresentDenied,
    PresentGood,
    PresentAgain,
    PresentVague,
    GreetAgain,
    SummaryGood,
    SummaryEmpty,
    NoEffect,
    Acknowledged,
    Clarified,
    Weakened,
    Resolved,
    Backfire,
    NoSuchObjection,
    Counter,
    /// The seller made the same offer again.
    OfferRepeated,
    /// The seller came down by a token amount (`{price}`: the step).
    TokenConcession,
    /// The seller asked more than a price it had already quoted (`{price}`: that price).
    PriceRaised,
    AcceptOffer,
    Deal,
    CloseNotConvinced,
    CloseObjectionOpen,
    ClosePriceNo,
    TrialPositive,
    TrialHesitant,
    NextStepsAck,
    Leaves,
    Deadline,
    WalkAwayReply,
    EndNoDeal,
    FollowUpGood,
    FollowUpNeutral,
    FollowUpAnnoyed,
    DebtPays,
    DebtStalls,
    DebtOffended,
    DebtScheduleAgreed,
    DebtNoted,
    DebtWrittenOff,
    DebtSettled,
}

/// Variants for a phrase in a language; never empty.
pub fn variants(lang: Lang, phrase: Phrase) -> &'static [&'static str] {
    match lang {
        Lang::En => en(phrase),
        Lang::Ru => ru(phrase),
    }
}

fn en(p: Phrase) -> &'static [&'static str] {
    use Phrase::*;
    match p {
        Greet(ContactStyle::Direct) => &[
            "Good morning. Thanks for your time; I'll keep this focused.",
            "Hello. I know you're busy, so let's get straight to it.",
        ],
        Greet(ContactStyle::Enthusiastic) => &[
            "Hi! Great to finally meet you, I've heard so much about your business!",
            "Hello! I'm really excited about this conversation.",
        ],
        Greet(ContactStyle::Warm) => &[
            "Hello, it's lovely to meet you. How has your week been?",
            "Hi, thank you for having me. I hope the day is treating you well.",
        ],
        Greet(ContactStyle::Precise) => &[
            "Good afternoon. I've prepared a few specific points; may I walk you through them in order?",
            "Hello. I've prepared carefully and have a few precise questions.",
        ],
        SetAgenda => &[
            "Here is what I suggest we cover: your current situation, what matters most to you, and whether we are a fit. Does that work?",
            "May I propose an agenda: twenty minutes on your needs, ten on our solution, then next steps?",
        ],
        SmallTalk => &[
            "Before we start: how has business been this season?",
            "How are things on your side? I hear it has been a busy few months in your trade.",
        ],
        AskOpen(QuestionKind::Situation) => &[
            "Could you tell me how things work on your side today?",
            "How is this handled at the moment, and who is involved?",
        ],
        AskOpen(QuestionKind::Problem) => &[
            "What gives you the most headaches in this area?",
            "Is there anything you're not happy with in how it works now?",
        ],
        AskOpen(QuestionKind::Implication) => &["When things go wrong, what does it lead to?"],
        AskOpen(QuestionKind::NeedPayoff) => {
            &["If you could change one thing, what would it be worth to you?"]
        }
        AskAbout(QuestionKind::Situation) => {
            &["Tell me more about {topic}: how does it work today?"]
        }
        AskAbout(QuestionKind::Problem) => &[
            "Where does {topic} cause you trouble?",
            "How satisfied are you with {topic} right now?",
        ],
        AskAbout(QuestionKind::Implication) => &[
            "What does the trouble with {topic} cost you, in time or money?",
            "If {topic} stays as it is, what happens over the next year?",
        ],
        AskAbout(QuestionKind::NeedPayoff) => &[
            "If {topic} were solved, what would that mean for you?",
            "How would it help you if {topic} were no longer a worry?",
        ],
        Summarize => &[
            "Let me check I've understood: what matters most to you is {topic}. Is that right?",
            "So, to sum up what I heard: {topic}. Did I miss anything?",
        ],
        Present => &[
            "Let me show you {feature}: it is built exactly for {topic}.",
            "This is where {feature} comes in, for {topic}.",
        ],
        Handle(Technique::Acknowledge) => &[
            "That's a fair point, and I'm glad you raised it.",
            "I hear you; that is an important concern.",
        ],
        Handle(Technique::Clarify) => &[
            "Can I ask what's behind that concern?",
            "When you say that, what exactly worries you most?",
        ],
        Handle(Technique::Evidence) => &[
            "Let me show you the figures from a client in the same situation.",
            "Here is the data: our customers measured this over twelve months.",
        ],
        Handle(Technique::Reframe) => &[
            "Let's look at it from another angle: what does it cost to do nothing?",
            "Consider it over the whole lifetime, not the first invoice.",
        ],
        Handle(Technique::FeelFeltFound) => &[
            "I understand how you feel. Others felt the same at first; what they found was quite different.",
            "Many of our clients felt exactly that, and then they found it paid off quickly.",
        ],
        Handle(Technique::Concede) => &[
            "You're right, let's set that aside; we can adjust it for you.",
            "Fine, I'll give you that.",
        ],
        Offer => &["We can do it for {price}.", "My proposal is {price}."],
        AcceptCounter => &["All right, {price} it is.", "Agreed: {price}."],
        WalkAway => &[
            "I'm sorry, at that level we can't make it work. Let's part as friends.",
            "I don't think we can reach a deal that works for both of us this time.",
        ],
        Close(CloseTechnique::Trial) => &[
            "How does this sound to you so far?",
            "On a scale of one to ten, how close is this to what you need?",
        ],
        Close(CloseTechnique::Direct) => &["Shall we go ahead?", "Are you ready to sign today?"],
        Close(CloseTechnique::Summary) => &[
            "To sum up: it solves {topic}, at the price we discussed. Shall we go ahead?",
            "We've covered {topic} and agreed the terms. Shall we make it official?",
        ],
        Close(CloseTechnique::Alternative) => &[
            "Would you prefer to start this month or next?",
            "Shall I send the paperwork to you, or to a colleague of yours?",
        ],
        Close(CloseTechnique::Assumptive) => &[
            "Great, I'll prepare the paperwork and we fix a start date next week.",
            "I'll get the paperwork started then.",
        ],
        NextSteps => &[
            "Next steps: I send the agreement today, we fix the start date together, and I call you after the first week.",
            "Here is what happens now: the agreement, delivery on the date we agree, and a call from me after a month.",
        ],
        FollowUp(AfterSale::AskFeedback) => &[
            "How is it going so far? I'd value your honest feedback.",
            "What do you like, and what should we improve?",
        ],
        FollowUp(AfterSale::Training) => &[
            "Let's set up a training session for your team.",
            "I'd like to book a hands-on workshop so everyone gets the most out of it.",
        ],
        FollowUp(AfterSale::Support) => &[
            "Here is your dedicated support contact; call us any time.",
            "From today you have priority support with us.",
        ],
        FollowUp(AfterSale::CheckIn) => &[
            "Just checking in: is everything running smoothly?",
            "A quick call to see how things are going.",
        ],
        FollowUp(AfterSale::Loyalty) => &[
            "As a thank-you, you're now in our loyalty programme.",
            "Long-term clients get preferential terms; I've added you.",
        ],
        FollowUp(AfterSale::Upsell) => &[
            "Now that everything is in place, let me tell you about our extended offer.",
            "Many clients add the extended option at this point.",
        ],
        Collect(DebtAction::AgreeSchedule) => &[
            "Let's put the payment dates and rules in writing so there are no surprises.",
            "Can we agree the payment schedule now?",
        ],
        Collect(DebtAction::Remind) => &[
            "A friendly reminder: the payment of {amount} is due soon.",
            "Just a note that {amount} is due.",
        ],
        Collect(DebtAction::Call) => &[
            "I'm calling about the outstanding {amount}. How can we sort it out?",
            "Let's talk about the open invoice of {amount}.",
        ],
        Collect(DebtAction::Installments) => &[
            "If it helps, we can split {amount} into three parts.",
            "Would paying {amount} in instalments make it easier?",
        ],
        Collect(DebtAction::Escalate) => &[
            "If {amount} is not paid this week, we will charge penalties and pass it to our lawyers.",
            "This is a formal demand for {amount}.",
        ],
        Collect(DebtAction::Wait) => &["(You wait a week.)"],
        End => &[
            "Thank you for your time.",
            "Thanks, I'll leave it there for today.",
        ],
        GreetGood => &[
            "Good to meet you too. Let's talk.",
            "Likewise. I appreciate you coming.",
        ],
        GreetNeutral => &["Hello. Go ahead.", "Hi. What did you want to discuss?"],
        GreetBad => &[
            "Right... Let's see where this goes.",
            "Hm. Shall we get on with it?",
        ],
        AgendaLiked => &["Good, I like a clear plan.", "That structure works for me."],
        AgendaNeutral => &["Sure, whatever works.", "Fine."],
        SmallTalkLiked => &[
            "Oh, it's been quite a ride, thanks for asking!",
            "Ha, yes, it's been an eventful month.",
        ],
        SmallTalkImpatient => &["Can we get to the point?", "I only have half an hour."],
        NothingNew => &[
            "As I said, there's not much more to tell.",
            "I think we've covered that.",
        ],
        NoPain => &[
            "Honestly, {topic} isn't a problem for us.",
            "We're fine as far as {topic} goes.",
        ],
        NotAProblemYet => &[
            "I'm not sure {topic} is a problem in the first place.",
            "Why do you ask? As far as I know, {topic} is fine.",
        ],
        AlreadySaid => &["I already told you about that.", "We've been over {topic}."],
        AlreadyToldEverything => &[
            "I've told you everything there is. Were you listening?",
            "You asked me that already. There's nothing more.",
        ],
        PresentDenied => &[
            "I told you {topic} is not a problem for us. Were you listening?",
            "We don't need that: {topic} works fine, as I said.",
        ],
        PresentIrrelevant => &[
            "I don't see how {feature} helps us.",
            "That's nice, but it's not what we need.",
        ],
        PresentGood => &[
            "That would help with {topic}.",
            "Interesting. That addresses {topic}.",
        ],
        PresentAgain => &[
            "You showed me that already.",
            "Yes, you mentioned {feature}.",
        ],
        PresentVague => &[
            "OK. And what does that do for us?",
            "Nice, I suppose. Why are you telling me this?",
        ],
        GreetAgain => &["Yes, hello again.", "We've said hello already."],
        SummaryGood => &["Exactly. You've understood us well.", "Yes, that's it."],
        SummaryEmpty => &[
            "We haven't really talked about much yet.",
            "Sum up what? I've barely said anything.",
        ],
        NoEffect => &[
            "That doesn't really answer my concern.",
            "I'm still not convinced.",
        ],
        Acknowledged => &[
            "Thank you. It does matter to us.",
            "Yes, it's a real concern.",
        ],
        Clarified => &[
            "It's more about the risk than anything else.",
            "Let me explain what really worries me.",
        ],
        Weakened => &["Hm, that helps a little.", "OK, that's a partial answer."],
        Resolved => &[
            "All right, that settles it for me.",
            "Fair enough, I'm satisfied with that.",
        ],
        Backfire => &[
            "That makes me even less comfortable.",
            "Now I'm more worried, frankly.",
        ],
        NoSuchObjection => &[
            "What do you mean? I didn't say that.",
            "I haven't raised that.",
        ],
        Counter => &[
            "That's too much for us. I could do {price}.",
            "We were thinking more like {price}.",
        ],
        TokenConcession => &[
            "{price} off? That's not a move, that's rounding.",
            "Knocking off {price} doesn't change anything for me.",
        ],
        OfferRepeated => &[
            "You said {price} already. Saying it again doesn't change my answer.",
            "Same number again? My position hasn't moved either.",
        ],
        PriceRaised => &[
            "A moment ago it was {price}. Why is it more now?",
            "You already offered {price}. I'm not paying more than that.",
        ],
        AcceptOffer => &["{price} works for us.", "All right, {price} is acceptable."],
        Deal => &["Let's do it.", "You have a deal."],
        CloseNotConvinced => &[
            "I'm not convinced yet. I need to understand how this helps us.",
            "Not so fast. I don't see enough value yet.",
        ],
        CloseObjectionOpen => &[
            "We still haven't settled my concern about {objection}.",
            "Before anything: what about {objection}?",
        ],
        ClosePriceNo => &[
            "Not at {price}. That's above what we can pay.",
            "At {price}? No, that's too much.",
        ],
        TrialPositive => &["It sounds good so far.", "I like what I'm hearing."],
        TrialHesitant => &["I still have some doubts.", "I'm not there yet."],
        NextStepsAck => &["Good, that's clear.", "Clear plan, thank you."],
        Leaves => &[
            "I'm sorry, I have to go. We'll be in touch if needed.",
            "I think we're done here. Thank you.",
        ],
        Deadline => &[
            "We've gone back and forth enough. I'll look elsewhere.",
            "We're not getting anywhere on price. Let's leave it.",
        ],
        WalkAwayReply => &[
            "I understand. Maybe another time.",
            "Fair enough. Thanks for being straight with me.",
        ],
        EndNoDeal => &["Thanks for coming.", "Goodbye."],
        FollowUpGood => &[
            "That's really helpful, thank you.",
            "I appreciate that you followed up.",
        ],
        FollowUpNeutral => &["Sure, thanks.", "OK."],
        FollowUpAnnoyed => &[
            "We just signed. Please don't push more on us now.",
            "That's a bit much right now.",
        ],
        DebtPays => &[
            "We've transferred {amount}.",
            "Payment of {amount} is on its way.",
        ],
        DebtStalls => &[
            "We're a bit tight this month.",
            "Finance hasn't approved it yet.",
        ],
        DebtOffended => &[
            "Threats? After all this? I'm disappointed.",
            "That's no way to treat a client.",
        ],
        DebtNoted => &["Noted, thanks.", "Understood. It's on our list."],
        DebtScheduleAgreed => &["Yes, clear dates suit us.", "Agreed, send it over."],
        DebtWrittenOff => &["(The rest of the debt, {amount}, is written off.)"],
        DebtSettled => &["(The account is settled.)"],
    }
}

fn ru(p: Phrase) -> &'static [&'static str] {
    use Phrase::*;
    match p {
        Greet(ContactStyle::Direct) => &[
            "Добрый день. Спасибо за время, буду краток.",
            "Здравствуйте. Знаю, вы заняты, поэтому сразу к делу.",
        ],
        Greet(ContactStyle::Enthusiastic) => &[
            "Здравствуйте! Как здорово наконец познакомиться, о вашем деле столько хорошего говорят!",
            "Добрый день! Этой встречи очень хотелось, спасибо, что нашли время!",
        ],
        Greet(ContactStyle::Warm) => &[
            "Здравствуйте, приятно познакомиться. Как проходит ваша неделя?",
            "Добрый день, спасибо, что нашли время. Надеюсь, день складывается хорошо.",
        ],
        Greet(ContactStyle::Precise) => &[
            "Добрый день. У меня есть несколько конкретных пунктов; позвольте пройти их по порядку.",
            "Здравствуйте. Материалы по вашей компании изучены, и у меня есть точные вопросы.",
        ],
        SetAgenda => &[
            "Предлагаю план: ваша текущая ситуация, что для вас важнее всего, и подходим ли мы вам. Согласны?",
            "Давайте так: двадцать минут о ваших задачах, десять о решении, затем следующие шаги.",
        ],
        SmallTalk => &[
            "Прежде чем начнём: как у вас идут дела в этом сезоне?",
            "Как у вас дела? Говорят, в вашей отрасли сейчас горячая пора.",
        ],
        AskOpen(QuestionKind::Situation) => &[
            "Расскажите, как это устроено у вас сейчас?",
            "Как сейчас решается этот вопрос и кто в нём участвует?",
        ],
        AskOpen(QuestionKind::Problem) => &[
            "Что доставляет вам больше всего хлопот в этой области?",
            "Есть ли что-то, что вас не устраивает в текущей работе?",
        ],
        AskOpen(QuestionKind::Implication) => &["Когда что-то идёт не так, к чему это приводит?"],
        AskOpen(QuestionKind::NeedPayoff) => {
            &["Если бы можно было изменить одну вещь, чего бы это стоило для вас?"]
        }
        AskAbout(QuestionKind::Situation) => {
            &["Расскажите подробнее о теме «{topic}»: как это устроено сейчас?"]
        }
        AskAbout(QuestionKind::Problem) => &[
            "Какие трудности у вас возникают с темой «{topic}»?",
            "Насколько вас устраивает то, как сейчас обстоит дело с темой «{topic}»?",
        ],
        AskAbout(QuestionKind::Implication) => &[
            "Во что вам обходятся сложности в вопросе «{topic}» — во времени, в деньгах?",
            "Если с темой «{topic}» всё останется как есть, что будет через год?",
        ],
        AskAbout(QuestionKind::NeedPayoff) => &[
            "Если вопрос «{topic}» будет решён, что это даст вам?",
            "Чем вам поможет, если «{topic}» перестанет быть проблемой?",
        ],
        Summarize => &[
            "Позвольте проверить, всё ли верно услышано: для вас главное — {topic}. Так?",
            "Итак, подведу итог услышанного: {topic}. Ничего не упущено?",
        ],
        Present => &[
            "Позвольте показать: {feature} — это как раз про «{topic}».",
            "Здесь вам поможет {feature}, для задачи «{topic}».",
        ],
        Handle(Technique::Acknowledge) => &[
            "Это справедливое замечание, и хорошо, что вы его подняли.",
            "Понимаю вас, это важный вопрос.",
        ],
        Handle(Technique::Clarify) => &[
            "Могу я уточнить, что стоит за этим опасением?",
            "Когда вы так говорите, что именно беспокоит вас больше всего?",
        ],
        Handle(Technique::Evidence) => &[
            "Позвольте показать цифры клиента в похожей ситуации.",
            "Вот данные: наши клиенты измеряли это двенадцать месяцев.",
        ],
        Handle(Technique::Reframe) => &[
            "Давайте посмотрим с другой стороны: сколько стоит ничего не менять?",
            "Посмотрите на весь срок владения, а не на первый счёт.",
        ],
        Handle(Technique::FeelFeltFound) => &[
            "Понимаю ваши чувства. Другие клиенты сначала чувствовали то же самое, а потом обнаружили совсем другое.",
            "Многие наши клиенты думали так же, а затем убедились, что это быстро окупается.",
        ],
        Handle(Technique::Concede) => &[
            "Вы правы, давайте уступим в этом вопросе.",
            "Хорошо, в этом я вам уступлю.",
        ],
        Offer => &[
            "Мы можем сделать это за {price}.",
            "Моё предложение — {price}.",
        ],
        AcceptCounter => &["Хорошо, пусть будет {price}.", "Договорились: {price}."],
        WalkAway => &[
            "К сожалению, на этом уровне у нас не получится. Давайте расстанемся друзьями.",
            "Боюсь, в этот раз мы не найдём условий, выгодных обеим сторонам.",
        ],
        Close(CloseTechnique::Trial) => &[
            "Как вам это всё на данный момент?",
            "По шкале от одного до десяти, насколько это близко к тому, что вам нужно?",
        ],
        Close(CloseTechnique::Direct) => &["Начинаем работать?", "Готовы подписать сегодня?"],
        Close(CloseTechnique::Summary) => &[
            "Подведу итог: это решает задачу «{topic}» по цене, которую мы обсудили. Оформляем?",
            "Мы разобрали «{topic}» и согласовали условия. Закрепим договорённость?",
        ],
        Close(CloseTechnique::Alternative) => &[
            "Вам удобнее начать в этом месяце или в следующем?",
            "Документы отправить вам или кому-то из коллег?",
        ],
        Close(CloseTechnique::Assumptive) => &[
            "Отлично, я готовлю документы, а на следующей неделе согласуем дату начала.",
            "Тогда я запускаю оформление документов.",
        ],
        NextSteps => &[
            "Следующие шаги: сегодня отправляю договор, вместе согласуем дату начала, через неделю я вам позвоню.",
            "Дальше так: договор, поставка в согласованный срок и мой звонок через месяц.",
        ],
        FollowUp(AfterSale::AskFeedback) => &[
            "Как вам первые результаты? Мне важен ваш честный отзыв.",
            "Что нравится, а что нам стоит улучшить?",
        ],
        FollowUp(AfterSale::Training) => &[
            "Давайте организуем обучение для вашей команды.",
            "Хочу провести практическое занятие, чтобы ваши сотрудники получили от покупки максимум.",
        ],
        FollowUp(AfterSale::Support) => &[
            "Вот ваш персональный контакт поддержки, звоните в любое время.",
            "С сегодняшнего дня у вас приоритетная поддержка.",
        ],
        FollowUp(AfterSale::CheckIn) => &[
            "Звоню узнать: всё ли работает как надо?",
            "Короткий звонок — как у вас дела?",
        ],
        FollowUp(AfterSale::Loyalty) => &[
            "В благодарность мы включили вас в программу лояльности.",
            "Постоянным клиентам — особые условия, и вы уже в их числе.",
        ],
        FollowUp(AfterSale::Upsell) => &[
            "Раз всё уже работает, расскажу о нашем расширенном предложении.",
            "Многие клиенты на этом этапе берут расширенный вариант.",
        ],
        Collect(DebtAction::AgreeSchedule) => &[
            "Давайте зафиксируем даты и правила оплаты письменно, чтобы не было сюрпризов.",
            "Согласуем график платежей сейчас?",
        ],
        Collect(DebtAction::Remind) => &[
            "Дружеское напоминание: скоро срок оплаты {amount}.",
            "Напоминаю, что к оплате {amount}.",
        ],
        Collect(DebtAction::Call) => &[
            "Звоню по поводу задолженности {amount}. Как нам её закрыть?",
            "Давайте обсудим открытый счёт на {amount}.",
        ],
        Collect(DebtAction::Installments) => &[
            "Если так удобнее, можем разбить {amount} на три платежа.",
            "Вам будет проще оплатить {amount} частями?",
        ],
        Collect(DebtAction::Escalate) => &[
            "Если {amount} не поступит на этой неделе, начислим пени и передадим дело юристам.",
            "Это официальное требование об оплате {amount}.",
        ],
        Collect(DebtAction::Wait) => &["(Вы ждёте неделю.)"],
        End => &["Спасибо за уделённое время.", "Благодарю, на сегодня всё."],
        GreetGood => &[
            "Взаимно. Давайте поговорим.",
            "Приятно познакомиться. Спасибо, что приехали.",
        ],
        GreetNeutral => &[
            "Здравствуйте. Слушаю вас.",
            "Добрый день. О чём вы хотели поговорить?",
        ],
        GreetBad => &["Так... Ну, посмотрим.", "Хм. Давайте к делу?"],
        AgendaLiked => &[
            "Хорошо, люблю понятный план.",
            "Такая структура мне подходит.",
        ],
        AgendaNeutral => &["Как скажете.", "Ладно."],
        SmallTalkLiked => &[
            "Ой, горячая выдалась пора, спасибо, что спросили!",
            "Да, месяц выдался насыщенный.",
        ],
        SmallTalkImpatient => &["Можно ближе к делу?", "У меня всего полчаса."],
        NothingNew => &[
            "Об этом уже шла речь, добавить особо нечего.",
            "Кажется, это мы уже обсудили.",
        ],
        NoPain => &[
            "Честно говоря, «{topic}» для нас не проблема.",
            "С темой «{topic}» у нас всё в порядке.",
        ],
        NotAProblemYet => &[
            "Сомневаюсь, что «{topic}» — это вообще проблема.",
            "А почему вы спрашиваете? С темой «{topic}» вроде всё нормально.",
        ],
        AlreadySaid => &["Об этом уже шла речь.", "Тему «{topic}» мы уже обсудили."],
        AlreadyToldEverything => &[
            "Всё, что можно, уже сказано. Вы меня слушали?",
            "Вы это уже спрашивали. Больше добавить нечего.",
        ],
        PresentDenied => &[
            "Я же говорю: с темой «{topic}» у нас всё в порядке. Вы меня слушали?",
            "Нам это не нужно: «{topic}» у нас работает, об этом уже шла речь.",
        ],
        PresentIrrelevant => &[
            "Не понимаю, чем нам поможет {feature}.",
            "Мило, но нам это не нужно.",
        ],
        PresentGood => &[
            "Это помогло бы с задачей «{topic}».",
            "Интересно. Это решает вопрос «{topic}».",
        ],
        PresentAgain => &["Вы это уже показывали.", "Да, про {feature} уже было."],
        PresentVague => &[
            "Допустим. И что это нам даёт?",
            "Интересно, но зачем вы мне это рассказываете?",
        ],
        GreetAgain => &["Да-да, здравствуйте ещё раз.", "Мы уже поздоровались."],
        SummaryGood => &["Именно. Вы хорошо нас поняли.", "Да, всё так."],
        SummaryEmpty => &[
            "Мы ещё толком ни о чём не поговорили.",
            "Подвести итог чего? Сказано-то почти ничего.",
        ],
        NoEffect => &[
            "Это не отвечает на мой вопрос.",
            "Меня это всё ещё не убеждает.",
        ],
        Acknowledged => &[
            "Спасибо. Для нас это действительно важно.",
            "Да, это серьёзное опасение.",
        ],
        Clarified => &[
            "Дело скорее в рисках, чем в чём-то другом.",
            "Объясню, что меня на самом деле беспокоит.",
        ],
        Weakened => &["Хм, это немного помогает.", "Ладно, это частичный ответ."],
        Resolved => &[
            "Хорошо, этот вопрос для меня закрыт.",
            "Справедливо, меня это устраивает.",
        ],
        Backfire => &[
            "От этого мне ещё менее спокойно.",
            "Честно говоря, теперь я волнуюсь ещё больше.",
        ],
        NoSuchObjection => &[
            "Что вы имеете в виду? Такого сказано не было.",
            "Об этом речи не было.",
        ],
        Counter => &[
            "Для нас это дорого. Я мог бы предложить {price}.",
            "Мы рассчитывали скорее на {price}.",
        ],
        TokenConcession => &[
            "Минус {price}? Это не уступка, это округление.",
            "Скидка в {price} для меня ничего не меняет.",
        ],
        OfferRepeated => &[
            "Вы уже называли {price}. От повторения мой ответ не изменится.",
            "Опять та же цифра? Моя позиция тоже не изменилась.",
        ],
        PriceRaised => &[
            "Только что было {price}. Почему теперь дороже?",
            "Вы уже предлагали {price}. Больше этого я платить не буду.",
        ],
        AcceptOffer => &["{price} нам подходит.", "Хорошо, {price} приемлемо."],
        Deal => &["Давайте работать.", "Договорились."],
        CloseNotConvinced => &[
            "Меня это пока не убеждает. Нужно понять, чем это нам поможет.",
            "Не так быстро. Я пока не вижу достаточной ценности.",
        ],
        CloseObjectionOpen => &[
            "Мы так и не решили вопрос: {objection}.",
            "Прежде всего: как быть с этим — {objection}?",
        ],
        ClosePriceNo => &[
            "Не за {price}. Это больше, чем мы можем заплатить.",
            "За {price}? Нет, это слишком дорого.",
        ],
        TrialPositive => &["Пока всё звучит хорошо.", "Мне нравится то, что я слышу."],
        TrialHesitant => &["У меня ещё есть сомнения.", "Рано пока об этом говорить."],
        NextStepsAck => &["Хорошо, понятно.", "Понятный план, спасибо."],
        Leaves => &[
            "Извините, мне пора. Если что, мы с вами свяжемся.",
            "Думаю, на этом закончим. Спасибо.",
        ],
        Deadline => &[
            "Мы достаточно торговались. Я поищу других поставщиков.",
            "По цене мы никуда не движемся. Давайте на этом остановимся.",
        ],
        WalkAwayReply => &[
            "Понимаю. Может быть, в другой раз.",
            "Справедливо. Спасибо за прямоту.",
        ],
        EndNoDeal => &["Спасибо, что пришли.", "До свидания."],
        FollowUpGood => &[
            "Это очень полезно, спасибо.",
            "Ценю, что вы не пропали после сделки.",
        ],
        FollowUpNeutral => &["Хорошо, спасибо.", "Ладно."],
        FollowUpAnnoyed => &[
            "Мы только что подписали. Не надо сейчас предлагать ещё.",
            "Это уже слишком.",
        ],
        DebtPays => &["Мы перевели {amount}.", "Платёж на {amount} отправлен."],
        DebtStalls => &[
            "В этом месяце у нас туговато с деньгами.",
            "Бухгалтерия ещё не согласовала.",
        ],
        DebtOffended => &[
            "Угрозы? После всего? Это разочаровывает.",
            "С клиентами так не обращаются.",
        ],
        DebtNoted => &["Принято, спасибо.", "Хорошо, платёж у нас в плане."],
        DebtScheduleAgreed => &["Да, чёткие даты нам подходят.", "Договорились, присылайте."],
        DebtWrittenOff => &["(Остаток долга, {amount}, списан.)"],
        DebtSettled => &["(Расчёты завершены.)"],
    }
}

/// Fills `{name}` placeholders from `(name, value)` pairs.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_every_placeholder() {
        assert_eq!(
            fill(
                "{price} for {topic}, {price}",
                &[("price", "10"), ("topic", "x")]
            ),
            "10 for x, 10"
        );
    }
}
