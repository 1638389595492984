//! A softmax (multinomial logistic) regression over a turn's features, trained when the
//! interpreter is built: a few passes of stochastic gradient descent in a fixed order, so the
//! same bank always gives the same model.

use std::collections::HashMap;

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::kind::Kind;

/// Passes over the examples (more passes read the held-out lines no better).
const EPOCHS: usize = 10;
/// The first step size; it shrinks as training goes on.
const RATE: f64 = 0.5;
/// A kind's weights move only when the example's gradient for it is larger than this.
const SKIP: f64 = 1e-4;
/// Pulls weights towards zero, so a feature seen once does not decide alone.
const L2: f64 = 1e-4;

#[derive(Debug, Clone)]
pub struct Classifier {
    kinds: Vec<Kind>,
    index: HashMap<String, usize>,
    /// Per feature, a weight for each kind (kinds × features, feature-major).
    weights: Vec<f64>,
    bias: Vec<f64>,
}

impl Classifier {
    /// Trains on examples: each a kind and the set of its features.
    pub fn train(examples: &[(Kind, &[String])]) -> Classifier {
        let mut kinds: Vec<Kind> = examples.iter().map(|(k, _)| *k).collect();
        kinds.sort();
        kinds.dedup();
        let mut index: HashMap<String, usize> = HashMap::new();
        let rows: Vec<(usize, Vec<usize>)> = examples
            .iter()
            .map(|(kind, features)| {
                let ids = features
                    .iter()
                    .map(|f| {
                        let n = index.len();
                        *index.entry(f.clone()).or_insert(n)
                    })
                    .collect();
                (kinds.binary_search(kind).expect("listed above"), ids)
            })
            .collect();
        let k = kinds.len();
        let mut model = Classifier {
            weights: vec![0.0; index.len() * k],
            bias: vec![0.0; k],
            kinds,
            index,
        };
        let mut order: Vec<usize> = (0..rows.len()).collect();
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let mut probs = vec![0.0; k];
        let mut moved: Vec<(usize, f64)> = Vec::with_capacity(k);
        for epoch in 0..EPOCHS {
            order.shuffle(&mut rng);
            let rate = RATE / (1.0 + epoch as f64 * 0.2);
            for &r in &order {
                let (want, ids) = &rows[r];
                model.probabilities(ids, &mut probs);
                for (c, p) in probs.iter_mut().enumerate() {
                    *p -= f64::from(u8::from(c == *want));
                    model.bias[c] -= rate * *p;
                }
                // Kinds the example hardly moves are skipped (the same ones on every run, so
                // training stays the same); late in training most are, so the few that move
                // are listed once for all the example's features.
                moved.clear();
                moved.extend(
                    probs
                        .iter()
                        .enumerate()
                        .filter(|(_, grad)| grad.abs() > SKIP)
                        .map(|(c, grad)| (c, *grad)),
                );
                for &f in ids {
                    let row = &mut model.weights[f * k..(f + 1) * k];
                    for &(c, grad) in &moved {
                        row[c] -= rate * (grad + L2 * row[c]);
                    }
                }
            }
        }
        model
    }

    fn probabilities(&self, ids: &[usize], out: &mut [f64]) {
        let k = self.kinds.len();
        out.copy_from_slice(&self.bias);
        for &f in ids {
            for (o, w) in out.iter_mut().zip(&self.weights[f * k..(f + 1) * k]) {
                *o += w;
            }
        }
        let max = out.iter().copied().fold(f64::MIN, f64::max);
        let mut total = 0.0;
        for o in out.iter_mut() {
            *o = (*o - max).exp();
            total += *o;
        }
        for o in out.iter_mut() {
            *o /= total;
        }
    }

    /// How many of `features` the classifier has seen in training.
    pub fn known(&self, features: &[String]) -> usize {
        features
            .iter()
            .filter(|f| self.index.contains_key(*f))
            .count()
    }

    /// The probability of each kind, best first.
    pub fn scores(&self, features: &[String]) -> Vec<(Kind, f64)> {
        let ids: Vec<usize> = features
            .iter()
            .filter_map(|f| self.index.get(f).copied())
            .collect();
        let mut probs = vec![0.0; self.kinds.len()];
        self.probabilities(&ids, &mut probs);
        let mut scores: Vec<(Kind, f64)> = self.kinds.iter().copied().zip(probs).collect();
        // Ties keep the kinds' order, so the result never depends on hashing.
        scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scores
    }
}
