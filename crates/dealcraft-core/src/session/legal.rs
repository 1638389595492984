//! What may be played now: the legal moves and the checks that refuse the rest.

use crate::moves::{
    AfterSale, CloseTechnique, ContactStyle, DebtAction, Move, Plan, QuestionKind, Technique,
};
use crate::scenario::Knowledge;

use super::Session;
use super::tuning::MAX_PRICE_FACTOR;

use super::events::MoveError;
use super::state::{ObjectionStatus, Phase};
use std::ops::RangeInclusive;

impl Session {
    /// The prices an offer may name: any from 1 up to [`MAX_PRICE_FACTOR`] times the list
    /// price. A price far below the floor is legal; the client's reaction and the debrief teach.
    pub fn price_limits(&self) -> RangeInclusive<u64> {
        1..=self
            .scenario
            .product
            .list_price
            .max(1)
            .saturating_mul(MAX_PRICE_FACTOR)
    }

    /// Every move that is legal now. `Prepare` and `Offer` appear once each as templates with
    /// suggested values; callers choose their own numbers.
    pub fn legal_moves(&self) -> Vec<Move> {
        let mut out = Vec::new();
        match self.phase {
            Phase::Over => return out,
            Phase::AfterSale => {
                out.push(Move::NextSteps);
                out.extend(AfterSale::ALL.into_iter().map(Move::FollowUp));
                if self.client.debt.as_ref().is_some_and(|d| !d.closed) {
                    out.extend(DebtAction::ALL.into_iter().map(Move::Collect));
                }
                out.push(Move::End);
                return out;
            }
            Phase::Preparing => {
                let p = &self.scenario.product;
                out.push(Move::Prepare(Plan {
                    target_price: p.list_price,
                    walk_away_price: p.floor_price,
                    style: crate::scenario::SocialStyle::Driver,
                    must_have: Vec::new(),
                }));
            }
            Phase::Meeting => {}
        }
        out.extend(ContactStyle::ALL.into_iter().map(Move::Greet));
        out.push(Move::SetAgenda);
        out.push(Move::SmallTalk);
        for kind in QuestionKind::ALL {
            out.push(Move::Ask { kind, need: None });
        }
        let known: Vec<&str> = self
            .known_needs()
            .into_iter()
            .map(|(id, _, _)| id)
            .collect();
        for id in &known {
            for kind in QuestionKind::ALL {
                out.push(Move::Ask {
                    kind,
                    need: Some((*id).to_owned()),
                });
            }
        }
        out.push(Move::Summarize);
        for f in &self.scenario.product.features {
            out.push(Move::Present {
                feature: f.id.clone(),
                need: None,
            });
            for id in &known {
                out.push(Move::Present {
                    feature: f.id.clone(),
                    need: Some((*id).to_owned()),
                });
            }
        }
        for (id, _) in self.open_objections() {
            for technique in Technique::ALL {
                out.push(Move::Handle {
                    objection: id.to_owned(),
                    technique,
                });
            }
        }
        let neg = &self.client.negotiation;
        if neg.agreed.is_none() {
            let price = neg
                .seller_offers
                .last()
                .map_or(self.scenario.product.list_price, |(p, _)| *p);
            out.push(Move::Offer {
                price,
                terms: Default::default(),
            });
            if !neg.client_offers.is_empty() {
                out.push(Move::AcceptCounter);
            }
        }
        out.push(Move::WalkAway);
        out.extend(CloseTechnique::ALL.into_iter().map(Move::Close));
        out.push(Move::NextSteps);
        out.push(Move::End);
        out
    }

    /// Why the session would refuse `mv` now, if it would: the one place that decides what is
    /// legal, for the engine and for any palette that greys out moves.
    pub fn check_move(&self, mv: &Move) -> Result<(), MoveError> {
        let s = &self.scenario;
        match self.phase {
            Phase::Over => return Err(MoveError::Over),
            Phase::AfterSale => {
                let ok = matches!(
                    mv,
                    Move::NextSteps | Move::FollowUp(_) | Move::Collect(_) | Move::End
                );
                if !ok {
                    return Err(MoveError::MeetingOver(s.debt.is_some()));
                }
            }
            Phase::Preparing | Phase::Meeting => {
                if matches!(mv, Move::FollowUp(_) | Move::Collect(_)) {
                    return Err(MoveError::NoDealYet);
                }
            }
        }
        match mv {
            Move::Prepare(plan) => {
                if self.phase != Phase::Preparing {
                    return Err(MoveError::PrepareNotFirst);
                }
                for id in &plan.must_have {
                    s.term(id)
                        .ok_or_else(|| MoveError::UnknownTerm(id.clone()))?;
                }
            }
            Move::Ask { need: Some(id), .. } => {
                self.known_need(id)?;
            }
            Move::Present { feature, need } => {
                s.feature(feature)
                    .ok_or_else(|| MoveError::UnknownFeature(feature.clone()))?;
                if let Some(id) = need {
                    self.known_need(id)?;
                }
            }
            Move::Handle { objection, .. } => {
                let (i, _) = s
                    .objection(objection)
                    .ok_or_else(|| MoveError::UnknownObjection(objection.clone()))?;
                if self.client.objections[i].status != ObjectionStatus::Raised {
                    return Err(MoveError::ObjectionNotRaised(objection.clone()));
                }
            }
            Move::Offer { price, terms } => {
                if *price == 0 {
                    return Err(MoveError::ZeroPrice);
                }
                if !self.price_limits().contains(price) {
                    return Err(MoveError::PriceOutOfRange(*price));
                }
                if self.client.negotiation.agreed.is_some() {
                    return Err(MoveError::AlreadyAgreed);
                }
                for (id, &option) in terms {
                    let (_, term) = s
                        .term(id)
                        .ok_or_else(|| MoveError::UnknownTerm(id.clone()))?;
                    if option >= term.options.len() {
                        return Err(MoveError::UnknownTermOption {
                            term: id.clone(),
                            option,
                        });
                    }
                }
            }
            Move::AcceptCounter => {
                if self.client.negotiation.agreed.is_some() {
                    return Err(MoveError::AlreadyAgreed);
                }
                if self.client.negotiation.client_offers.is_empty() {
                    return Err(MoveError::NoCounter);
                }
            }
            Move::Collect(_) => match &self.client.debt {
                None => return Err(MoveError::NoCredit),
                Some(d) if d.closed => return Err(MoveError::DebtClosed),
                Some(_) => {}
            },
            _ => {}
        }
        Ok(())
    }

    pub(super) fn known_need(&self, id: &str) -> Result<usize, MoveError> {
        let (i, _) = self
            .scenario
            .need(id)
            .ok_or_else(|| MoveError::UnknownNeed(id.to_owned()))?;
        if self.client.needs[i].level == Knowledge::Hidden {
            return Err(MoveError::NeedNotKnown(id.to_owned()));
        }
        Ok(i)
    }
}
