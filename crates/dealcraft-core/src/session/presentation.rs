//! Presentation: a feature shown against a need, and how much interest it earns.

use std::sync::Arc;

use crate::phrases::{self, Phrase};
use crate::scenario::{Feature, Knowledge};

use super::events::{Effect, PresentFit, Speaker};
use super::tuning::*;
use super::{Session, Turn};

impl Session {
    pub(super) fn present(&mut self, f: usize, need: Option<usize>, ctx: &mut Turn) -> Effect {
        let sc = Arc::clone(&self.scenario);
        let feature = &sc.product.features[f];
        let topic = need.map_or("", |i| sc.needs[i].topic.as_str());
        let args = [("feature", feature.name.as_str()), ("topic", topic)];
        if feature.pitch.is_empty() {
            self.seller(ctx, Phrase::Present, &args);
        } else {
            let t = self.pick(&feature.pitch);
            let pitch = self.fill(&t, &args);
            ctx.say(&mut self.transcript, Speaker::Seller, pitch);
        }
        let repeat = !self.presented.insert((f, need));
        let fit = self.present_fit(feature, need, repeat);
        match fit {
            PresentFit::Repeat => {
                ctx.cost += WASTE_COST;
                self.stock(ctx, Phrase::PresentAgain, &args);
            }
            PresentFit::Irrelevant => {
                ctx.cost += IRRITATION_COST;
                self.add_interest(IRRELEVANT_INTEREST);
                self.stock(ctx, Phrase::PresentIrrelevant, &args);
            }
            PresentFit::Denied => {
                ctx.cost += IRRITATION_COST;
                self.add_trust(DENIED_NEED_TRUST);
                self.add_interest(DENIED_NEED_INTEREST);
                self.stock(ctx, Phrase::PresentDenied, &args);
            }
            _ => self.land(feature, need, fit, &args, ctx),
        }
        Effect::Presented {
            feature: f,
            need,
            fit,
        }
    }

    /// What a presentation is tied to, as the client hears it.
    fn present_fit(&self, feature: &Feature, need: Option<usize>, repeat: bool) -> PresentFit {
        let Some(i) = need else {
            // A feature for nothing but topics the client said work fine is pitched to them.
            let denied_only = !feature.addresses.is_empty()
                && feature.addresses.iter().all(|id| {
                    self.scenario
                        .need(id)
                        .is_some_and(|(j, _)| self.client.needs[j].denied)
                });
            return if denied_only {
                PresentFit::Denied
            } else if repeat {
                PresentFit::Repeat
            } else {
                PresentFit::Unanchored
            };
        };
        let state = &self.client.needs[i];
        if state.denied {
            PresentFit::Denied
        } else if repeat {
            PresentFit::Repeat
        } else if !feature.addresses.contains(&self.scenario.needs[i].id) {
            PresentFit::Irrelevant
        } else if state.level == Knowledge::Explicit && state.payoff {
            PresentFit::Payoff
        } else if state.level == Knowledge::Explicit {
            PresentFit::Explicit
        } else if state.level == Knowledge::Implied {
            PresentFit::Implied
        } else {
            PresentFit::Unanchored
        }
    }

    /// A presentation that answers something: interest by its fit, the need's weight and how
    /// far the client believes it.
    fn land(
        &mut self,
        feature: &Feature,
        need: Option<usize>,
        fit: PresentFit,
        args: &[(&str, &str)],
        ctx: &mut Turn,
    ) {
        let weight = match fit {
            PresentFit::Payoff => PRESENT_PAYOFF_WEIGHT,
            PresentFit::Explicit => PRESENT_EXPLICIT_WEIGHT,
            PresentFit::Implied => PRESENT_IMPLIED_WEIGHT,
            _ => PRESENT_UNANCHORED_WEIGHT,
        };
        // Value only counts once per need: the first feature that answers it.
        let share = match need {
            Some(i) if !self.client.needs[i].presented => {
                self.client.needs[i].presented = true;
                self.share(i)
            }
            Some(_) => PRESENT_AGAIN_SHARE * self.share_avg(),
            // An unanchored pitch lands on whichever needs the feature happens to answer.
            None => feature
                .addresses
                .iter()
                .filter_map(|id| self.scenario.need(id).map(|(i, _)| self.share(i)))
                .sum::<f64>()
                .min(1.0),
        };
        let scepticism = self.scenario.client.scepticism.clamp(0.0, 1.0);
        let doubt = if feature.evidence {
            DOUBT_WITH_EVIDENCE
        } else {
            DOUBT_WITHOUT_EVIDENCE
        };
        let belief = 1.0 - doubt * scepticism * (1.0 - self.client.trust);
        self.add_interest(PRESENT_INTEREST * weight * share * belief);
        if fit == PresentFit::Unanchored {
            ctx.cost += WASTE_COST;
        }
        let good = weight >= PRESENT_GOOD_WEIGHT;
        let text = if good {
            let sc = Arc::clone(&self.scenario);
            let lines = need.map_or(&[][..], |i| &sc.needs[i].lines.present[..]);
            self.client_line(lines, Phrase::PresentGood, args)
        } else {
            let t = self.pick(phrases::variants(
                self.scenario.language,
                Phrase::PresentVague,
            ));
            self.fill(&t, args)
        };
        ctx.say(&mut self.transcript, Speaker::Client, text);
        if good {
            self.add_trust(PRESENT_GOOD_TRUST);
        }
    }
}
