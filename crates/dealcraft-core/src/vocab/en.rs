//! The simulation's names in English: labels for menus and tables, and words for sentences.

use crate::bots::BotKind;
use crate::moves::{
    AfterSale, CloseTechnique, ContactStyle, DebtAction, Move, QuestionKind, Stage, Technique,
};
use crate::scenario::{Difficulty, Knowledge, Scenario, SocialStyle};
use crate::session::{Mood, format_money};

pub fn stage(s: Stage) -> &'static str {
    match s {
        Stage::Preparation => "Preparation",
        Stage::Contact => "Contact",
        Stage::Needs => "Needs",
        Stage::Presentation => "Presentation",
        Stage::Objections => "Objections",
        Stage::Negotiation => "Negotiation",
        Stage::Close => "Close",
        Stage::FollowUp => "Follow-up",
        Stage::Debt => "Debt",
    }
}

pub fn style(s: SocialStyle) -> &'static str {
    match s {
        SocialStyle::Driver => "Driver",
        SocialStyle::Expressive => "Expressive",
        SocialStyle::Amiable => "Amiable",
        SocialStyle::Analytical => "Analytical",
    }
}

/// The style as a word before "style": "the client's analytical style".
pub fn style_word(s: SocialStyle) -> &'static str {
    match s {
        SocialStyle::Driver => "driver",
        SocialStyle::Expressive => "expressive",
        SocialStyle::Amiable => "amiable",
        SocialStyle::Analytical => "analytical",
    }
}

/// One person of the style, with the article it takes: "an analytical person", "a driver".
pub fn style_person(s: SocialStyle) -> String {
    let noun = match s {
        SocialStyle::Driver => "driver",
        SocialStyle::Expressive => "expressive person",
        SocialStyle::Amiable => "amiable person",
        SocialStyle::Analytical => "analytical person",
    };
    with_article(noun)
}

/// People of the style: "drivers", "analytical people".
pub fn style_people(s: SocialStyle) -> &'static str {
    match s {
        SocialStyle::Driver => "drivers",
        SocialStyle::Expressive => "expressive people",
        SocialStyle::Amiable => "amiable people",
        SocialStyle::Analytical => "analytical people",
    }
}

pub fn difficulty(d: Difficulty) -> &'static str {
    match d {
        Difficulty::Easy => "Easy",
        Difficulty::Medium => "Medium",
        Difficulty::Hard => "Hard",
    }
}

/// A greeting's style, as a label.
pub fn contact(c: ContactStyle) -> &'static str {
    match c {
        ContactStyle::Direct => "Direct",
        ContactStyle::Enthusiastic => "Enthusiastic",
        ContactStyle::Warm => "Warm",
        ContactStyle::Precise => "Precise",
    }
}

/// A question's kind, as a label.
pub fn question(q: QuestionKind) -> &'static str {
    match q {
        QuestionKind::Situation => "Situation",
        QuestionKind::Problem => "Problem",
        QuestionKind::Implication => "Implication",
        QuestionKind::NeedPayoff => "Need-payoff",
    }
}

/// An objection-handling technique, as a label (the verb of the button).
pub fn technique(t: Technique) -> &'static str {
    match t {
        Technique::Acknowledge => "Acknowledge",
        Technique::Clarify => "Clarify",
        Technique::Evidence => "Evidence",
        Technique::Reframe => "Reframe",
        Technique::FeelFeltFound => "Feel-felt-found",
        Technique::Concede => "Concede",
    }
}

/// A technique in a sentence: "feel-felt-found made it worse".
pub fn technique_word(t: Technique) -> &'static str {
    match t {
        Technique::Acknowledge => "acknowledging",
        Technique::Clarify => "clarifying",
        Technique::Evidence => "evidence",
        Technique::Reframe => "reframing",
        Technique::FeelFeltFound => "feel-felt-found",
        Technique::Concede => "conceding",
    }
}

pub fn close(c: CloseTechnique) -> &'static str {
    match c {
        CloseTechnique::Trial => "Trial close",
        CloseTechnique::Direct => "Direct close",
        CloseTechnique::Summary => "Summary close",
        CloseTechnique::Alternative => "Alternative close",
        CloseTechnique::Assumptive => "Assumptive close",
    }
}

/// An after-sale action, as a label.
pub fn after_sale(a: AfterSale) -> &'static str {
    match a {
        AfterSale::AskFeedback => "Ask for feedback",
        AfterSale::Training => "Training",
        AfterSale::Support => "Support",
        AfterSale::CheckIn => "Check in",
        AfterSale::Loyalty => "Loyalty programme",
        AfterSale::Upsell => "Upsell",
    }
}

/// An after-sale action in a sentence: "the client would have valued training".
pub fn after_sale_word(a: AfterSale) -> &'static str {
    match a {
        AfterSale::AskFeedback => "a request for feedback",
        AfterSale::Training => "training",
        AfterSale::Support => "support",
        AfterSale::CheckIn => "a check-in call",
        AfterSale::Loyalty => "the loyalty programme",
        AfterSale::Upsell => "an upsell",
    }
}

pub fn debt(d: DebtAction) -> &'static str {
    match d {
        DebtAction::AgreeSchedule => "Agree schedule",
        DebtAction::Remind => "Remind",
        DebtAction::Call => "Call",
        DebtAction::Installments => "Offer instalments",
        DebtAction::Escalate => "Escalate",
        DebtAction::Wait => "Wait a week",
    }
}

/// A debt-collection action in a sentence.
fn debt_word(d: DebtAction) -> &'static str {
    match d {
        DebtAction::AgreeSchedule => "agreeing a schedule",
        DebtAction::Remind => "a reminder",
        DebtAction::Call => "a call",
        DebtAction::Installments => "an offer of instalments",
        DebtAction::Escalate => "a formal demand",
        DebtAction::Wait => "waiting",
    }
}

/// How far a need came out, as the end of "the need stayed …".
pub fn knowledge(k: Knowledge) -> &'static str {
    match k {
        Knowledge::Hidden => "hidden",
        Knowledge::Hinted => "mentioned",
        Knowledge::Implied => "implied",
        Knowledge::Explicit => "explicit",
    }
}

pub fn mood(m: Mood) -> &'static str {
    match m {
        Mood::Hostile => "hostile",
        Mood::Impatient => "impatient",
        Mood::Guarded => "guarded",
        Mood::Neutral => "neutral",
        Mood::Engaged => "engaged",
        Mood::Keen => "keen",
    }
}

/// How a session ended, by its outcome key (`deal`, `client_left`, ...; anything else: in
/// progress).
pub fn outcome(key: &str) -> &'static str {
    match key {
        "deal" => "Deal",
        "client_left" => "The client left",
        "walked_away" => "You walked away",
        "deadline" => "Haggling ran out",
        "no_deal" => "No deal",
        _ => "In progress",
    }
}

pub fn bot(b: BotKind) -> &'static str {
    b.name()
}

/// A move in a sentence, its ids replaced by the scenario's names: "a problem question about
/// “downtime”", "an offer of 45 000 EUR".
pub fn move_phrase(mv: &Move, sc: &Scenario) -> String {
    let names = super::Names(sc);
    match mv {
        Move::Prepare(_) => "preparation".to_owned(),
        Move::Greet(c) => with_article(&format!("{} greeting", contact(*c).to_lowercase())),
        Move::SetAgenda => "an agenda".to_owned(),
        Move::SmallTalk => "small talk".to_owned(),
        Move::Ask { kind, need } => {
            let q = with_article(&format!("{} question", question(*kind).to_lowercase()));
            match need {
                Some(n) => format!("{q} about “{}”", names.need(n)),
                None => q,
            }
        }
        Move::Summarize => "a summary of the needs".to_owned(),
        Move::Present { feature, .. } => format!("a presentation of “{}”", names.feature(feature)),
        Move::Handle {
            objection,
            technique,
        } => format!(
            "an answer to “{}” ({})",
            names.objection(objection),
            technique_word(*technique)
        ),
        Move::Offer { price, .. } => {
            format!("an offer of {}", format_money(*price, &sc.product.currency))
        }
        Move::AcceptCounter => "accepting the counter-offer".to_owned(),
        Move::WalkAway => "walking away".to_owned(),
        Move::Close(c) => with_article(&close(*c).to_lowercase()),
        Move::NextSteps => "the next steps".to_owned(),
        Move::FollowUp(a) => format!("a follow-up ({})", after_sale_word(*a)),
        Move::Collect(d) => format!("debt collection ({})", debt_word(*d)),
        Move::End => "ending the meeting".to_owned(),
    }
}

/// "a" or "an" before a word, by its sound: "an analytical", "a user", "an hour".
pub fn article(word: &str) -> &'static str {
    let w = word.trim_start().to_lowercase();
    // Written with a vowel, said with a consonant; and the reverse.
    const CONSONANT_SOUND: [&str; 6] = ["uni", "use", "usu", "eu", "one", "once"];
    const VOWEL_SOUND: [&str; 4] = ["hour", "honest", "honour", "heir"];
    if VOWEL_SOUND.iter().any(|p| w.starts_with(p)) {
        return "an";
    }
    if CONSONANT_SOUND.iter().any(|p| w.starts_with(p)) {
        return "a";
    }
    match w.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// A noun phrase with its indefinite article: "an implication question".
pub fn with_article(phrase: &str) -> String {
    format!("{} {phrase}", article(phrase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_follow_the_sound() {
        for (word, a) in [
            ("analytical person", "an"),
            ("expressive person", "an"),
            ("amiable person", "an"),
            ("driver", "a"),
            ("implication question", "an"),
            ("need-payoff question", "a"),
            ("assumptive close", "an"),
            ("user", "a"),
            ("hour", "an"),
            ("one-off", "a"),
            ("upsell", "an"),
        ] {
            assert_eq!(article(word), a, "{word}");
        }
        assert_eq!(
            style_person(SocialStyle::Analytical),
            "an analytical person"
        );
        assert_eq!(style_person(SocialStyle::Driver), "a driver");
    }
}
