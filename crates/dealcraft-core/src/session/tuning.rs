//! The client model's numbers, named in one place: how much each move moves trust, interest and
//! patience. Trust and interest run 0–1; patience counts meeting turns.

/// A session ends by itself after this many moves, whatever happens.
pub const MAX_TURNS: u32 = 200;
/// Room reserved for a session's moves: most sessions end within this many, so playing one
/// rarely reallocates (a speed figure, not a rule).
pub(super) const TYPICAL_TURNS: usize = 48;
/// An offer may name up to this many times the list price.
pub const MAX_PRICE_FACTOR: u64 = 100;
/// The client commits only once interest has reached this level.
pub const MIN_INTEREST_TO_BUY: f64 = 0.45;

// Start of a session: a small per-seed variation so replays of one scenario differ a little.

/// Patience at the start varies by up to this many turns either way.
pub(crate) const PATIENCE_JITTER: i32 = 1;
/// Patience a scenario can set is clamped to this range.
pub(super) const PATIENCE_RANGE: (u32, u32) = (1, 1000);
/// The reservation price is multiplied by a factor from `LOW` to `LOW + SPAN`.
pub(crate) const RESERVATION_JITTER_LOW: f64 = 0.98;
pub(crate) const RESERVATION_JITTER_SPAN: f64 = 0.04;
/// Starting trust varies by up to half this either way.
pub(crate) const TRUST_JITTER: f64 = 0.04;

// Patience.

/// Patience each meeting turn costs just by taking time.
pub(crate) const TURN_COST: f64 = 0.3;
/// Extra patience an unproductive move costs.
pub(crate) const WASTE_COST: f64 = 1.0;
/// Extra patience an irritating move costs.
pub(crate) const IRRITATION_COST: f64 = 2.0;
/// Extra patience each turn costs while a voiced concern is left unanswered.
pub(crate) const IGNORED_OBJECTION_COST: f64 = 0.5;

// Contact.

/// Trust a greeting in the client's style, an adjacent one and a mismatched one give.
pub(super) const GREET_MATCH_TRUST: f64 = 0.15;
pub(super) const GREET_ADJACENT_TRUST: f64 = 0.05;
pub(super) const GREET_MISMATCH_TRUST: f64 = -0.05;
/// Trust an agenda gives a client who likes structure, and one who does not mind.
pub(super) const AGENDA_LIKED_TRUST: f64 = 0.08;
pub(super) const AGENDA_TRUST: f64 = 0.02;
/// Exchanges of small talk a people-oriented client enjoys.
pub(crate) const SMALL_TALK_WELCOME: u32 = 2;
pub(super) const SMALL_TALK_TRUST: f64 = 0.07;
/// Trust lost to small talk the client did not want, and to small talk beyond the welcome.
pub(super) const SMALL_TALK_UNWANTED_TRUST: f64 = -0.04;
pub(super) const SMALL_TALK_EXCESS_TRUST: f64 = -0.02;

// Needs (SPIN).

/// Fact-finding questions beyond this bore the buyer (Rackham) and cost `BORED_COST` each.
pub(crate) const SITUATION_QUESTIONS_WELCOME: usize = 4;
pub(crate) const BORED_COST: f64 = 0.5;
/// Interest gained, times the need's share of importance, as a need comes out as implied and
/// as explicit, and when the client states its payoff.
pub(super) const IMPLIED_INTEREST: f64 = 0.05;
pub(super) const EXPLICIT_INTEREST: f64 = 0.15;
pub(super) const PAYOFF_INTEREST: f64 = 0.1;
/// Trust a question that brings something out gives.
pub(super) const ANSWERED_TRUST: f64 = 0.02;
/// A summary that names new needs.
pub(super) const SUMMARY_TRUST: f64 = 0.08;
pub(super) const SUMMARY_INTEREST: f64 = 0.02;

// Presentation.

/// How well a presentation lands by what it is tied to.
pub(super) const PRESENT_PAYOFF_WEIGHT: f64 = 1.2;
pub(super) const PRESENT_EXPLICIT_WEIGHT: f64 = 1.0;
pub(super) const PRESENT_IMPLIED_WEIGHT: f64 = 0.5;
pub(super) const PRESENT_UNANCHORED_WEIGHT: f64 = 0.15;
/// A presentation at or above this weight gets a good reaction and a little trust.
pub(super) const PRESENT_GOOD_WEIGHT: f64 = 0.5;
pub(super) const PRESENT_GOOD_TRUST: f64 = 0.02;
/// Interest gained by a presentation: this times weight, share and belief.
pub(super) const PRESENT_INTEREST: f64 = 0.55;
/// A second feature for a need already answered adds this share of an average need.
pub(super) const PRESENT_AGAIN_SHARE: f64 = 0.1;
/// How much a sceptic doubts a claim with evidence and without.
pub(super) const DOUBT_WITH_EVIDENCE: f64 = 0.2;
pub(super) const DOUBT_WITHOUT_EVIDENCE: f64 = 0.6;
/// Interest lost to a feature tied to a need it does not answer.
pub(super) const IRRELEVANT_INTEREST: f64 = -0.02;

// Objections.

/// Strength a resolving and a weakening technique remove; a backfire adds one, up to the cap.
pub(crate) const RESOLVE_STRENGTH: i32 = 2;
pub(crate) const WEAKEN_STRENGTH: i32 = 1;
pub(crate) const MAX_STRENGTH: i32 = 5;
pub(super) const ACKNOWLEDGE_TRUST: f64 = 0.04;
pub(super) const CLARIFY_TRUST: f64 = 0.03;
pub(super) const BACKFIRE_TRUST: f64 = -0.1;
pub(super) const BACKFIRE_INTEREST: f64 = -0.03;
pub(super) const RESOLVED_TRUST: f64 = 0.05;
pub(super) const RESOLVED_INTEREST: f64 = 0.03;

// Memory: what the client holds against the seller.

/// Trust lost to a question the client had already answered.
pub(super) const REPEAT_QUESTION_TRUST: f64 = -0.03;
/// Trust lost to the same offer made again.
pub(super) const REPEAT_OFFER_TRUST: f64 = -0.03;
/// Trust lost when the seller asks more than a price it already quoted.
pub(super) const PRICE_RAISED_TRUST: f64 = -0.12;
/// Share of the value shown after the price was first named that still raises what the client
/// will pay: its budget was fixed when it heard the price.
pub(super) const VALUE_AFTER_PRICE: f64 = 0.5;
/// A concession bigger than this share of the list price in one step shows much more room.
pub const BIG_CONCESSION_SHARE: f64 = 0.06;
/// A concession smaller than this share of the list price (with the same terms) is a token: the
/// client treats it as the same offer again.
pub(super) const TOKEN_CONCESSION_SHARE: f64 = 0.005;
/// Each concession given without anything in return takes this share off what the client
/// still concedes (it pushes harder), up to `MAX_PUSH`.
pub(super) const PUSH_PER_FREE_CONCESSION: f64 = 0.1;
pub(super) const MAX_PUSH: f64 = 0.5;
/// Presenting to a need the client said it does not have.
pub(super) const DENIED_NEED_TRUST: f64 = -0.08;
pub(super) const DENIED_NEED_INTEREST: f64 = -0.03;

// Close.

/// Trust a closing technique that suits the client's style gives.
pub(super) const CLOSE_SUITS_TRUST: f64 = 0.03;
/// Trust a failed close costs; more when trust is below `PRESUMPTUOUS_BELOW`.
pub(super) const FAILED_CLOSE_TRUST: f64 = -0.04;
pub(super) const PRESUMPTUOUS_CLOSE_TRUST: f64 = -0.08;
pub(super) const PRESUMPTUOUS_BELOW: f64 = 0.5;

// After the sale.

pub(super) const FOLLOW_UP_GOOD_TRUST: f64 = 0.05;
pub(super) const FOLLOW_UP_ANNOYED_TRUST: f64 = -0.08;

// Debt collection: the chance the client pays in a week once the debt is due.

pub(super) const CALL_TRUST: f64 = 0.02;
pub(super) const ESCALATE_EARLY_TRUST: f64 = -0.15;
/// Reminders needed before escalating is firm rather than offensive.
pub(crate) const REMINDERS_BEFORE_ESCALATING: u32 = 2;
/// The base chance: reliability plus this times trust, minus `PAY_BASE_OFFSET`.
pub(super) const PAY_TRUST_WEIGHT: f64 = 0.25;
pub(super) const PAY_BASE_OFFSET: f64 = 0.15;
pub(super) const PAY_SCHEDULE_BONUS: f64 = 0.15;
pub(super) const PAY_RECENT_CONTACT_BONUS: f64 = 0.15;
/// Weeks without contact after which the client pays others first.
pub(super) const PAY_SILENT_WEEKS: u32 = 2;
pub(super) const PAY_SILENT_MALUS: f64 = 0.1;
pub(super) const PAY_INSTALLMENTS_BONUS: f64 = 0.2;
pub(super) const PAY_FIRM_BONUS: f64 = 0.25;
pub(super) const PAY_OFFENDED_MALUS: f64 = 0.6;
/// Installments split the debt into this many payments.
pub(crate) const INSTALLMENTS: u64 = 3;

// Mood, from trust, interest and the share of patience left.

pub(super) const HOSTILE_TRUST: f64 = 0.15;
pub(super) const IMPATIENT_PATIENCE: f64 = 0.25;
pub(super) const GUARDED_TRUST: f64 = 0.3;
pub(super) const KEEN_INTEREST: f64 = 0.7;
pub(super) const KEEN_TRUST: f64 = 0.5;
pub(super) const ENGAGED_INTEREST: f64 = 0.4;

#[cfg(test)]
mod tests {
    //! `docs/scenario-format.md` states these numbers for trainers; a change here must show
    //! there.

    use super::*;

    const GUIDE: &str = include_str!("../../../../docs/scenario-format.md");

    /// A change of trust or interest as the guide writes it: `+0.15`, `−0.05`.
    fn delta(x: f64) -> String {
        if x < 0.0 {
            format!("−{}", -x)
        } else {
            format!("+{x}")
        }
    }

    fn says(text: &str) {
        let flat = GUIDE.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(text),
            "docs/scenario-format.md does not say: {text}"
        );
    }

    #[test]
    fn the_guide_states_the_patience_costs() {
        says(&format!("**every meeting turn: {TURN_COST}**"));
        says(&format!("**a wasted move: {WASTE_COST} more**"));
        says(&format!("**an irritating move: {IRRITATION_COST} more**"));
        assert_eq!(IGNORED_OBJECTION_COST, BORED_COST);
        says(&format!(
            "**{IGNORED_OBJECTION_COST} more** on every turn that leaves a voiced objection unanswered, and for each situation question beyond the {SITUATION_QUESTIONS_WELCOME}"
        ));
        says(&format!(
            "small talk beyond the {SMALL_TALK_WELCOME} exchanges"
        ));
        says(&format!("once interest has reached {MIN_INTEREST_TO_BUY}"));
    }

    #[test]
    fn the_guide_states_the_jitter() {
        says(&format!("| `patience` | ±{PATIENCE_JITTER} turn |"));
        says(&format!("| `trust` | ±{} |", TRUST_JITTER / 2.0));
        let high = RESERVATION_JITTER_LOW + RESERVATION_JITTER_SPAN;
        says(&format!("× {RESERVATION_JITTER_LOW} to {high:.2}"));
    }

    #[test]
    fn the_guide_states_how_each_move_moves_trust_and_interest() {
        let rows = [
            (
                "greeting in the client's style",
                delta(GREET_MATCH_TRUST),
                String::new(),
            ),
            (
                "greeting in a near style (one axis shared)",
                delta(GREET_ADJACENT_TRUST),
                String::new(),
            ),
            (
                "greeting in the opposite style",
                delta(GREET_MISMATCH_TRUST),
                String::new(),
            ),
            (
                "agenda, for a `Driver` or `Analytical`",
                delta(AGENDA_LIKED_TRUST),
                String::new(),
            ),
            (
                "agenda, for anyone else",
                delta(AGENDA_TRUST),
                String::new(),
            ),
            (
                "small talk a sociable client enjoys (first 2)",
                delta(SMALL_TALK_TRUST),
                String::new(),
            ),
            (
                "small talk the client does not want",
                delta(SMALL_TALK_UNWANTED_TRUST),
                String::new(),
            ),
            (
                "small talk beyond the first 2",
                delta(SMALL_TALK_EXCESS_TRUST),
                String::new(),
            ),
            (
                "a question that brings something out",
                delta(ANSWERED_TRUST),
                String::new(),
            ),
            (
                "a need admitted (implied)",
                String::new(),
                format!("{} × share", delta(IMPLIED_INTEREST)),
            ),
            (
                "a need said out loud (explicit)",
                String::new(),
                format!("{} × share", delta(EXPLICIT_INTEREST)),
            ),
            (
                "its payoff stated",
                String::new(),
                format!("{} × share", delta(PAYOFF_INTEREST)),
            ),
            (
                "a question already answered",
                delta(REPEAT_QUESTION_TRUST),
                String::new(),
            ),
            (
                "a summary with something new in it",
                delta(SUMMARY_TRUST),
                delta(SUMMARY_INTEREST),
            ),
            (
                "a feature presented to a need",
                format!(
                    "{} when tied to an implied or explicit need",
                    delta(PRESENT_GOOD_TRUST)
                ),
                format!("{} × weight × share × belief", delta(PRESENT_INTEREST)),
            ),
            (
                "a feature pitched to a need it does not answer",
                String::new(),
                delta(IRRELEVANT_INTEREST),
            ),
            (
                "a feature pitched to a need the client said it does not have",
                delta(DENIED_NEED_TRUST),
                delta(DENIED_NEED_INTEREST),
            ),
            (
                "acknowledging an objection, the first time",
                delta(ACKNOWLEDGE_TRUST),
                String::new(),
            ),
            (
                "clarifying an objection, the first time",
                delta(CLARIFY_TRUST),
                String::new(),
            ),
            (
                "an answer that backfires",
                delta(BACKFIRE_TRUST),
                delta(BACKFIRE_INTEREST),
            ),
            (
                "an objection resolved",
                delta(RESOLVED_TRUST),
                delta(RESOLVED_INTEREST),
            ),
            (
                "the same offer again, or a token step",
                delta(REPEAT_OFFER_TRUST),
                String::new(),
            ),
            (
                "asking more than a price already quoted",
                delta(PRICE_RAISED_TRUST),
                String::new(),
            ),
            (
                "a close in the technique that suits the style",
                delta(CLOSE_SUITS_TRUST),
                String::new(),
            ),
            (
                "a close that fails",
                format!(
                    "{}, or {} when trust is below {PRESUMPTUOUS_BELOW}",
                    delta(FAILED_CLOSE_TRUST),
                    delta(PRESUMPTUOUS_CLOSE_TRUST)
                ),
                String::new(),
            ),
            (
                "an after-sale action the client expects",
                delta(FOLLOW_UP_GOOD_TRUST),
                String::new(),
            ),
            (
                "an after-sale action the client dislikes",
                delta(FOLLOW_UP_ANNOYED_TRUST),
                String::new(),
            ),
        ];
        for (what, trust, interest) in rows {
            let row = format!("| {what} | {trust} | {interest} |").replace("|  |", "| |");
            says(&row);
        }
        says(&format!(
            "is {PRESENT_PAYOFF_WEIGHT} for an explicit need whose payoff was stated, {PRESENT_EXPLICIT_WEIGHT:.1} for an explicit need, {PRESENT_IMPLIED_WEIGHT} for an implied one and {PRESENT_UNANCHORED_WEIGHT} with no need named"
        ));
        says(&format!(
            "with doubt {DOUBT_WITH_EVIDENCE} for a feature with `evidence` and {DOUBT_WITHOUT_EVIDENCE} without"
        ));
    }

    #[test]
    fn the_guide_states_the_collection_odds() {
        says(&format!(
            "`reliability + {PAY_TRUST_WEIGHT} × trust − {PAY_BASE_OFFSET}`"
        ));
        says(&format!(
            "pays more readily from then on (+{PAY_SCHEDULE_BONUS})"
        ));
        says(&format!("a little trust (+{CALL_TRUST})"));
        says(&format!(
            "split what is owed into {INSTALLMENTS} payments: each week's chance rises (+{PAY_INSTALLMENTS_BONUS})"
        ));
        says(&format!(
            "after {REMINDERS_BEFORE_ESCALATING} reminders and once overdue it is taken seriously (+{PAY_FIRM_BONUS} that week); before that it offends ({} trust, −{PAY_OFFENDED_MALUS} on every later week's chance)",
            delta(ESCALATE_EARLY_TRUST)
        ));
        says(&format!(
            "after {PAY_SILENT_WEEKS} weeks without contact the client pays others first (−{PAY_SILENT_MALUS})"
        ));
        says(&format!(
            "plus {PAY_RECENT_CONTACT_BONUS} when the client heard from you"
        ));
    }
}
