//! The desktop app's own words in English and Russian; scenario text stays in its own language.

use dealcraft_core::Stage;
use dealcraft_core::moves::{
    AfterSale, CloseTechnique, ContactStyle, DebtAction, QuestionKind, Technique,
};
use dealcraft_core::scenario::{Difficulty, Knowledge, SocialStyle};
use dealcraft_core::session::Mood;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum UiLang {
    #[default]
    En,
    Ru,
}

impl UiLang {
    /// The language code tracks and scenarios use: `en`, `ru`.
    pub fn code(self) -> &'static str {
        match self {
            UiLang::En => "en",
            UiLang::Ru => "ru",
        }
    }

    /// The core's language, for text the core writes (findings, balance flags).
    pub fn core(self) -> dealcraft_core::scenario::Lang {
        match self {
            UiLang::En => dealcraft_core::scenario::Lang::En,
            UiLang::Ru => dealcraft_core::scenario::Lang::Ru,
        }
    }
}

/// A UI string: `t(lang, "English", "Русский")` keeps both languages side by side at the call.
pub fn t(lang: UiLang, en: &'static str, ru: &'static str) -> &'static str {
    match lang {
        UiLang::En => en,
        UiLang::Ru => ru,
    }
}

pub fn stage(lang: UiLang, s: Stage) -> &'static str {
    match s {
        Stage::Preparation => t(lang, "Preparation", "Подготовка"),
        Stage::Contact => t(lang, "Contact", "Контакт"),
        Stage::Needs => t(lang, "Needs", "Потребности"),
        Stage::Presentation => t(lang, "Presentation", "Презентация"),
        Stage::Objections => t(lang, "Objections", "Возражения"),
        Stage::Negotiation => t(lang, "Negotiation", "Переговоры"),
        Stage::Close => t(lang, "Close", "Закрытие"),
        Stage::FollowUp => t(lang, "Follow-up", "Сопровождение"),
        Stage::Debt => t(lang, "Debt", "Дебиторка"),
    }
}

pub fn style(lang: UiLang, s: SocialStyle) -> &'static str {
    match s {
        SocialStyle::Driver => t(lang, "Driver", "Руководитель (драйвер)"),
        SocialStyle::Expressive => t(lang, "Expressive", "Экспрессивный"),
        SocialStyle::Amiable => t(lang, "Amiable", "Дружелюбный"),
        SocialStyle::Analytical => t(lang, "Analytical", "Аналитик"),
    }
}

pub fn difficulty(lang: UiLang, d: Difficulty) -> &'static str {
    match d {
        Difficulty::Easy => t(lang, "Easy", "Легко"),
        Difficulty::Medium => t(lang, "Medium", "Средне"),
        Difficulty::Hard => t(lang, "Hard", "Сложно"),
    }
}

pub fn contact(lang: UiLang, c: ContactStyle) -> &'static str {
    match c {
        ContactStyle::Direct => t(lang, "Direct", "Деловое"),
        ContactStyle::Enthusiastic => t(lang, "Enthusiastic", "Энергичное"),
        ContactStyle::Warm => t(lang, "Warm", "Тёплое"),
        ContactStyle::Precise => t(lang, "Precise", "Точное"),
    }
}

pub fn question(lang: UiLang, q: QuestionKind) -> &'static str {
    match q {
        QuestionKind::Situation => t(lang, "Situation", "Ситуационный"),
        QuestionKind::Problem => t(lang, "Problem", "Проблемный"),
        QuestionKind::Implication => t(lang, "Implication", "Извлекающий"),
        QuestionKind::NeedPayoff => t(lang, "Need-payoff", "Направляющий"),
    }
}

pub fn technique(lang: UiLang, x: Technique) -> &'static str {
    match x {
        Technique::Acknowledge => t(lang, "Acknowledge", "Признать"),
        Technique::Clarify => t(lang, "Clarify", "Уточнить"),
        Technique::Evidence => t(lang, "Evidence", "Доказательства"),
        Technique::Reframe => t(lang, "Reframe", "Переформулировать"),
        Technique::FeelFeltFound => t(lang, "Feel-felt-found", "Понимаю-чувствовали-обнаружили"),
        Technique::Concede => t(lang, "Concede", "Уступить"),
    }
}

pub fn close(lang: UiLang, c: CloseTechnique) -> &'static str {
    match c {
        CloseTechnique::Trial => t(lang, "Trial close", "Пробное закрытие"),
        CloseTechnique::Direct => t(lang, "Direct close", "Прямой вопрос"),
        CloseTechnique::Summary => t(lang, "Summary close", "Резюме и вопрос"),
        CloseTechnique::Alternative => t(lang, "Alternative close", "Выбор без выбора"),
        CloseTechnique::Assumptive => t(lang, "Assumptive close", "Как о решённом"),
    }
}

pub fn after_sale(lang: UiLang, a: AfterSale) -> &'static str {
    match a {
        AfterSale::AskFeedback => t(lang, "Ask for feedback", "Попросить отзыв"),
        AfterSale::Training => t(lang, "Training", "Обучение"),
        AfterSale::Support => t(lang, "Support", "Поддержка"),
        AfterSale::CheckIn => t(lang, "Check in", "Позвонить узнать"),
        AfterSale::Loyalty => t(lang, "Loyalty programme", "Программа лояльности"),
        AfterSale::Upsell => t(lang, "Upsell", "Допродажа"),
    }
}

pub fn debt(lang: UiLang, d: DebtAction) -> &'static str {
    match d {
        DebtAction::AgreeSchedule => t(lang, "Agree schedule", "Согласовать график"),
        DebtAction::Remind => t(lang, "Remind", "Напомнить"),
        DebtAction::Call => t(lang, "Call", "Позвонить"),
        DebtAction::Installments => t(lang, "Offer instalments", "Предложить рассрочку"),
        DebtAction::Escalate => t(lang, "Escalate", "Претензия"),
        DebtAction::Wait => t(lang, "Wait a week", "Подождать неделю"),
    }
}

pub fn knowledge(lang: UiLang, k: Knowledge) -> &'static str {
    match k {
        Knowledge::Hidden => t(lang, "hidden", "скрыта"),
        Knowledge::Hinted => t(lang, "mentioned", "упомянута"),
        Knowledge::Implied => t(lang, "implied", "скрытая боль"),
        Knowledge::Explicit => t(lang, "explicit", "явная"),
    }
}

/// The mood as an icon and a word.
pub fn mood(lang: UiLang, m: Mood) -> (&'static str, &'static str) {
    match m {
        Mood::Hostile => ("😠", t(lang, "hostile", "враждебен")),
        Mood::Impatient => ("⌛", t(lang, "impatient", "теряет терпение")),
        Mood::Guarded => ("😐", t(lang, "guarded", "насторожен")),
        Mood::Neutral => ("🙂", t(lang, "neutral", "нейтрален")),
        Mood::Engaged => ("😊", t(lang, "engaged", "заинтересован")),
        Mood::Keen => ("😃", t(lang, "keen", "воодушевлён")),
    }
}

pub fn outcome(lang: UiLang, key: &str) -> &'static str {
    match key {
        "deal" => t(lang, "Deal", "Сделка"),
        "client_left" => t(lang, "The client left", "Клиент ушёл"),
        "walked_away" => t(lang, "You walked away", "Вы отказались от сделки"),
        "deadline" => t(lang, "Haggling ran out", "Торг зашёл в тупик"),
        "no_deal" => t(lang, "No deal", "Без сделки"),
        _ => t(lang, "In progress", "Идёт"),
    }
}
