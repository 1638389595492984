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
pub(super) const PATIENCE_JITTER: i32 = 1;
/// Patience a scenario can set is clamped to this range.
pub(super) const PATIENCE_RANGE: (u32, u32) = (1, 1000);
/// The reservation price is multiplied by a factor from `LOW` to `LOW + SPAN`.
pub(super) const RESERVATION_JITTER_LOW: f64 = 0.98;
pub(super) const RESERVATION_JITTER_SPAN: f64 = 0.04;
/// Starting trust varies by up to half this either way.
pub(super) const TRUST_JITTER: f64 = 0.04;

// Patience.

/// Patience each meeting turn costs just by taking time.
pub(super) const TURN_COST: f64 = 0.3;
/// Extra patience an unproductive move costs.
pub(super) const WASTE_COST: f64 = 1.0;
/// Extra patience an irritating move costs.
pub(super) const IRRITATION_COST: f64 = 2.0;
/// Extra patience each turn costs while a voiced concern is left unanswered.
pub(super) const IGNORED_OBJECTION_COST: f64 = 0.5;

// Contact.

/// Trust a greeting in the client's style, an adjacent one and a mismatched one give.
pub(super) const GREET_MATCH_TRUST: f64 = 0.15;
pub(super) const GREET_ADJACENT_TRUST: f64 = 0.05;
pub(super) const GREET_MISMATCH_TRUST: f64 = -0.05;
/// Trust an agenda gives a client who likes structure, and one who does not mind.
pub(super) const AGENDA_LIKED_TRUST: f64 = 0.08;
pub(super) const AGENDA_TRUST: f64 = 0.02;
/// Exchanges of small talk a people-oriented client enjoys.
pub(super) const SMALL_TALK_WELCOME: u32 = 2;
pub(super) const SMALL_TALK_TRUST: f64 = 0.07;
/// Trust lost to small talk the client did not want, and to small talk beyond the welcome.
pub(super) const SMALL_TALK_UNWANTED_TRUST: f64 = -0.04;
pub(super) const SMALL_TALK_EXCESS_TRUST: f64 = -0.02;

// Needs (SPIN).

/// Fact-finding questions beyond this bore the buyer (Rackham) and cost `BORED_COST` each.
pub(super) const SITUATION_QUESTIONS_WELCOME: usize = 4;
pub(super) const BORED_COST: f64 = 0.5;
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
pub(super) const RESOLVE_STRENGTH: i32 = 2;
pub(super) const WEAKEN_STRENGTH: i32 = 1;
pub(super) const MAX_STRENGTH: i32 = 5;
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
pub(super) const REMINDERS_BEFORE_ESCALATING: u32 = 2;
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
pub(super) const INSTALLMENTS: u64 = 3;

// Mood, from trust, interest and the share of patience left.

pub(super) const HOSTILE_TRUST: f64 = 0.15;
pub(super) const IMPATIENT_PATIENCE: f64 = 0.25;
pub(super) const GUARDED_TRUST: f64 = 0.3;
pub(super) const KEEN_INTEREST: f64 = 0.7;
pub(super) const KEEN_TRUST: f64 = 0.5;
pub(super) const ENGAGED_INTEREST: f64 = 0.4;
