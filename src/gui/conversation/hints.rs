//! What each sales term in the palette means, shown on hover.

use dealcraft_core::moves::{CloseTechnique, QuestionKind, Technique};

use super::super::i18n::{UiLang, t};

pub fn question_hint(lang: UiLang, kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Situation => t(
            lang,
            "Facts about how things work today. Brings topics up; too many bore the client.",
            "Факты о текущем положении дел. Поднимает темы; слишком много таких вопросов утомляют.",
        ),
        QuestionKind::Problem => t(
            lang,
            "Asks about difficulties: turns a topic into an admitted pain.",
            "О трудностях: превращает тему в признанную проблему.",
        ),
        QuestionKind::Implication => t(
            lang,
            "What does the problem cost? Makes an admitted pain an explicit need.",
            "Во что обходится проблема? Делает признанную боль явной потребностью.",
        ),
        QuestionKind::NeedPayoff => t(
            lang,
            "What would solving it be worth? The client states the value in their own words.",
            "Что даст решение? Клиент сам формулирует ценность.",
        ),
    }
}

pub fn technique_hint(lang: UiLang, technique: Technique) -> &'static str {
    match technique {
        Technique::Acknowledge => t(
            lang,
            "Show you heard the concern and take it seriously. Do this first.",
            "Показать, что вы услышали опасение. Начинайте с этого.",
        ),
        Technique::Clarify => t(
            lang,
            "Ask what lies behind it: the real reason comes out.",
            "Спросить, что за этим стоит: выясняется настоящая причина.",
        ),
        Technique::Evidence => t(
            lang,
            "Answer with proof: figures, a case, a demo.",
            "Ответить доказательствами: цифры, кейс, демонстрация.",
        ),
        Technique::Reframe => t(
            lang,
            "Show it from another angle: total cost, the risk of doing nothing.",
            "Показать с другой стороны: полная стоимость, риск бездействия.",
        ),
        Technique::FeelFeltFound => t(
            lang,
            "\"I understand how you feel; others felt the same; they found...\"",
            "«Понимаю ваши чувства; другие чувствовали то же; они обнаружили...»",
        ),
        Technique::Concede => t(
            lang,
            "Give in on the point. It costs you; answer with value first.",
            "Уступить. Это стоит денег; сначала ответьте ценностью.",
        ),
    }
}

pub fn close_hint(lang: UiLang, technique: CloseTechnique) -> &'static str {
    match technique {
        CloseTechnique::Trial => t(
            lang,
            "Check readiness without asking to sign; surfaces hidden doubts safely.",
            "Проверить готовность, не прося подписать; безопасно выявляет сомнения.",
        ),
        CloseTechnique::Direct => t(
            lang,
            "Ask plainly for the decision. Suits drivers.",
            "Прямо попросить о решении. Подходит драйверам.",
        ),
        CloseTechnique::Summary => t(
            lang,
            "Sum up the agreed value, then ask. Suits amiables and analyticals.",
            "Подвести итог ценности и спросить. Подходит дружелюбным и аналитикам.",
        ),
        CloseTechnique::Alternative => t(
            lang,
            "Offer a choice between two ways to go ahead. Suits drivers and expressives.",
            "Предложить выбор из двух вариантов. Подходит драйверам и экспрессивным.",
        ),
        CloseTechnique::Assumptive => t(
            lang,
            "Act as if the decision were made. Risky when trust is low.",
            "Вести себя так, будто решение принято. Рискованно при низком доверии.",
        ),
    }
}
