//! The client's price tactic: time-dependent concession after Faratin, Sierra and Jennings (1998).
//!
//! The client is a buyer. Its offer at round `t` of `t_max` moves from its opening price towards
//! its reservation price: `offer = opening + α(t)·(reservation − opening)` with
//! `α(t) = κ + (1 − κ)·(t / t_max)^(1/β)`. β < 1 concedes late (Boulware), β > 1 early
//! (Conceder). Powers go through `libm` so every machine computes the same bits.

use crate::scenario::{Negotiation, Scenario};

/// `α(t)`, the share of the way from opening to reservation conceded by round `t`.
pub fn alpha(t: u32, t_max: u32, beta: f64, kappa: f64) -> f64 {
    let t_max = t_max.max(1);
    let t = t.min(t_max);
    let kappa = kappa.clamp(0.0, 1.0);
    let beta = if beta.is_finite() && beta > 0.0 {
        beta
    } else {
        1.0
    };
    let ratio = f64::from(t) / f64::from(t_max);
    kappa + (1.0 - kappa) * libm::pow(ratio, 1.0 / beta)
}

/// The client's offer at round `t`, rounded to a whole currency unit.
pub fn client_offer(
    opening: u64,
    reservation: u64,
    t: u32,
    t_max: u32,
    beta: f64,
    kappa: f64,
) -> u64 {
    if reservation <= opening {
        return reservation;
    }
    let span = (reservation - opening) as f64;
    let offer = opening as f64 + alpha(t, t_max, beta, kappa) * span;
    (offer.round() as u64).clamp(opening, reservation)
}

/// Rounds a price down to a step people would name: three significant digits of the list price
/// (48 000 → steps of 100, 7 400 000 → steps of 10 000).
pub fn round_down(price: u64, list_price: u64) -> u64 {
    let digits = list_price.max(1).ilog10() + 1;
    let step = 10u64.pow(digits.saturating_sub(3));
    price - price % step
}

/// The client's reservation price for an interest level in 0–1, before jitter.
pub fn reservation_for(neg: &Negotiation, interest: f64) -> u64 {
    let (low, high) = (neg.reservation.0.min(neg.reservation.1), neg.reservation.1);
    let interest = interest.clamp(0.0, 1.0);
    low + ((high - low) as f64 * interest).round() as u64
}

/// What an offer is worth to the client as a price: cheaper when its terms favour the client.
pub fn effective_price(scenario: &Scenario, price: u64, terms: &[usize]) -> i64 {
    let bonus: i64 = scenario
        .product
        .terms
        .iter()
        .zip(terms)
        .filter_map(|(term, &i)| term.options.get(i).map(|o| o.client_value))
        .sum();
    (price as i64).saturating_sub(bonus)
}

/// What a deal is worth to the seller: the price plus the value of its terms to the seller.
pub fn seller_value(scenario: &Scenario, price: u64, terms: &[usize]) -> i64 {
    let extra: i64 = scenario
        .product
        .terms
        .iter()
        .zip(terms)
        .filter_map(|(term, &i)| term.options.get(i).map(|o| o.seller_value))
        .sum();
    (price as i64).saturating_add(extra)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha_runs_from_kappa_to_one() {
        assert_eq!(alpha(0, 6, 1.0, 0.1), 0.1);
        assert_eq!(alpha(6, 6, 1.0, 0.1), 1.0);
        assert_eq!(
            alpha(9, 6, 0.5, 0.0),
            1.0,
            "past the deadline it stays at reservation"
        );
    }

    #[test]
    fn boulware_concedes_later_than_conceder() {
        let boulware = alpha(3, 6, 0.3, 0.0);
        let linear = alpha(3, 6, 1.0, 0.0);
        let conceder = alpha(3, 6, 3.0, 0.0);
        assert!(
            boulware < linear && linear < conceder,
            "{boulware} {linear} {conceder}"
        );
        assert!((linear - 0.5).abs() < 1e-12);
    }

    #[test]
    fn offers_never_go_back() {
        for beta in [0.2, 0.5, 1.0, 2.0, 5.0] {
            let mut last = 0;
            for t in 0..=8 {
                let offer = client_offer(7000, 10000, t, 8, beta, 0.05);
                assert!(offer >= last, "beta {beta}: {offer} after {last}");
                assert!((7000..=10000).contains(&offer));
                last = offer;
            }
            assert_eq!(last, 10000, "the last offer is the reservation price");
        }
    }

    #[test]
    fn reservation_above_opening_is_required_for_a_concession() {
        assert_eq!(client_offer(9000, 8000, 3, 6, 1.0, 0.0), 8000);
    }

    #[test]
    fn prices_round_to_three_significant_digits_of_the_list_price() {
        assert_eq!(round_down(33_346, 48_000), 33_300);
        assert_eq!(round_down(5_535_509, 7_400_000), 5_530_000);
        assert_eq!(round_down(987, 999), 987);
        assert_eq!(round_down(5, 0), 5);
    }

    #[test]
    fn bad_parameters_fall_back_instead_of_producing_nan() {
        let a = alpha(2, 0, f64::NAN, f64::INFINITY);
        assert!(a.is_finite() && (0.0..=1.0).contains(&a));
    }
}
