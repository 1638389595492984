//! What may be played now: the legal moves and the checks that refuse the rest.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use crate::moves::{
    AfterSale, CloseTechnique, ContactStyle, DebtAction, Move, Plan, QuestionKind, Technique,
};
use crate::scenario::{Knowledge, SocialStyle};

use super::Session;
use super::events::MoveError;
use super::state::{ObjectionStatus, Phase};
use super::tuning::MAX_PRICE_FACTOR;

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
            Phase::AfterSale => return self.after_sale_moves(),
            Phase::Preparing => {
                let p = &self.scenario.product;
                out.push(Move::Prepare(Plan {
                    target_price: p.list_price,
                    walk_away_price: p.floor_price,
                    style: SocialStyle::Driver,
                    must_have: Vec::new(),
                }));
            }
            Phase::Meeting => {}
        }
        out.extend(ContactStyle::ALL.into_iter().map(Move::Greet));
        out.push(Move::SetAgenda);
        out.push(Move::SmallTalk);
        self.discovery_moves(&mut out);
        for (id, _) in self.open_objections() {
            for technique in Technique::ALL {
                out.push(Move::Handle {
                    objection: id.to_owned(),
                    technique,
                });
            }
        }
        self.negotiation_moves(&mut out);
        out.extend(CloseTechnique::ALL.into_iter().map(Move::Close));
        out.push(Move::NextSteps);
        out.push(Move::End);
        out
    }

    fn after_sale_moves(&self) -> Vec<Move> {
        let mut out = vec![Move::NextSteps];
        out.extend(AfterSale::ALL.into_iter().map(Move::FollowUp));
        if self.client.debt.as_ref().is_some_and(|d| !d.closed) {
            out.extend(DebtAction::ALL.into_iter().map(Move::Collect));
        }
        out.push(Move::End);
        out
    }

    /// Questions (open, and about every topic the client has mentioned), the summary, and every
    /// feature presented on its own or to a known topic.
    fn discovery_moves(&self, out: &mut Vec<Move>) {
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
            let needs = std::iter::once(None).chain(known.iter().map(|id| Some((*id).to_owned())));
            for need in needs {
                out.push(Move::Present {
                    feature: f.id.clone(),
                    need,
                });
            }
        }
    }

    fn negotiation_moves(&self, out: &mut Vec<Move>) {
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
    }

    /// Why the session would refuse `mv` now, if it would: the one place that decides what is
    /// legal, for the engine and for any palette that greys out moves.
    pub fn check_move(&self, mv: &Move) -> Result<(), MoveError> {
        self.check_phase(mv)?;
        let s = &self.scenario;
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
            Move::Offer { price, terms } => self.check_offer(*price, terms)?,
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

    /// Moves that belong to another phase: after-sale moves before the deal, meeting moves
    /// after it, anything once the session is over.
    fn check_phase(&self, mv: &Move) -> Result<(), MoveError> {
        let after_sale = matches!(
            mv,
            Move::NextSteps | Move::FollowUp(_) | Move::Collect(_) | Move::End
        );
        match self.phase {
            Phase::Over => Err(MoveError::Over),
            Phase::AfterSale if !after_sale => {
                Err(MoveError::MeetingOver(self.scenario.debt.is_some()))
            }
            Phase::Preparing | Phase::Meeting
                if matches!(mv, Move::FollowUp(_) | Move::Collect(_)) =>
            {
                Err(MoveError::NoDealYet)
            }
            _ => Ok(()),
        }
    }

    fn check_offer(&self, price: u64, terms: &BTreeMap<String, usize>) -> Result<(), MoveError> {
        if price == 0 {
            return Err(MoveError::ZeroPrice);
        }
        if !self.price_limits().contains(&price) {
            return Err(MoveError::PriceOutOfRange(price));
        }
        if self.client.negotiation.agreed.is_some() {
            return Err(MoveError::AlreadyAgreed);
        }
        for (id, &option) in terms {
            let (_, term) = self
                .scenario
                .term(id)
                .ok_or_else(|| MoveError::UnknownTerm(id.clone()))?;
            if option >= term.options.len() {
                return Err(MoveError::UnknownTermOption {
                    term: id.clone(),
                    option,
                });
            }
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
