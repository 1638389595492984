//! The catalogue of scoring rules: key, stage, points, check for each.
//!
//! A finding names its rule with a [`Rule`]; outputs (JSON, the store, the golden transcripts)
//! write the rule's [`key`](Rule::key), such as `needs.discovery`. `docs/scoring.md` carries the
//! table [`rules_table_markdown`] makes, and a test keeps the two the same.
//!
//! Where a rule gives different points in different cases, [`Rule::points`] and [`Rule::checks`]
//! list the cases in the same order, separated by `;`.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::moves::Stage;

/// Declares [`Rule`] from one row per rule, so a rule's key, stage, points and check are written
/// in one place and cannot drift apart.
macro_rules! rules {
    ($($variant:ident = $key:literal, $stage:ident, $points:literal, $checks:literal;)*) => {
        /// A scoring rule: what one finding is about. Variants are in the order of
        /// `docs/scoring.md`: stage by stage, then the company rules of the rubric.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $(#[doc = $checks] $variant,)*
        }

        impl Rule {
            /// Every rule, in the order of `docs/scoring.md`.
            pub const ALL: [Rule; [$($key),*].len()] = [$(Rule::$variant),*];

            /// The stable key outputs use, e.g. `needs.discovery` or `rubric.max_discount`.
            pub fn key(self) -> &'static str {
                match self {
                    $(Rule::$variant => $key,)*
                }
            }

            /// The stage whose score the rule's findings count towards.
            pub fn stage(self) -> Stage {
                match self {
                    $(Rule::$variant => Stage::$stage,)*
                }
            }

            /// The points as `docs/scoring.md` states them: `"up to +55"`, `"+10; −10"`.
            pub fn points(self) -> &'static str {
                match self {
                    $(Rule::$variant => $points,)*
                }
            }

            /// One line: what earns or loses the points.
            pub fn checks(self) -> &'static str {
                match self {
                    $(Rule::$variant => $checks,)*
                }
            }
        }
    };
}

rules! {
    PreparationNotReached = "preparation.not_reached", Preparation, "0",
        "no plan was made before the meeting: the stage scores 0";
    PreparationPlan = "preparation.plan", Preparation, "+10",
        "a plan was made before the meeting (the first move is `Prepare`)";
    PreparationTarget = "preparation.target", Preparation, "+30; +10",
        "target between the floor/list midpoint and the list price; below the midpoint or above list";
    PreparationWalkAway = "preparation.walk_away", Preparation, "+30; 0; −10",
        "walk-away at or above the floor and at or below the target; above the target; below the floor";
    PreparationStyle = "preparation.style", Preparation, "+20 (+30 without terms); a quarter of that",
        "the client's social style read right (+30 when the product has no terms); an adjacent style";
    PreparationTerms = "preparation.terms", Preparation, "+10",
        "at least one must-have term that is worth something to the company";

    ContactNotReached = "contact.not_reached", Contact, "0",
        "the meeting never started: the stage scores 0";
    ContactOpening = "contact.opening", Contact, "+10; −10",
        "the meeting opened with a greeting; it opened with anything else";
    ContactStyle = "contact.style", Contact, "+45; +20; 0",
        "greeting in the client's style; an adjacent style; otherwise";
    ContactAgenda = "contact.agenda", Contact, "+20",
        "an agenda before the first question or presentation";
    ContactRapport = "contact.rapport", Contact, "+25",
        "small talk before business with an Amiable or Expressive client, or none with a Driver or Analytical one";
    ContactTooMuchSmallTalk = "contact.too_much_small_talk", Contact, "−10",
        "each small talk beyond the second";
    ContactSkipped = "contact.skipped", Contact, "0",
        "the meeting went on with no greeting, agenda or small talk at all";

    NeedsNotReached = "needs.not_reached", Needs, "0",
        "no question was asked: the stage scores 0";
    NeedsDiscovery = "needs.discovery", Needs, "up to +55",
        "importance-weighted share of needs uncovered (explicit counts fully, implied half, hinted 15 %)";
    NeedsProblemQuestion = "needs.problem_question", Needs, "+5",
        "a problem question uncovered a pain";
    NeedsImplicationQuestion = "needs.implication_question", Needs, "+10",
        "an implication question made a need explicit";
    NeedsNeedPayoffQuestion = "needs.need_payoff_question", Needs, "+5",
        "the client stated a need's value";
    NeedsSummary = "needs.summary", Needs, "+15",
        "a summary of new needs (active listening)";
    NeedsListenFirst = "needs.listen_first", Needs, "+10; −10",
        "the first question came before the first presentation; otherwise";
    NeedsQuestionQuality = "needs.question_quality", Needs, "−5; −3 (at most −20 in all)",
        "a question about a topic repeated with nothing new; an implication or payoff question before the problem was admitted";
    NeedsMissed = "needs.missed", Needs, "0",
        "a note for each need of importance 3 or more that never became explicit";

    PresentationNotReached = "presentation.not_reached", Presentation, "0",
        "the product was never presented: the stage scores 0";
    PresentationCoverage = "presentation.coverage", Presentation, "up to +60",
        "importance-weighted share of needs answered by a presentation tied to them (explicit fully, implied half)";
    PresentationAnchoring = "presentation.anchoring", Presentation, "up to +25",
        "share of presentations tied to an explicit need";
    PresentationPayoff = "presentation.payoff", Presentation, "+15",
        "a presentation to a need whose value the client stated";
    PresentationPremature = "presentation.premature", Presentation, "−10",
        "the first presentation came before any need was explicit";
    PresentationIrrelevant = "presentation.irrelevant", Presentation, "−8",
        "a feature tied to a need it does not answer";
    PresentationFeatureDump = "presentation.feature_dump", Presentation, "−4 (at most −20)",
        "a feature presented without a need";
    PresentationRepeat = "presentation.repeat", Presentation, "−3",
        "the same presentation again";

    ObjectionsNotReached = "objections.not_reached", Objections, "0",
        "the client raised no objection: the stage scores 0";
    ObjectionsResolved = "objections.resolved", Objections, "+70/N",
        "an objection resolved, of the N the client raised";
    ObjectionsWeakened = "objections.weakened", Objections, "+25/N",
        "an objection weakened only";
    ObjectionsUnresolved = "objections.unresolved", Objections, "0",
        "an objection neither resolved nor weakened";
    ObjectionsAcknowledgeFirst = "objections.acknowledge_first", Objections, "+20/N",
        "the first answer to an objection was to acknowledge or clarify";
    ObjectionsClarify = "objections.clarify", Objections, "+10/N",
        "the trainee asked what lay behind an objection";
    ObjectionsBackfire = "objections.backfire", Objections, "−10",
        "a technique that made an objection worse";
    ObjectionsConceded = "objections.conceded", Objections, "−10",
        "giving in instead of answering";
    ObjectionsNoEffect = "objections.no_effect", Objections, "−3 (at most five counted)",
        "an answer that did nothing";

    NegotiationNotReached = "negotiation.not_reached", Negotiation, "0",
        "no offer, accepted counter or walk-away (a price named only when asking for the order is not negotiating): the stage scores 0";
    NegotiationPrice = "negotiation.price", Negotiation, "up to +50",
        "the deal's value to the seller (price plus the `seller_value` of its terms) placed between the floor and the best reachable price (the list price, or the client's top reservation if lower)";
    NegotiationBelowFloor = "negotiation.below_floor", Negotiation, "−20",
        "the deal is below the floor (also a critical error)";
    NegotiationWalkAwayKept = "negotiation.walk_away_kept", Negotiation, "+10; +5; 0",
        "the price respects the planned walk-away; there was no plan; the price is below it";
    NegotiationAnchor = "negotiation.anchor", Negotiation, "+10; 0",
        "the first offer at 95 % of list or more (or at the planned target); a lower first offer, or none at all";
    NegotiationSmallSteps = "negotiation.small_steps", Negotiation, "+10; 0",
        "concessions that narrow (taking a counter counts as one): none above 6 % of the list price and none bigger than the step before; a step that grew";
    NegotiationBigConcession = "negotiation.big_concession", Negotiation, "−10",
        "each concession above 6 % of the list price";
    NegotiationTrade = "negotiation.trade", Negotiation, "+10",
        "no concession given away: each one bought a term or answered a move of the client's (or none at all)";
    NegotiationFreeConcession = "negotiation.free_concession", Negotiation, "−5",
        "each price concession with nothing in return (no term, and the client had not moved), an opening below list included";
    NegotiationMutualValue = "negotiation.mutual_value", Negotiation, "+10",
        "the deal carries terms the company values, traded for price (or the product has no terms to trade)";
    NegotiationRepeatedOffer = "negotiation.repeated_offer", Negotiation, "−5",
        "each offer the same as the price named before (or a token step from it), and each close at a price just refused: the client holds and loses patience";
    NegotiationFirstCounter = "negotiation.first_counter", Negotiation, "−10",
        "accepting the client's first counter-offer";
    NegotiationWalkAway = "negotiation.walk_away", Negotiation, "+70; 0",
        "without a zone of agreement: walking away; walking away from a price one had agreed";
    NegotiationTested = "negotiation.tested", Negotiation, "+30; +15; 0",
        "without a zone of agreement: a firm offer at or above the floor before walking away; walking away without one; a first offer below the floor";
    NegotiationLoss = "negotiation.loss", Negotiation, "−30; +20",
        "without a zone of agreement: a deal whose value is below the floor; a deal whose terms lift it to the floor";
    NegotiationNoLoss = "negotiation.no_loss", Negotiation, "+20; 0",
        "without a zone of agreement: neither a deal nor walking away, no offer below the floor; an offer below it";

    CloseNotReached = "close.not_reached", Close, "0",
        "the commitment was never asked for: the stage scores 0";
    CloseDeal = "close.deal", Close, "+50",
        "the commitment was asked for and given";
    CloseTechnique = "close.technique", Close, "+15; +5",
        "a closing technique that suits the style (Driver: Direct or Alternative, Expressive: Alternative or Assumptive, Amiable and Analytical: Summary); another";
    CloseNextSteps = "close.next_steps", Close, "+25",
        "next steps explained after the deal";
    CloseTrial = "close.trial", Close, "+10",
        "a trial close before the deal";
    ClosePremature = "close.premature", Close, "−10; −5",
        "asking before the client saw enough value, with an objection open, or with no patience left; at a price the client refused, or when an old doubt came back";

    FollowUpNotReached = "follow_up.not_reached", FollowUp, "0",
        "no deal, or no follow-up action after it: the stage scores 0";
    FollowUpExpected = "follow_up.expected", FollowUp, "+80/N",
        "each of the N actions the scenario `expects`, when it was done";
    FollowUpDone = "follow_up.done", FollowUp, "+80",
        "a welcome action, when the scenario expects none in particular";
    FollowUpTact = "follow_up.tact", FollowUp, "+20",
        "the first action put the client first (not `Upsell`) and nothing annoyed";
    FollowUpAnnoyed = "follow_up.annoyed", FollowUp, "−20",
        "each action the client `dislikes`";

    DebtNotReached = "debt.not_reached", Debt, "0",
        "no credit sale, or no collection action after it: the stage scores 0";
    DebtRecovered = "debt.recovered", Debt, "up to +60",
        "the share of the debt collected";
    DebtSchedule = "debt.schedule", Debt, "+15",
        "a payment schedule agreed by the due week";
    DebtReminder = "debt.reminder", Debt, "+10",
        "a reminder or call by the due week";
    DebtContact = "debt.contact", Debt, "+15",
        "some contact, and no silent week while overdue";
    DebtEscalatedEarly = "debt.escalated_early", Debt, "−20",
        "each escalation before two reminders";

    CriticalBelowFloor = "critical.below_floor", Negotiation, "cap 40",
        "a deal at a price below the company's floor, with no terms that make up the difference: a deal at a loss";
    CriticalLoss = "critical.loss", Negotiation, "cap 40",
        "a deal whose terms cost the company so much that its value falls below the floor";
    CriticalBaitAndSwitch = "critical.bait_and_switch", Negotiation, "cap 40",
        "asking a higher price, for no better a deal, after quoting a lower one";
    CriticalUnwantedNeed = "critical.unwanted_need", Presentation, "cap 40",
        "a feature pitched to a need the client had said it does not have";

    HabitPriceBeforeValue = "habit.price_before_value", Negotiation, "−10",
        "a price named before any feature was presented to a need the client had said out loud";
    HabitFeatureDump = "habit.feature_dump", Presentation, "−10",
        "three or more features presented with no need behind them";
    HabitQuestionSpam = "habit.question_spam", Needs, "−10",
        "three or more questions the client had already answered";
    HabitConcededObjection = "habit.conceded_objection", Objections, "−10",
        "giving in on an objection instead of answering it";
    HabitClosedOverObjection = "habit.closed_over_objection", Close, "−10",
        "asking for the commitment while an objection the client had raised was still open";
    HabitFirstCounter = "habit.first_counter", Negotiation, "−10",
        "accepting the client's first counter-offer";
    HabitFreeConcessions = "habit.free_concessions", Negotiation, "−10",
        "two or more price concessions with nothing in return";
    HabitRepeatedOffer = "habit.repeated_offer", Negotiation, "−10",
        "the same price named three or more times in a row (offers, token steps, asking for the order again at a refused price)";
    HabitNoNextSteps = "habit.no_next_steps", Close, "−10",
        "a deal without explaining what happens next";

    CompanyMaxDiscount = "rubric.max_discount", Negotiation, "−penalty",
        "company rule `MaxDiscount`: the deal's value (price plus its terms' `seller_value`) is more than `percent` below the list price (any company rule marked `critical` also caps the overall score)";
    CompanyRequireAgenda = "rubric.require_agenda", Contact, "−penalty",
        "company rule `RequireAgenda`: no agenda before the first question or presentation";
    CompanyNeedsBeforePresenting = "rubric.needs_before_presenting", Presentation, "−penalty",
        "company rule `NeedsBeforePresenting`: a presentation before any need was explicit";
    CompanyMinExplicitNeeds = "rubric.min_explicit_needs", Needs, "−penalty",
        "company rule `MinExplicitNeeds`: fewer than `count` explicit needs at the end";
    CompanyRequireNextSteps = "rubric.require_next_steps", Close, "−penalty",
        "company rule `RequireNextSteps`: a deal without next steps";
    CompanyRequireSummary = "rubric.require_summary", Needs, "−penalty",
        "company rule `RequireSummary`: no summary that named a newly admitted need";
}

/// Where a rule's points go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Points of its stage.
    Stage,
    /// Caps the overall score at [`CRITICAL_CAP`](super::CRITICAL_CAP).
    Critical,
    /// Takes [`HABIT_COST`](super::HABIT_COST) points from the overall score.
    Habit,
    /// A rubric's company rule: its penalty comes off its stage.
    Company,
}

impl Rule {
    /// Where the rule's points go.
    pub fn kind(self) -> RuleKind {
        let key = self.key();
        if key.starts_with("critical.") {
            RuleKind::Critical
        } else if key.starts_with("habit.") {
            RuleKind::Habit
        } else if key.starts_with("rubric.") {
            RuleKind::Company
        } else {
            RuleKind::Stage
        }
    }

    /// Every rule of a kind.
    pub fn of_kind(kind: RuleKind) -> impl Iterator<Item = Rule> {
        Rule::ALL.into_iter().filter(move |r| r.kind() == kind)
    }

    /// The rule with this key, if there is one.
    pub fn from_key(key: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The finding a stage gets when the session never reached it.
    pub fn not_reached(stage: Stage) -> Rule {
        match stage {
            Stage::Preparation => Rule::PreparationNotReached,
            Stage::Contact => Rule::ContactNotReached,
            Stage::Needs => Rule::NeedsNotReached,
            Stage::Presentation => Rule::PresentationNotReached,
            Stage::Objections => Rule::ObjectionsNotReached,
            Stage::Negotiation => Rule::NegotiationNotReached,
            Stage::Close => Rule::CloseNotReached,
            Stage::FollowUp => Rule::FollowUpNotReached,
            Stage::Debt => Rule::DebtNotReached,
        }
    }
}

// Outputs have always written rules as their keys; JSON and the store stay as they were.
impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The table of every rule for `docs/scoring.md`: `| rule | stage | points | what it checks |`.
pub fn rules_table_markdown() -> String {
    let mut out =
        String::from("| rule | stage | points | what it checks |\n| --- | --- | --- | --- |\n");
    for rule in Rule::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            rule.key(),
            rule.stage(),
            rule.points(),
            rule.checks()
        ));
    }
    out
}
