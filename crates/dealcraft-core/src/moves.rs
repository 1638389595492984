//! The trainee's moves, grouped by the stage of the sales cycle they belong to.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::scenario::SocialStyle;

/// A scenario id inside a move (a need, feature, objection or term). Ids are short, so they sit
/// inline and a move clones without allocating: bots and the search copy moves every turn.
pub type Id = smol_str::SmolStr;

/// Chosen terms of an offer: term id to option index.
pub type Terms = BTreeMap<Id, usize>;

/// The stages of the sales cycle. The snake_case names are the stage keys used in every output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    // Scenario files write stages like other RON enums (`Stage(Presentation)`); outputs use keys.
    #[serde(alias = "Preparation")]
    Preparation,
    #[serde(alias = "Contact")]
    Contact,
    #[serde(alias = "Needs")]
    Needs,
    #[serde(alias = "Presentation")]
    Presentation,
    #[serde(alias = "Objections")]
    Objections,
    #[serde(alias = "Negotiation")]
    Negotiation,
    #[serde(alias = "Close")]
    Close,
    #[serde(alias = "FollowUp")]
    FollowUp,
    #[serde(alias = "Debt")]
    Debt,
}

impl Stage {
    pub const ALL: [Stage; 9] = [
        Stage::Preparation,
        Stage::Contact,
        Stage::Needs,
        Stage::Presentation,
        Stage::Objections,
        Stage::Negotiation,
        Stage::Close,
        Stage::FollowUp,
        Stage::Debt,
    ];

    /// The stage key: `preparation contact needs presentation objections negotiation close
    /// follow_up debt`.
    pub fn key(self) -> &'static str {
        match self {
            Stage::Preparation => "preparation",
            Stage::Contact => "contact",
            Stage::Needs => "needs",
            Stage::Presentation => "presentation",
            Stage::Objections => "objections",
            Stage::Negotiation => "negotiation",
            Stage::Close => "close",
            Stage::FollowUp => "follow_up",
            Stage::Debt => "debt",
        }
    }

    pub fn from_key(key: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.key() == key)
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// How the trainee opens the meeting; each fits one social style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ContactStyle {
    /// Brief, businesslike, to the point (drivers).
    Direct,
    /// Energetic, personal, big-picture (expressives).
    Enthusiastic,
    /// Friendly, patient, personal (amiables).
    Warm,
    /// Structured, factual, careful (analyticals).
    Precise,
}

impl ContactStyle {
    pub const ALL: [ContactStyle; 4] = [
        ContactStyle::Direct,
        ContactStyle::Enthusiastic,
        ContactStyle::Warm,
        ContactStyle::Precise,
    ];

    /// The social style this contact style suits.
    pub fn suits(self) -> SocialStyle {
        match self {
            ContactStyle::Direct => SocialStyle::Driver,
            ContactStyle::Enthusiastic => SocialStyle::Expressive,
            ContactStyle::Warm => SocialStyle::Amiable,
            ContactStyle::Precise => SocialStyle::Analytical,
        }
    }
}

/// SPIN question kinds (Rackham).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum QuestionKind {
    /// Facts about the client's situation; an open one brings topics up.
    Situation,
    /// Difficulties and dissatisfaction; turns a topic into an implied need.
    Problem,
    /// Consequences of a problem; makes an implied need explicit.
    Implication,
    /// The value of solving it; the client states the need and its worth.
    NeedPayoff,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 4] = [
        QuestionKind::Situation,
        QuestionKind::Problem,
        QuestionKind::Implication,
        QuestionKind::NeedPayoff,
    ];
}

/// Ways to answer an objection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Technique {
    /// Show you heard it and take it seriously.
    Acknowledge,
    /// Ask what lies behind it.
    Clarify,
    /// Answer with proof: figures, a case, a demo.
    Evidence,
    /// Show it from another angle (cost of ownership, risk of doing nothing).
    Reframe,
    /// "I understand how you feel; others felt the same; they found ...".
    FeelFeltFound,
    /// Give in on the point.
    Concede,
}

impl Technique {
    pub const ALL: [Technique; 6] = [
        Technique::Acknowledge,
        Technique::Clarify,
        Technique::Evidence,
        Technique::Reframe,
        Technique::FeelFeltFound,
        Technique::Concede,
    ];

    /// Acknowledging and clarifying prepare an answer; the others are the answer.
    pub fn is_answer(self) -> bool {
        !matches!(self, Technique::Acknowledge | Technique::Clarify)
    }
}

/// Ways to ask for the commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CloseTechnique {
    /// Check readiness without asking to sign ("how does this sound so far?").
    Trial,
    /// Ask plainly.
    Direct,
    /// Sum up the agreed benefits, then ask.
    Summary,
    /// Offer a choice between two ways to go ahead.
    Alternative,
    /// Act as if the decision were made.
    Assumptive,
}

impl CloseTechnique {
    pub const ALL: [CloseTechnique; 5] = [
        CloseTechnique::Trial,
        CloseTechnique::Direct,
        CloseTechnique::Summary,
        CloseTechnique::Alternative,
        CloseTechnique::Assumptive,
    ];

    /// The technique that suits a social style best.
    pub fn suits(self, style: SocialStyle) -> bool {
        matches!(
            (self, style),
            (CloseTechnique::Direct, SocialStyle::Driver)
                | (CloseTechnique::Alternative, SocialStyle::Driver)
                | (CloseTechnique::Alternative, SocialStyle::Expressive)
                | (CloseTechnique::Assumptive, SocialStyle::Expressive)
                | (CloseTechnique::Summary, SocialStyle::Amiable)
                | (CloseTechnique::Summary, SocialStyle::Analytical)
        )
    }
}

/// After-sale actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AfterSale {
    AskFeedback,
    Training,
    Support,
    CheckIn,
    Loyalty,
    Upsell,
}

impl AfterSale {
    pub const ALL: [AfterSale; 6] = [
        AfterSale::AskFeedback,
        AfterSale::Training,
        AfterSale::Support,
        AfterSale::CheckIn,
        AfterSale::Loyalty,
        AfterSale::Upsell,
    ];
}

/// Debt-collection actions; each takes one week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DebtAction {
    /// Agree the payment rules and dates in writing.
    AgreeSchedule,
    /// A polite written reminder.
    Remind,
    /// A call to talk it through.
    Call,
    /// Offer to split what is owed into parts.
    Installments,
    /// Formal demand: penalties, legal steps.
    Escalate,
    /// Do nothing this week.
    Wait,
}

impl DebtAction {
    pub const ALL: [DebtAction; 6] = [
        DebtAction::AgreeSchedule,
        DebtAction::Remind,
        DebtAction::Call,
        DebtAction::Installments,
        DebtAction::Escalate,
        DebtAction::Wait,
    ];
}

/// The plan made before the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The price the trainee aims for.
    pub target_price: u64,
    /// The lowest price the trainee will accept.
    pub walk_away_price: u64,
    /// The social style the trainee reads in the dossier; sets the approach.
    pub style: SocialStyle,
    /// Term ids the trainee wants in any deal.
    #[serde(default)]
    pub must_have: Vec<Id>,
}

/// One move of the trainee. A field a move does not have is an error, not ignored: a script's
/// `Ask(kind: Problem, needs: "x")` must not play as an open question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Move {
    /// Preparation: set goals before the meeting (only as the first move).
    Prepare(Plan),
    /// Contact: open the meeting in a style.
    Greet(ContactStyle),
    /// Contact: propose what the meeting will cover.
    SetAgenda,
    /// Contact: rapport talk.
    SmallTalk,
    /// Needs: a question, open or about a known topic.
    Ask {
        kind: QuestionKind,
        #[serde(default)]
        need: Option<Id>,
    },
    /// Needs: sum up what the client said (active listening).
    Summarize,
    /// Presentation: show a feature, tied to a need.
    Present {
        feature: Id,
        #[serde(default)]
        need: Option<Id>,
    },
    /// Objections: answer a raised objection with a technique.
    Handle { objection: Id, technique: Technique },
    /// Negotiation: propose a price and terms (term id to option index).
    Offer {
        price: u64,
        #[serde(default)]
        terms: Terms,
    },
    /// Negotiation: accept the client's last counter-offer.
    AcceptCounter,
    /// Negotiation: decline to do a deal on the terms available.
    WalkAway,
    /// Close: ask for the commitment.
    Close(CloseTechnique),
    /// Close: explain what happens next.
    NextSteps,
    /// After sale.
    FollowUp(AfterSale),
    /// Debt collection: one week.
    Collect(DebtAction),
    /// End the session: without a deal it ends the meeting, after a deal it finishes the account.
    End,
}

impl Move {
    /// The stage a move belongs to; `End` belongs to none.
    pub fn stage(&self) -> Option<Stage> {
        Some(match self {
            Move::Prepare(_) => Stage::Preparation,
            Move::Greet(_) | Move::SetAgenda | Move::SmallTalk => Stage::Contact,
            Move::Ask { .. } | Move::Summarize => Stage::Needs,
            Move::Present { .. } => Stage::Presentation,
            Move::Handle { .. } => Stage::Objections,
            Move::Offer { .. } | Move::AcceptCounter | Move::WalkAway => Stage::Negotiation,
            Move::Close(_) | Move::NextSteps => Stage::Close,
            Move::FollowUp(_) => Stage::FollowUp,
            Move::Collect(_) => Stage::Debt,
            Move::End => return None,
        })
    }
}

impl fmt::Display for Move {
    /// A compact one-line form for transcripts and menus, in RON syntax.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match ron::to_string(self) {
            Ok(s) => f.write_str(&s),
            Err(_) => write!(f, "{self:?}"),
        }
    }
}
