//! Applies what background work finished: server answers, recorded attempts, written files.

use super::background::Done;
use super::state::{Stored, Submission};
use super::world::Model;

pub(super) fn receive_background(mut model: Model) {
    for answer in model.background.answers() {
        model.answer(answer);
    }
}

impl Model<'_> {
    fn answer(&mut self, answer: Done) {
        match answer {
            Done::Joined {
                address,
                code,
                player,
                result,
            } => self.joined((address, code, player), result),
            // A late answer for an earlier session is not this session's.
            Done::Submitted { session, result } if session == self.play.number => {
                self.play.submission = match result {
                    Ok(accepted) => Submission::Accepted(accepted),
                    Err(e) => Submission::Failed(e),
                };
            }
            Done::Submitted { .. } => {}
            Done::Recorded { session, result } => {
                // Written either way: screens showing the database reload.
                self.stored.write(Stored);
                match result {
                    Ok((id, rank)) if session == self.play.number => {
                        self.play.recorded = Some(id);
                        self.play.rank = rank;
                    }
                    Ok(_) => {}
                    Err(e) => self.say(Some(format!("the attempt was not saved: {e}"))),
                }
            }
            Done::Saved(result) => {
                let text = result.map_or_else(|e| e, |p| format!("saved {}", p.display()));
                self.say(Some(text));
            }
            Done::WorkshopCreated(result) => self.workshop_created(result),
            Done::WorkshopReady { player, result } => self.workshop_ready(player, result),
            Done::Reopened { id, result } => self.reopened(id, result),
        }
    }
}
