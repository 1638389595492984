//! The simulation's names in Russian: labels for menus and tables, and words for sentences in
//! the case the sentence needs.

use crate::bots::BotKind;
use crate::moves::{
    AfterSale, CloseTechnique, ContactStyle, DebtAction, Move, QuestionKind, Stage, Technique,
};
use crate::scenario::{Difficulty, Knowledge, Scenario, SocialStyle};
use crate::session::{Mood, format_money};

use super::Case;

pub fn stage(s: Stage) -> &'static str {
    match s {
        Stage::Preparation => "Подготовка",
        Stage::Contact => "Контакт",
        Stage::Needs => "Потребности",
        Stage::Presentation => "Презентация",
        Stage::Objections => "Возражения",
        Stage::Negotiation => "Переговоры",
        Stage::Close => "Закрытие",
        Stage::FollowUp => "Сопровождение",
        Stage::Debt => "Дебиторка",
    }
}

/// The name in about ten letters, cut with a full stop as Russian abbreviations are.
pub fn stage_short(s: Stage) -> &'static str {
    match s {
        Stage::Needs => "Потребн.",
        Stage::FollowUp => "Сопровожд.",
        other => stage(other),
    }
}

pub fn style(s: SocialStyle) -> &'static str {
    match s {
        SocialStyle::Driver => "Руководитель (драйвер)",
        SocialStyle::Expressive => "Экспрессивный",
        SocialStyle::Amiable => "Дружелюбный",
        SocialStyle::Analytical => "Аналитик",
    }
}

/// The style's name inside a sentence: «стиль клиента — аналитик».
pub fn style_word(s: SocialStyle) -> &'static str {
    match s {
        SocialStyle::Driver => "руководитель (драйвер)",
        SocialStyle::Expressive => "экспрессивный",
        SocialStyle::Amiable => "дружелюбный",
        SocialStyle::Analytical => "аналитик",
    }
}

/// A client of the style in a case: «подошло клиенту-аналитику», «время экспрессивного клиента».
pub fn style_person(s: SocialStyle, case: Case) -> &'static str {
    use SocialStyle::*;
    match (s, case) {
        (Driver, Case::Nom) => "клиент-драйвер",
        (Driver, Case::Gen) => "клиента-драйвера",
        (Driver, Case::Dat) => "клиенту-драйверу",
        (Expressive, Case::Nom) => "экспрессивный клиент",
        (Expressive, Case::Gen) => "экспрессивного клиента",
        (Expressive, Case::Dat) => "экспрессивному клиенту",
        (Amiable, Case::Nom) => "дружелюбный клиент",
        (Amiable, Case::Gen) => "дружелюбного клиента",
        (Amiable, Case::Dat) => "дружелюбному клиенту",
        (Analytical, Case::Nom) => "клиент-аналитик",
        (Analytical, Case::Gen) => "клиента-аналитика",
        (Analytical, Case::Dat) => "клиенту-аналитику",
    }
}

/// Clients of the style, plural, in a case: «клиентам-аналитикам светская беседа неинтересна».
pub fn style_people(s: SocialStyle, case: Case) -> &'static str {
    use SocialStyle::*;
    match (s, case) {
        (Driver, Case::Nom) => "клиенты-драйверы",
        (Driver, Case::Gen) => "клиентов-драйверов",
        (Driver, Case::Dat) => "клиентам-драйверам",
        (Expressive, Case::Nom) => "экспрессивные клиенты",
        (Expressive, Case::Gen) => "экспрессивных клиентов",
        (Expressive, Case::Dat) => "экспрессивным клиентам",
        (Amiable, Case::Nom) => "дружелюбные клиенты",
        (Amiable, Case::Gen) => "дружелюбных клиентов",
        (Amiable, Case::Dat) => "дружелюбным клиентам",
        (Analytical, Case::Nom) => "клиенты-аналитики",
        (Analytical, Case::Gen) => "клиентов-аналитиков",
        (Analytical, Case::Dat) => "клиентам-аналитикам",
    }
}

pub fn difficulty(d: Difficulty) -> &'static str {
    match d {
        Difficulty::Easy => "Легко",
        Difficulty::Medium => "Средне",
        Difficulty::Hard => "Сложно",
    }
}

/// A greeting's style, as a label (it agrees with «приветствие»).
pub fn contact(c: ContactStyle) -> &'static str {
    match c {
        ContactStyle::Direct => "Деловое",
        ContactStyle::Enthusiastic => "Энергичное",
        ContactStyle::Warm => "Тёплое",
        ContactStyle::Precise => "Точное",
    }
}

/// «… приветствие» in a case.
fn greeting(c: ContactStyle, case: Case) -> &'static str {
    use ContactStyle::*;
    match (c, case) {
        (Direct, Case::Nom) => "деловое приветствие",
        (Direct, Case::Gen) => "делового приветствия",
        (Direct, Case::Dat) => "деловому приветствию",
        (Enthusiastic, Case::Nom) => "энергичное приветствие",
        (Enthusiastic, Case::Gen) => "энергичного приветствия",
        (Enthusiastic, Case::Dat) => "энергичному приветствию",
        (Warm, Case::Nom) => "тёплое приветствие",
        (Warm, Case::Gen) => "тёплого приветствия",
        (Warm, Case::Dat) => "тёплому приветствию",
        (Precise, Case::Nom) => "точное приветствие",
        (Precise, Case::Gen) => "точного приветствия",
        (Precise, Case::Dat) => "точному приветствию",
    }
}

/// A question's kind, as a label (it agrees with «вопрос»).
pub fn question(q: QuestionKind) -> &'static str {
    match q {
        QuestionKind::Situation => "Ситуационный",
        QuestionKind::Problem => "Проблемный",
        QuestionKind::Implication => "Извлекающий",
        QuestionKind::NeedPayoff => "Направляющий",
    }
}

/// «… вопрос» in a case.
fn question_phrase(q: QuestionKind, case: Case) -> &'static str {
    use QuestionKind::*;
    match (q, case) {
        (Situation, Case::Nom) => "ситуационный вопрос",
        (Situation, Case::Gen) => "ситуационного вопроса",
        (Situation, Case::Dat) => "ситуационному вопросу",
        (Problem, Case::Nom) => "проблемный вопрос",
        (Problem, Case::Gen) => "проблемного вопроса",
        (Problem, Case::Dat) => "проблемному вопросу",
        (Implication, Case::Nom) => "извлекающий вопрос",
        (Implication, Case::Gen) => "извлекающего вопроса",
        (Implication, Case::Dat) => "извлекающему вопросу",
        (NeedPayoff, Case::Nom) => "направляющий вопрос",
        (NeedPayoff, Case::Gen) => "направляющего вопроса",
        (NeedPayoff, Case::Dat) => "направляющему вопросу",
    }
}

/// An objection-handling technique, as a label (the verb of the button).
pub fn technique(t: Technique) -> &'static str {
    match t {
        Technique::Acknowledge => "Признать",
        Technique::Clarify => "Уточнить",
        Technique::Evidence => "Доказательства",
        Technique::Reframe => "Переформулировать",
        Technique::FeelFeltFound => "Понимаю-чувствовали-обнаружили",
        Technique::Concede => "Уступить",
    }
}

/// A technique's name in a sentence: «приём «уточнение»».
pub fn technique_word(t: Technique) -> &'static str {
    match t {
        Technique::Acknowledge => "признание",
        Technique::Clarify => "уточнение",
        Technique::Evidence => "доказательства",
        Technique::Reframe => "переформулирование",
        Technique::FeelFeltFound => "понимаю — чувствовали — обнаружили",
        Technique::Concede => "уступка",
    }
}

pub fn close(c: CloseTechnique) -> &'static str {
    match c {
        CloseTechnique::Trial => "Пробное закрытие",
        CloseTechnique::Direct => "Прямой вопрос",
        CloseTechnique::Summary => "Резюме и вопрос",
        CloseTechnique::Alternative => "Выбор без выбора",
        CloseTechnique::Assumptive => "Как о решённом",
    }
}

/// A closing technique in a sentence, in a case: «пробного закрытия».
pub fn close_phrase(c: CloseTechnique, case: Case) -> &'static str {
    use CloseTechnique::*;
    match (c, case) {
        (Trial, Case::Nom) => "пробное закрытие",
        (Trial, Case::Gen) => "пробного закрытия",
        (Trial, Case::Dat) => "пробному закрытию",
        (Direct, Case::Nom) => "прямой вопрос о сделке",
        (Direct, Case::Gen) => "прямого вопроса о сделке",
        (Direct, Case::Dat) => "прямому вопросу о сделке",
        (Summary, Case::Nom) => "резюме и вопрос о сделке",
        (Summary, Case::Gen) => "резюме и вопроса о сделке",
        (Summary, Case::Dat) => "резюме и вопросу о сделке",
        (Alternative, Case::Nom) => "выбор без выбора",
        (Alternative, Case::Gen) => "выбора без выбора",
        (Alternative, Case::Dat) => "выбору без выбора",
        (Assumptive, Case::Nom) => "закрытие «как о решённом»",
        (Assumptive, Case::Gen) => "закрытия «как о решённом»",
        (Assumptive, Case::Dat) => "закрытию «как о решённом»",
    }
}

/// An after-sale action, as a label.
pub fn after_sale(a: AfterSale) -> &'static str {
    match a {
        AfterSale::AskFeedback => "Попросить отзыв",
        AfterSale::Training => "Обучение",
        AfterSale::Support => "Поддержка",
        AfterSale::CheckIn => "Позвонить узнать",
        AfterSale::Loyalty => "Программа лояльности",
        AfterSale::Upsell => "Допродажа",
    }
}

/// An after-sale action in a sentence.
pub fn after_sale_word(a: AfterSale) -> &'static str {
    match a {
        AfterSale::AskFeedback => "запрос отзыва",
        AfterSale::Training => "обучение",
        AfterSale::Support => "поддержка",
        AfterSale::CheckIn => "контрольный звонок",
        AfterSale::Loyalty => "программа лояльности",
        AfterSale::Upsell => "допродажа",
    }
}

pub fn debt(d: DebtAction) -> &'static str {
    match d {
        DebtAction::AgreeSchedule => "Согласовать график",
        DebtAction::Remind => "Напомнить",
        DebtAction::Call => "Позвонить",
        DebtAction::Installments => "Предложить рассрочку",
        DebtAction::Escalate => "Претензия",
        DebtAction::Wait => "Подождать неделю",
    }
}

/// A debt-collection action in a sentence.
fn debt_word(d: DebtAction) -> &'static str {
    match d {
        DebtAction::AgreeSchedule => "согласование графика",
        DebtAction::Remind => "напоминание",
        DebtAction::Call => "звонок",
        DebtAction::Installments => "предложение рассрочки",
        DebtAction::Escalate => "претензия",
        DebtAction::Wait => "ожидание",
    }
}

/// How far a need came out, as a label: «скрыта».
pub fn knowledge(k: Knowledge) -> &'static str {
    match k {
        Knowledge::Hidden => "скрыта",
        Knowledge::Hinted => "упомянута",
        Knowledge::Implied => "скрытая боль",
        Knowledge::Explicit => "явная",
    }
}

/// How far a need came out, as the end of «потребность … осталась …» (instrumental).
pub fn knowledge_stayed(k: Knowledge) -> &'static str {
    match k {
        Knowledge::Hidden => "скрытой",
        Knowledge::Hinted => "лишь упомянутой",
        Knowledge::Implied => "неявной",
        Knowledge::Explicit => "явной",
    }
}

pub fn mood(m: Mood) -> &'static str {
    match m {
        Mood::Hostile => "враждебен",
        Mood::Impatient => "теряет терпение",
        Mood::Guarded => "насторожен",
        Mood::Neutral => "нейтрален",
        Mood::Engaged => "заинтересован",
        Mood::Keen => "воодушевлён",
    }
}

/// How a session ended, by its outcome key.
pub fn outcome(key: &str) -> &'static str {
    match key {
        "deal" => "Сделка",
        "client_left" => "Клиент ушёл",
        "walked_away" => "Вы отказались от сделки",
        "deadline" => "Торг зашёл в тупик",
        "no_deal" => "Без сделки",
        _ => "Идёт",
    }
}

pub fn bot(b: BotKind) -> &'static str {
    match b {
        BotKind::Random => "случайный",
        BotKind::Textbook => "по учебнику",
        BotKind::Pushy => "напористый",
        BotKind::Discounter => "скидочник",
    }
}

/// A move in a sentence, in a case, its ids replaced by the scenario's names: «проблемного
/// вопроса по теме «простои»».
pub fn move_phrase(mv: &Move, sc: &Scenario, case: Case) -> String {
    nest_quotes(&move_words(mv, sc, case))
}

fn move_words(mv: &Move, sc: &Scenario, case: Case) -> String {
    let names = super::Names(sc);
    // Nouns whose forms differ by case: (nominative, genitive, dative).
    let by_case = |nom: &str, genitive: &str, dat: &str| -> String {
        match case {
            Case::Nom => nom,
            Case::Gen => genitive,
            Case::Dat => dat,
        }
        .to_owned()
    };
    match mv {
        Move::Prepare(_) => by_case("подготовка", "подготовки", "подготовке"),
        Move::Greet(c) => greeting(*c, case).to_owned(),
        Move::SetAgenda => by_case("повестка встречи", "повестки встречи", "повестке встречи"),
        Move::SmallTalk => by_case("светская беседа", "светской беседы", "светской беседе"),
        Move::Ask { kind, need } => {
            let q = question_phrase(*kind, case);
            match need {
                Some(n) => format!("{q} по теме «{}»", names.need(n)),
                None => q.to_owned(),
            }
        }
        Move::Summarize => "резюме потребностей".to_owned(),
        Move::Present { feature, .. } => format!(
            "{} «{}»",
            by_case("презентация", "презентации", "презентации"),
            names.feature(feature)
        ),
        Move::Handle {
            objection,
            technique,
        } => format!(
            "{} на возражение «{}» (приём: {})",
            by_case("ответ", "ответа", "ответу"),
            names.objection(objection),
            technique_word(*technique)
        ),
        Move::Offer { price, .. } => format!(
            "{} цены {}",
            by_case("предложение", "предложения", "предложению"),
            format_money(*price, &sc.product.currency)
        ),
        Move::AcceptCounter => {
            by_case("согласие", "согласия", "согласию") + " на встречное предложение"
        }
        Move::WalkAway => by_case("отказ", "отказа", "отказу") + " от сделки",
        Move::Close(c) => close_phrase(*c, case).to_owned(),
        Move::NextSteps => by_case("следующие шаги", "следующих шагов", "следующим шагам"),
        Move::FollowUp(a) => format!(
            "{} ({})",
            by_case("сопровождение", "сопровождения", "сопровождению"),
            after_sale_word(*a)
        ),
        Move::Collect(d) => format!(
            "{} с долгом ({})",
            by_case("работа", "работы", "работе"),
            debt_word(*d)
        ),
        Move::End => by_case("завершение", "завершения", "завершению") + " встречи",
    }
}

/// Quotes inside quotes as Russian typography has them: «сервисный контракт „4 часа“», where
/// a name with its own «» lands in a quoted place. Text already nested stays as it is.
pub fn nest_quotes(text: &str) -> String {
    if !text.contains('«') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '«' => {
                out.push(if depth == 0 { '«' } else { '„' });
                depth += 1;
            }
            '»' if depth > 0 => {
                depth -= 1;
                out.push(if depth == 0 { '»' } else { '“' });
            }
            _ => out.push(c),
        }
    }
    out
}

/// The form of a noun after a number: `plural(n, "встрече", "встречах", "встречах")` for
/// «в 1 встрече», «в 3 встречах», «в 11 встречах»; (one, two to four, five and more).
pub fn plural<'a>(n: u64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    let (last, last_two) = (n % 10, n % 100);
    if last == 1 && last_two != 11 {
        one
    } else if (2..=4).contains(&last) && !(12..=14).contains(&last_two) {
        few
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_inside_quotes_become_lapki() {
        let once = nest_quotes("презентация «сервисный контракт «4 часа»» и «Кэф»");
        assert_eq!(once, "презентация «сервисный контракт „4 часа“» и «Кэф»");
        assert_eq!(nest_quotes(&once), once);
        assert_eq!(nest_quotes("без кавычек"), "без кавычек");
        assert_eq!(nest_quotes("лишняя » и «хвост"), "лишняя » и «хвост");
    }

    #[test]
    fn numbers_take_the_right_form() {
        let f = |n| plural(n, "встреча", "встречи", "встреч");
        assert_eq!(
            [0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111].map(f),
            [
                "встреч",
                "встреча",
                "встречи",
                "встречи",
                "встреч",
                "встреч",
                "встреч",
                "встреч",
                "встреча",
                "встречи",
                "встреч",
                "встреча",
                "встреч"
            ]
        );
    }
}
