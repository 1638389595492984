//! Move kinds: a move without its targets, what the classifier tells apart.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::moves::{
    AfterSale, CloseTechnique, ContactStyle, DebtAction, Move, QuestionKind, Technique,
};

/// A kind of move: the variant and its sub-kind (question kind, technique, ...), without the
/// need, feature, objection, price or terms it is aimed at. Scenario files name them in
/// `phrases: { Ask(Problem): [...] }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Kind {
    Greet(ContactStyle),
    SetAgenda,
    SmallTalk,
    Ask(QuestionKind),
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
}

impl Kind {
    /// Every kind a typed turn can be (the plan is made on the preparation screen, not said).
    pub fn all() -> Vec<Kind> {
        let mut all: Vec<Kind> = ContactStyle::ALL.into_iter().map(Kind::Greet).collect();
        all.extend([Kind::SetAgenda, Kind::SmallTalk]);
        all.extend(QuestionKind::ALL.into_iter().map(Kind::Ask));
        all.extend([Kind::Summarize, Kind::Present]);
        all.extend(Technique::ALL.into_iter().map(Kind::Handle));
        all.extend([Kind::Offer, Kind::AcceptCounter, Kind::WalkAway]);
        all.extend(CloseTechnique::ALL.into_iter().map(Kind::Close));
        all.push(Kind::NextSteps);
        all.extend(AfterSale::ALL.into_iter().map(Kind::FollowUp));
        all.extend(DebtAction::ALL.into_iter().map(Kind::Collect));
        all.push(Kind::End);
        all
    }

    /// The kind of a move; `None` for the plan.
    pub fn of(mv: &Move) -> Option<Kind> {
        Some(match mv {
            Move::Prepare(_) => return None,
            Move::Greet(style) => Kind::Greet(*style),
            Move::SetAgenda => Kind::SetAgenda,
            Move::SmallTalk => Kind::SmallTalk,
            Move::Ask { kind, .. } => Kind::Ask(*kind),
            Move::Summarize => Kind::Summarize,
            Move::Present { .. } => Kind::Present,
            Move::Handle { technique, .. } => Kind::Handle(*technique),
            Move::Offer { .. } => Kind::Offer,
            Move::AcceptCounter => Kind::AcceptCounter,
            Move::WalkAway => Kind::WalkAway,
            Move::Close(t) => Kind::Close(*t),
            Move::NextSteps => Kind::NextSteps,
            Move::FollowUp(a) => Kind::FollowUp(*a),
            Move::Collect(a) => Kind::Collect(*a),
            Move::End => Kind::End,
        })
    }

    /// Whether the kind needs a scenario with debt collection.
    pub fn needs_debt(self) -> bool {
        matches!(self, Kind::Collect(_))
    }
}

impl fmt::Display for Kind {
    /// The kind as a scenario file writes it: `Ask(Problem)`, `SetAgenda`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match ron::to_string(self) {
            Ok(s) => f.write_str(&s),
            Err(_) => write!(f, "{self:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_listed_once_and_reads_back_from_its_name() {
        let all = Kind::all();
        assert_eq!(all.len(), 40);
        for kind in &all {
            let name = kind.to_string();
            let back: Kind = ron::from_str(&name).unwrap();
            assert_eq!(back, *kind, "{name}");
            assert_eq!(all.iter().filter(|k| *k == kind).count(), 1);
        }
        assert_eq!(
            Kind::Ask(QuestionKind::NeedPayoff).to_string(),
            "Ask(NeedPayoff)"
        );
    }
}
