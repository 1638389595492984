//! What may be played now: the legal moves and the checks that refuse the rest.

use std::ops::RangeInclusive;

use crate::moves::{
    AfterSale, CloseTechnique, ContactStyle, DebtAction, Id, Move, Plan, QuestionKind, Technique,
    Terms,
};
use crate::scenario::{Knowledge, SocialStyle};

use super::Session;
use super::events::MoveError;
use super::state::{ObjectionStatus, Phase};
use super::tuning::MAX_PRICE_FACTOR;

/// A legal move before it is built: scenario items by index, so listing them costs nothing.
enum Candidate {
    /// A move with no scenario ids in it.
    Move(Move),
    Prepare,
    Ask(QuestionKind, usize),
    Present(usize, Option<usize>),
    Handle(usize, Technique),
    Offer,
}

impl Candidate {
    /// `End` and `WalkAway`, which a random player rarely chooses.
    fn ends(&self) -> bool {
        matches!(self, Candidate::Move(Move::End | Move::WalkAway))
    }
}

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
        self.each_legal(&mut |c: &Candidate| out.push(self.build(c)));
        out
    }

    /// How many moves [`legal_moves`](Self::legal_moves) lists, without building them; with
    /// `endings: false`, leaving out `End` and `WalkAway`.
    pub fn legal_move_count(&self, endings: bool) -> usize {
        let mut n = 0;
        self.each_legal(&mut |c: &Candidate| n += usize::from(endings || !c.ends()));
        n
    }

    /// The `i`th of those moves (counted as [`legal_move_count`](Self::legal_move_count)
    /// counts), built alone: a random pick without building the whole list.
    pub fn legal_move(&self, i: usize, endings: bool) -> Option<Move> {
        let (mut n, mut found) = (0, None);
        self.each_legal(&mut |c: &Candidate| {
            if endings || !c.ends() {
                if n == i && found.is_none() {
                    found = Some(self.build(c));
                }
                n += 1;
            }
        });
        found
    }

    /// Visits every legal move, in the order `legal_moves` lists them: the one place that
    /// enumerates them. Generic and by reference, so a visitor is inlined and no candidate is
    /// dropped through a call: random players count the list twice a turn.
    fn each_legal(&self, visit: &mut impl FnMut(&Candidate)) {
        match self.phase {
            Phase::Over => return,
            Phase::AfterSale => return self.each_after_sale(visit),
            Phase::Preparing => visit(&Candidate::Prepare),
            Phase::Meeting => {}
        }
        ContactStyle::ALL
            .into_iter()
            .for_each(|s| visit(&Candidate::Move(Move::Greet(s))));
        visit(&Candidate::Move(Move::SetAgenda));
        visit(&Candidate::Move(Move::SmallTalk));
        self.each_discovery(visit);
        for (o, s) in self.client.objections.iter().enumerate() {
            if s.status == ObjectionStatus::Raised {
                Technique::ALL
                    .into_iter()
                    .for_each(|t| visit(&Candidate::Handle(o, t)));
            }
        }
        let neg = &self.client.negotiation;
        if neg.agreed.is_none() {
            visit(&Candidate::Offer);
            if !neg.client_offers.is_empty() {
                visit(&Candidate::Move(Move::AcceptCounter));
            }
        }
        visit(&Candidate::Move(Move::WalkAway));
        CloseTechnique::ALL
            .into_iter()
            .for_each(|t| visit(&Candidate::Move(Move::Close(t))));
        visit(&Candidate::Move(Move::NextSteps));
        visit(&Candidate::Move(Move::End));
    }

    fn each_after_sale(&self, visit: &mut impl FnMut(&Candidate)) {
        visit(&Candidate::Move(Move::NextSteps));
        AfterSale::ALL
            .into_iter()
            .for_each(|a| visit(&Candidate::Move(Move::FollowUp(a))));
        if self.client.debt.as_ref().is_some_and(|d| !d.closed) {
            DebtAction::ALL
                .into_iter()
                .for_each(|d| visit(&Candidate::Move(Move::Collect(d))));
        }
        visit(&Candidate::Move(Move::End));
    }

    /// Questions (open, and about every topic the client has mentioned), the summary, and every
    /// feature presented on its own or to a known topic.
    fn each_discovery(&self, visit: &mut impl FnMut(&Candidate)) {
        for kind in QuestionKind::ALL {
            visit(&Candidate::Move(Move::Ask { kind, need: None }));
        }
        let known = || {
            (0..self.client.needs.len()).filter(|&i| self.client.needs[i].level > Knowledge::Hidden)
        };
        for need in known() {
            for kind in QuestionKind::ALL {
                visit(&Candidate::Ask(kind, need));
            }
        }
        visit(&Candidate::Move(Move::Summarize));
        for f in 0..self.scenario.product.features.len() {
            visit(&Candidate::Present(f, None));
            for need in known() {
                visit(&Candidate::Present(f, Some(need)));
            }
        }
    }

    /// The move a candidate stands for, with its ids and suggested numbers filled in.
    fn build(&self, c: &Candidate) -> Move {
        let sc = &self.scenario;
        match *c {
            Candidate::Move(ref mv) => mv.clone(),
            Candidate::Prepare => Move::Prepare(Plan {
                target_price: sc.product.list_price,
                walk_away_price: sc.product.floor_price,
                style: SocialStyle::Driver,
                must_have: Vec::new(),
            }),
            Candidate::Ask(kind, need) => Move::Ask {
                kind,
                need: Some(Id::new(&sc.needs[need].id)),
            },
            Candidate::Present(f, need) => Move::Present {
                feature: Id::new(&sc.product.features[f].id),
                need: need.map(|i| Id::new(&sc.needs[i].id)),
            },
            Candidate::Handle(o, technique) => Move::Handle {
                objection: Id::new(&sc.objections[o].id),
                technique,
            },
            Candidate::Offer => Move::Offer {
                price: self
                    .client
                    .negotiation
                    .seller_offers
                    .last()
                    .map_or(sc.product.list_price, |(p, _)| *p),
                terms: Default::default(),
            },
        }
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
                        .ok_or_else(|| MoveError::UnknownTerm(id.to_string()))?;
                }
            }
            Move::Ask { need: Some(id), .. } => {
                self.known_need(id)?;
            }
            Move::Present { feature, need } => {
                s.feature(feature)
                    .ok_or_else(|| MoveError::UnknownFeature(feature.to_string()))?;
                if let Some(id) = need {
                    self.known_need(id)?;
                }
            }
            Move::Handle { objection, .. } => {
                let (i, _) = s
                    .objection(objection)
                    .ok_or_else(|| MoveError::UnknownObjection(objection.to_string()))?;
                if self.client.objections[i].status != ObjectionStatus::Raised {
                    return Err(MoveError::ObjectionNotRaised(objection.to_string()));
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

    fn check_offer(&self, price: u64, terms: &Terms) -> Result<(), MoveError> {
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
                .ok_or_else(|| MoveError::UnknownTerm(id.to_string()))?;
            if option >= term.options.len() {
                return Err(MoveError::UnknownTermOption {
                    term: id.to_string(),
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
