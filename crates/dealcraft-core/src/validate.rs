//! Semantic checks of a parsed scenario or rubric: what RON's grammar cannot say.
//!
//! Parsed values carry no positions, so each problem is located by searching the source for the
//! path to it (`needs` → `id: "x"` → `importance`), which points at the offending text. The same
//! path names the field for forms ([`Diagnostic::field`]). The checks of the client's lines
//! (stock phrases said in their place, lines never said) are in `validate/lines.rs`, those of the
//! placeholders a line may use in `validate/placeholders.rs`.

mod lines;
mod placeholders;

use std::collections::BTreeSet;

use crate::diag::{Diagnostic, Severity, did_you_mean};
use crate::moves::{QuestionKind, Stage};
use crate::parse::{Lex, lex};
use crate::rubric::{Rubric, Rule};
use crate::scenario::{Knowledge, Need, Scenario, Trigger};

/// Diagnostics located and rendered per file; the rest are only counted. Locating one costs
/// a search of the source, and nobody reads a thousand messages about one file.
const MAX_SHOWN: usize = 100;

/// The largest list price a scenario may have: keeps every price sum far from overflow.
pub const MAX_PRICE: u64 = 1_000_000_000_000;

pub(crate) struct Checker<'a> {
    file: &'a str,
    source: &'a str,
    /// What each byte is, so searches skip comments and string contents; made on first use.
    kinds: Option<Vec<Lex>>,
    out: Vec<Diagnostic>,
    /// Problems past `MAX_SHOWN`: (errors, warnings).
    unshown: (usize, usize),
}

/// A step on the way to a value in the source.
#[derive(Clone, Copy)]
pub(crate) enum Step<'a> {
    /// A field name followed by `:`.
    Field(&'a str),
    /// A field of the scenario itself, outside every record (`lines` is also a need's field).
    Top(&'a str),
    /// A quoted string literal.
    Str(&'a str),
    /// A name used as a value or a variant (`Evidence`, `MaxDiscount(`), not as a field.
    Ident(&'a str),
}

impl<'a> Checker<'a> {
    pub(crate) fn new(file: &'a str, source: &'a str) -> Self {
        Checker {
            file,
            source,
            kinds: None,
            out: Vec::new(),
            unshown: (0, 0),
        }
    }

    fn report(&mut self, severity: Severity, path: &[Step], message: String, hint: Option<String>) {
        self.report_within(severity, path, None, message, hint);
    }

    /// `report`, pointing at `within` inside the string the path ends at (a placeholder in a
    /// line) when it is there.
    fn report_within(
        &mut self,
        severity: Severity,
        path: &[Step],
        within: Option<&str>,
        message: String,
        hint: Option<String>,
    ) {
        if self.out.len() >= MAX_SHOWN {
            match severity {
                Severity::Error => self.unshown.0 += 1,
                Severity::Warning => self.unshown.1 += 1,
            }
            return;
        }
        let kinds = self.kinds.get_or_insert_with(|| lex(self.source));
        let mut offset = locate_in(self.source, kinds, path);
        if let Some(needle) = within
            && let Some(i) = self.source[offset..].find(needle)
            && kinds[offset..=offset + i].iter().all(|k| *k == Lex::Str)
        {
            offset += i;
        }
        self.out.push(
            Diagnostic::at_offset(severity, self.file, self.source, offset, message, hint)
                .with_field(field_of(path)),
        );
    }

    /// A warning whose field for forms is not the one its location names.
    fn warn_field(&mut self, path: &[Step], field: String, message: String, hint: Option<String>) {
        let before = self.out.len();
        self.warn(path, message, hint);
        if let Some(d) = self.out.get_mut(before) {
            d.field = Some(field);
        }
    }

    pub(crate) fn error(&mut self, path: &[Step], message: String, hint: Option<String>) {
        self.report(Severity::Error, path, message, hint);
    }

    pub(crate) fn warn(&mut self, path: &[Step], message: String, hint: Option<String>) {
        self.report(Severity::Warning, path, message, hint);
    }

    fn unit(&mut self, path: &[Step], name: &str, value: f64) {
        if !(value.is_finite() && (0.0..=1.0).contains(&value)) {
            self.error(
                path,
                format!("`{name}` is {value}; it must be between 0 and 1"),
                Some(share_hint(value, |v| format!("{name}: {v}"))),
            );
        }
    }

    /// The summary of what was not shown, then the diagnostics.
    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        let (errors, warnings) = self.unshown;
        if errors + warnings > 0 {
            let severity = if errors > 0 {
                Severity::Error
            } else {
                Severity::Warning
            };
            self.out.push(Diagnostic::at_offset(
                severity,
                self.file,
                self.source,
                0,
                format!("{errors} more error(s) and {warnings} more warning(s) not shown"),
                Some("fix the problems above and check again".into()),
            ));
        }
        self.out
    }
}

/// A hint for a share outside 0–1: a percentage (`50`) was probably meant as a fraction.
fn share_hint(value: f64, write: impl Fn(f64) -> String) -> String {
    if (10.0..=100.0).contains(&value) {
        format!(
            "a share is a fraction from 0 to 1: for {value} %, write `{}`",
            write(value / 100.0)
        )
    } else {
        format!("write a share from 0 to 1, such as `{}`", write(0.4))
    }
}

/// The field a path leads to, as forms name it: field names joined by `.`, a list item's id in
/// brackets after its list (`needs[fuel-costs].importance`); names of values are left out.
fn field_of(path: &[Step]) -> Option<String> {
    let mut out = String::new();
    let mut after_field = false;
    for step in path {
        match step {
            Step::Field(name) | Step::Top(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
                after_field = true;
            }
            Step::Str(id) if after_field => {
                out.push_str(&format!("[{id}]"));
                after_field = false;
            }
            Step::Str(_) | Step::Ident(_) => after_field = false,
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Finds each step in turn after the previous one; the offset of the last step found.
#[cfg(test)]
fn locate(source: &str, path: &[Step]) -> usize {
    locate_in(source, &lex(source), path)
}

/// `locate` with the source already lexed: steps match only code, never comments or the
/// inside of strings.
fn locate_in(source: &str, kinds: &[Lex], path: &[Step]) -> usize {
    let mut at = 0;
    let mut found = 0;
    for step in path {
        let hit = match step {
            Step::Field(name) => find_field_in(source, kinds, at, name),
            Step::Top(name) => find_code(source, kinds, at, name, |i| {
                kinds[i] == Lex::Code
                    && is_word(source, i, name.len())
                    && source[i + name.len()..].trim_start().starts_with(':')
                    && depth(source, kinds, i) == 1
            }),
            Step::Str(value) => {
                let quoted = format!("\"{value}\"");
                find_code(source, kinds, at, &quoted, |i| {
                    kinds[i] == Lex::Str && (i == 0 || kinds[i - 1] != Lex::Str)
                })
            }
            Step::Ident(name) => find_code(source, kinds, at, name, |i| {
                kinds[i] == Lex::Code && is_word(source, i, name.len())
            }),
        };
        match hit {
            Some(i) => {
                found = i;
                at = i + 1;
            }
            None => break,
        }
    }
    found
}

/// Brackets open at `at`: 1 inside the scenario's own `( ... )`.
fn depth(source: &str, kinds: &[Lex], at: usize) -> usize {
    let b = source.as_bytes();
    let mut depth = 0usize;
    for i in 0..at {
        if kinds[i] != Lex::Code {
            continue;
        }
        match b[i] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

/// The offset of `name` used as a field (`name:`), skipping longer identifiers containing it.
#[cfg(test)]
fn find_field(source: &str, from: usize, name: &str) -> Option<usize> {
    find_field_in(source, &lex(source), from, name)
}

fn find_field_in(source: &str, kinds: &[Lex], from: usize, name: &str) -> Option<usize> {
    find_code(source, kinds, from, name, |i| {
        kinds[i] == Lex::Code
            && is_word(source, i, name.len())
            && source[i + name.len()..].trim_start().starts_with(':')
    })
}

/// The first occurrence of `text` at or after `from` that `accept` takes.
fn find_code(
    source: &str,
    kinds: &[Lex],
    from: usize,
    text: &str,
    accept: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut at = from;
    while let Some(i) = source[at..].find(text) {
        let start = at + i;
        if kinds.get(start).is_some() && accept(start) {
            return Some(start);
        }
        at = start + text.len();
    }
    None
}

/// Whether `source[start..start + len]` is a whole identifier, not part of a longer one.
fn is_word(source: &str, start: usize, len: usize) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    !source[..start].chars().next_back().is_some_and(ident)
        && !source[start + len..].chars().next().is_some_and(ident)
}

/// A scenario, need or feature id: `a-z`, `0-9`, `-` and `_`, not empty.
pub fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Every error and warning of a parsed scenario.
pub fn scenario(file: &str, source: &str, sc: &Scenario) -> Vec<Diagnostic> {
    use Step::*;
    let mut c = Checker::new(file, source);
    if !is_id(&sc.id) {
        c.error(
            &[Field("id")],
            format!("id `{}` must use only a-z, 0-9, `-` and `_`", sc.id),
            Some("for example `id: \"coffee-office\"`".into()),
        );
    }
    if sc.title.trim().is_empty() {
        c.error(&[Field("title")], "the title is empty".into(), None);
    }
    let cl = &sc.client;
    c.unit(
        &[Field("client"), Field("scepticism")],
        "scepticism",
        cl.scepticism,
    );
    c.unit(&[Field("client"), Field("trust")], "trust", cl.trust);
    c.unit(
        &[Field("client"), Field("interest")],
        "interest",
        cl.interest,
    );
    if cl.patience < 3 {
        c.error(
            &[Field("client"), Field("patience")],
            format!("patience {} leaves no room for a conversation", cl.patience),
            Some("use at least 3; 20 is a typical client".into()),
        );
    } else if cl.patience > 200 {
        c.warn(
            &[Field("client"), Field("patience")],
            format!("patience {} means the client never leaves", cl.patience),
            Some("20 is a typical client".into()),
        );
    }
    if cl.dossier.is_empty() {
        c.warn(
            &[Field("client")],
            "the dossier is empty: the trainee has nothing to prepare from".into(),
            Some("add a few facts to `dossier: [...]`, including hints of the social style".into()),
        );
    }

    let p = &sc.product;
    if p.list_price == 0 {
        c.error(
            &[Field("product"), Field("list_price")],
            "the list price is zero".into(),
            None,
        );
    }
    if p.list_price > MAX_PRICE {
        c.error(
            &[Field("product"), Field("list_price")],
            format!("the list price {} is over the supported {MAX_PRICE}", p.list_price),
            Some("prices are whole currency units; use a larger unit (thousands) for very large deals".into()),
        );
    }
    let currency = p.currency.trim();
    if currency.ends_with('.') {
        // Prices often end a sentence: "... for 48 000 руб.." reads as a typo.
        let suggestion = match currency.to_lowercase().as_str() {
            "руб." | "р." => "`₽` or `RUB`".to_owned(),
            "долл." => "`$` or `USD`".to_owned(),
            "евро." => "`€` or `EUR`".to_owned(),
            _ => format!("`{}`", currency.trim_end_matches('.')),
        };
        c.warn(
            &[Field("product"), Field("currency")],
            format!(
                "the currency `{currency}` ends with a dot, so a price at the end of a sentence prints `{currency}.`"
            ),
            Some(format!("write {suggestion}")),
        );
    }
    if p.floor_price > p.list_price {
        c.error(
            &[Field("product"), Field("floor_price")],
            format!(
                "the floor price {} is above the list price {}",
                p.floor_price, p.list_price
            ),
            Some("the floor is the lowest price the company accepts".into()),
        );
    }
    if p.features.is_empty() {
        c.error(
            &[Field("product"), Field("features")],
            "the product has no features to present".into(),
            None,
        );
    }

    let need_ids: Vec<&str> = sc.needs.iter().map(|n| n.id.as_str()).collect();
    if sc.needs.is_empty() {
        c.error(
            &[Field("needs")],
            "the client has no needs".into(),
            Some("add at least one need; three or more make a good scenario".into()),
        );
    }
    let mut seen = BTreeSet::new();
    for n in &sc.needs {
        let at = [Field("needs"), Str(&n.id)];
        if !is_id(&n.id) {
            c.error(
                &at,
                format!("need id `{}` must use only a-z, 0-9, `-` and `_`", n.id),
                None,
            );
        }
        if !seen.insert(n.id.as_str()) {
            c.error(
                &[Field("needs"), Str(&n.id), Str(&n.id)],
                format!("two needs share the id `{}`", n.id),
                Some("give each need its own id".into()),
            );
        }
        if !(1..=5).contains(&n.importance) {
            c.error(
                &[Field("needs"), Str(&n.id), Field("importance")],
                format!(
                    "importance {} of need `{}` is outside 1–5",
                    n.importance, n.id
                ),
                Some("1 is nice to have, 5 is the reason they buy".into()),
            );
        }
        if let Some(bad) = n
            .revealed_by
            .iter()
            .find(|k| matches!(k, QuestionKind::Implication | QuestionKind::NeedPayoff))
        {
            c.error(&[Field("needs"), Str(&n.id), Field("revealed_by")], format!("need `{}` lists `{bad:?}` in `revealed_by`", n.id), Some("only open `Situation` and `Problem` questions bring a topic up; implication and need-payoff questions work on topics already known".into()));
        }
        if n.known == Knowledge::Hidden
            && !n
                .revealed_by
                .iter()
                .any(|k| matches!(k, QuestionKind::Situation | QuestionKind::Problem))
        {
            // The default `revealed_by` reveals, so the field is written out in this need.
            c.error(
                &[Field("needs"), Str(&n.id), Field("revealed_by")],
                format!(
                    "need `{}` can never be revealed: no question brings it up",
                    n.id
                ),
                Some("set `revealed_by: [Situation, Problem]` or `known: Hinted`".into()),
            );
        }
        if n.satisfied {
            satisfied_need(&mut c, n);
        }
        if !p.features.iter().any(|f| f.addresses.contains(&n.id)) {
            let hint = if n.satisfied {
                "a satisfied topic is a trap only if some feature addresses it"
            } else {
                "the trainee can uncover it but never present to it"
            };
            c.warn(
                &at,
                format!("no feature addresses need `{}`", n.id),
                Some(hint.into()),
            );
        }
    }

    let mut seen = BTreeSet::new();
    for f in &p.features {
        if !seen.insert(f.id.as_str()) {
            c.error(
                &[Field("product"), Field("features"), Str(&f.id), Str(&f.id)],
                format!("two features share the id `{}`", f.id),
                None,
            );
        }
        for a in &f.addresses {
            if !need_ids.contains(&a.as_str()) {
                let hint = did_you_mean(a, need_ids.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"));
                c.error(
                    &[
                        Field("product"),
                        Field("features"),
                        Str(&f.id),
                        Field("addresses"),
                        Str(a),
                    ],
                    format!("feature `{}` addresses unknown need `{a}`", f.id),
                    hint.or_else(|| Some(format!("needs are: {}", need_ids.join(", ")))),
                );
            }
        }
    }

    let mut seen = BTreeSet::new();
    for t in &p.terms {
        let at = [Field("product"), Field("terms"), Str(&t.id)];
        if !seen.insert(t.id.as_str()) {
            c.error(
                &[Field("product"), Field("terms"), Str(&t.id), Str(&t.id)],
                format!("two terms share the id `{}`", t.id),
                None,
            );
        }
        if t.options.is_empty() {
            c.error(&at, format!("term `{}` has no options", t.id), None);
        } else if t.default >= t.options.len() {
            c.error(
                &[
                    Field("product"),
                    Field("terms"),
                    Str(&t.id),
                    Field("default"),
                ],
                format!(
                    "term `{}` has {} option(s); default {} does not exist",
                    t.id,
                    t.options.len(),
                    t.default
                ),
                Some("options count from 0".into()),
            );
        }
    }

    if sc.objections.is_empty() {
        c.warn(
            &[Field("objections")],
            "the client has no objections; the objection stage is left out of the score".into(),
            None,
        );
    }
    let mut seen = BTreeSet::new();
    for o in &sc.objections {
        if !seen.insert(o.id.as_str()) {
            c.error(
                &[Field("objections"), Str(&o.id), Str(&o.id)],
                format!("two objections share the id `{}`", o.id),
                None,
            );
        }
        if o.resolves.is_empty() {
            c.error(
                &[Field("objections"), Str(&o.id), Field("resolves")],
                format!("objection `{}` has no technique that resolves it", o.id),
                Some("list at least one, e.g. `resolves: [Evidence]`".into()),
            );
        }
        if let Some(t) = o
            .resolves
            .iter()
            .chain(&o.weakens)
            .find(|t| o.backfires.contains(t))
        {
            let name = format!("{t:?}");
            c.error(
                &[
                    Field("objections"),
                    Str(&o.id),
                    Field("backfires"),
                    Ident(&name),
                ],
                format!(
                    "objection `{}` lists `{t:?}` both as working and as backfiring",
                    o.id
                ),
                Some(format!(
                    "remove `{t:?}` from `backfires` or from `resolves` and `weakens`"
                )),
            );
        }
        if !(1..=5).contains(&o.strength) {
            c.error(
                &[Field("objections"), Str(&o.id), Field("strength")],
                format!(
                    "strength {} of objection `{}` is outside 1–5",
                    o.strength, o.id
                ),
                None,
            );
        }
        let trig = [Field("objections"), Str(&o.id), Field("trigger")];
        match o.trigger {
            Trigger::LowTrust(x) | Trigger::Random(x)
                if !(x.is_finite() && x > 0.0 && x <= 1.0) =>
            {
                let variant = match o.trigger {
                    Trigger::LowTrust(_) => "LowTrust",
                    _ => "Random",
                };
                c.error(
                    &trig,
                    format!(
                        "trigger value {x} of objection `{}` must be above 0 and at most 1",
                        o.id
                    ),
                    Some(share_hint(x, |v| format!("{variant}({v})"))),
                );
            }
            Trigger::Stage(s @ (Stage::Preparation | Stage::FollowUp | Stage::Debt)) => {
                c.error(
                    &trig,
                    format!(
                        "objection `{}` is triggered by stage `{s:?}`, outside the meeting",
                        o.id
                    ),
                    Some("objections are raised during the meeting: Contact to Close".into()),
                );
            }
            Trigger::AfterTurn(0) => c.error(&trig, "turns count from 1".into(), None),
            _ => {}
        }
    }

    let n = &sc.negotiation;
    let (lo, hi) = n.reservation;
    if lo > hi {
        c.error(
            &[Field("negotiation"), Field("reservation")],
            format!(
                "reservation ({lo}, {hi}) is written high to low: the first value is what the client pays with no interest, the second with full interest"
            ),
            Some(format!("write `reservation: ({hi}, {lo})`")),
        );
    }
    // The checks below read the range as meant, so a reversed pair is reported once.
    let (lo, hi) = (lo.min(hi), lo.max(hi));
    if n.opening == 0 || n.opening > lo {
        c.error(
            &[Field("negotiation"), Field("opening")],
            format!(
                "the opening offer {} must be above 0 and at most the lower reservation {lo}",
                n.opening
            ),
            Some("a buyer opens below what they would pay".into()),
        );
    }
    if !(n.beta.is_finite() && n.beta > 0.0 && n.beta <= 20.0) {
        c.error(
            &[Field("negotiation"), Field("beta")],
            format!("beta {} must be above 0 (and at most 20)", n.beta),
            Some("below 1 concedes late (Boulware), above 1 early (Conceder)".into()),
        );
    }
    c.unit(&[Field("negotiation"), Field("kappa")], "kappa", n.kappa);
    if !(1..=50).contains(&n.deadline) {
        c.error(
            &[Field("negotiation"), Field("deadline")],
            format!("deadline {} must be 1–50 counter-offers", n.deadline),
            None,
        );
    }
    if hi < p.floor_price && !n.walk_away_is_the_lesson {
        c.error(
            &[Field("negotiation"), Field("reservation")],
            format!(
                "no zone of agreement: the client pays at most {hi}, below your floor price {}",
                p.floor_price
            ),
            Some(
                "raise `reservation`, lower `floor_price`, or set `walk_away_is_the_lesson: true`"
                    .into(),
            ),
        );
    }
    if hi >= p.floor_price && n.walk_away_is_the_lesson {
        c.warn(
            &[Field("negotiation"), Field("walk_away_is_the_lesson")],
            format!(
                "walking away is the lesson, yet the client can pay {hi}, above the floor {}",
                p.floor_price
            ),
            None,
        );
    }

    let fu = &sc.follow_up;
    if let Some(a) = fu.expects.iter().find(|a| fu.dislikes.contains(a)) {
        c.error(
            &[Field("follow_up"), Field("dislikes")],
            format!("after-sale action `{a:?}` is both expected and disliked"),
            None,
        );
    }
    if fu.expects.is_empty() {
        c.warn(
            &[Field("follow_up")],
            "no after-sale expectations: any follow-up scores the same".into(),
            Some("list what this client values, e.g. `expects: [Training, AskFeedback]`".into()),
        );
    }
    phrases(&mut c, sc);
    placeholders::check(&mut c, sc);
    if let Some(d) = &sc.debt {
        c.unit(&[Field("debt"), Field("share")], "share", d.share);
        c.unit(
            &[Field("debt"), Field("reliability")],
            "reliability",
            d.reliability,
        );
        if d.due_week == 0 || d.weeks < d.due_week || d.weeks > 52 {
            c.error(
                &[Field("debt"), Field("weeks")],
                format!(
                    "weeks {} and due_week {}: need 1 ≤ due_week ≤ weeks ≤ 52",
                    d.weeks, d.due_week
                ),
                None,
            );
        }
    }
    if let Some(p) = &sc.pass {
        pass_mark(&mut c, &[], p, Some(sc));
    }
    lines::check(&mut c, sc);
    c.finish()
}

/// The scenario's example phrases for the interpreter: each says a move this scenario has, in
/// English or Russian.
fn phrases(c: &mut Checker, sc: &Scenario) {
    use Step::*;
    for (kind, list) in &sc.phrases {
        if kind.needs_debt() && sc.debt.is_none() {
            c.error(
                &[Field("phrases"), Ident("Collect")],
                format!("phrases for `{kind}`, but the scenario has no `debt` to collect"),
                Some("add a `debt` record, or remove these phrases".into()),
            );
        }
        if list.is_empty() {
            c.warn(
                &[Field("phrases"), Ident(kind_name(kind))],
                format!("no phrases for `{kind}`"),
                None,
            );
        }
        for p in list {
            if p.trim().is_empty() {
                c.error(
                    &[Field("phrases"), Ident(kind_name(kind))],
                    format!("an empty phrase for `{kind}`"),
                    Some("write what a trainee would say, or remove it".into()),
                );
            } else if crate::interpret::language_of(p).is_none() {
                c.warn(
                    &[Field("phrases"), Str(p)],
                    format!("`{p}` has no English or Russian words: the interpreter ignores it"),
                    None,
                );
            }
        }
    }
}

/// The variant name a phrase kind is written with (`Ask` of `Ask(Problem)`).
fn kind_name(kind: &crate::interpret::Kind) -> &'static str {
    use crate::interpret::Kind::*;
    match kind {
        Greet(_) => "Greet",
        SetAgenda => "SetAgenda",
        SmallTalk => "SmallTalk",
        Ask(_) => "Ask",
        Summarize => "Summarize",
        Present => "Present",
        Handle(_) => "Handle",
        Offer => "Offer",
        AcceptCounter => "AcceptCounter",
        WalkAway => "WalkAway",
        Close(_) => "Close",
        NextSteps => "NextSteps",
        FollowUp(_) => "FollowUp",
        Collect(_) => "Collect",
        End => "End",
    }
}

/// Every error and warning of a parsed rubric.
pub fn rubric(file: &str, source: &str, r: &Rubric) -> Vec<Diagnostic> {
    use Step::*;
    let mut c = Checker::new(file, source);
    if Stage::ALL.iter().all(|s| r.weights.get(*s) == 0) {
        c.error(
            &[Field("weights")],
            "every stage weight is zero".into(),
            Some("weights are relative: the defaults are 5 10 25 15 15 15 10 5 10".into()),
        );
    }
    for s in Stage::ALL {
        if r.weights.get(s) > 1000 {
            c.error(
                &[Field("weights"), Field(s.key())],
                format!("weight {} of `{}` is over 1000", r.weights.get(s), s.key()),
                None,
            );
        }
    }
    let mut names: Vec<&str> = Vec::new();
    for rule in &r.rules {
        let name = rule.name();
        names.push(name);
        // The rule is the n-th of its kind: step over the earlier ones.
        let at = |field| {
            let mut path = vec![Field("rules")];
            path.extend(names.iter().filter(|n| **n == name).map(|_| Ident(name)));
            path.push(Field(field));
            path
        };
        if rule.penalty() > 100 {
            c.error(
                &at("penalty"),
                format!(
                    "penalty {} is over 100, the most a stage can lose",
                    rule.penalty()
                ),
                None,
            );
        }
        if let Rule::MaxDiscount { percent, .. } = rule
            && !(percent.is_finite() && (0.0..100.0).contains(percent))
        {
            c.error(
                &at("percent"),
                format!("discount cap {percent} must be between 0 and 100"),
                Some("a cap of 15 % is written `percent: 15.0`".into()),
            );
        }
    }
    if let Some(p) = &r.pass {
        pass_mark(&mut c, &[], p, None);
    }
    c.finish()
}

/// A pass mark's numbers are scores (0–100); a stage minimum on a stage the scenario does not
/// score could never be met or missed.
pub(crate) fn pass_mark(
    c: &mut Checker,
    at: &[Step],
    p: &crate::scoring::PassMark,
    scenario: Option<&Scenario>,
) {
    use Step::*;
    let path = |field| {
        let mut path = at.to_vec();
        path.extend([Field("pass"), Field(field)]);
        path
    };
    if p.overall > 100 {
        c.error(
            &path("overall"),
            format!(
                "pass mark {} is over 100, the best overall score",
                p.overall
            ),
            Some("a pass mark is a score from 0 to 100, e.g. `pass: (overall: 70)`".into()),
        );
    }
    for (stage, min) in &p.stages {
        if *min > 100 {
            c.error(
                &path("stages"),
                format!("the minimum {min} for `{}` is over 100", stage.key()),
                Some("stage scores run from 0 to 100".into()),
            );
        }
        if let Some(sc) = scenario
            && !crate::scoring::scored_stages(sc).contains(stage)
        {
            c.warn(
                &path("stages"),
                format!(
                    "the scenario has no `{}` stage, so its minimum never applies",
                    stage.key()
                ),
                Some("remove it, or give the scenario that stage".into()),
            );
        }
    }
}

/// A satisfied topic only ever comes up in talk and gets a "no" when probed.
fn satisfied_need(c: &mut Checker, n: &Need) {
    use Step::*;
    if n.known > Knowledge::Hinted {
        c.error(
            &[Field("needs"), Str(&n.id), Field("known")],
            format!(
                "need `{}` is `satisfied` but starts as `{:?}`: the client never admits a problem with it",
                n.id, n.known
            ),
            Some("a satisfied topic starts `Hidden` or `Hinted`".into()),
        );
    } else if n.known == Knowledge::Hidden && !n.revealed_by.contains(&QuestionKind::Situation) {
        c.error(
            &[Field("needs"), Str(&n.id), Field("revealed_by")],
            format!(
                "need `{}` is `satisfied` but only a `Problem` question could bring it up, and those name real pains only",
                n.id
            ),
            Some("set `revealed_by: [Situation]` or `known: Hinted`".into()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_follows_the_path() {
        let src = "(needs: [(id: \"a\", importance: 3), (id: \"b\", importance: 9)])";
        let at = locate(
            src,
            &[
                Step::Field("needs"),
                Step::Str("b"),
                Step::Field("importance"),
            ],
        );
        assert_eq!(&src[at..at + 10], "importance");
        assert!(at > src.find("\"b\"").unwrap());
    }

    fn template_with(edit: impl FnOnce(&mut Scenario)) -> Vec<Diagnostic> {
        let text = crate::template::template("t", crate::scenario::Lang::Ru);
        let mut sc = crate::load_scenario("t.ron", text.as_bytes())
            .unwrap()
            .scenario;
        edit(&mut sc);
        // Located in the file as written, so the steps find real text.
        let source = ron::ser::to_string_pretty(&sc, Default::default()).unwrap();
        scenario("t.ron", &source, &sc)
    }

    #[test]
    fn a_currency_ending_with_a_dot_gets_a_suggestion() {
        let ds = template_with(|sc| sc.product.currency = "руб.".into());
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert_eq!(ds[0].field.as_deref(), Some("product.currency"));
        assert!(
            ds[0].message.contains("prints `руб..`"),
            "{}",
            ds[0].message
        );
        assert_eq!(ds[0].hint.as_deref(), Some("write `₽` or `RUB`"));
    }

    #[test]
    fn each_problem_names_its_field_for_forms() {
        let ds = template_with(|sc| {
            sc.product.floor_price = sc.product.list_price + 1;
            sc.needs[0].importance = 9;
            sc.product.features[0]
                .addresses
                .push("nothing-like-it".into());
            sc.negotiation.deadline = 0;
            sc.client.trust = 2.0;
        });
        let sc = {
            let text = crate::template::template("t", crate::scenario::Lang::Ru);
            crate::load_scenario("t.ron", text.as_bytes())
                .unwrap()
                .scenario
        };
        let fields: Vec<&str> = ds.iter().filter_map(|d| d.field.as_deref()).collect();
        let feature = &sc.product.features[0].id;
        for expected in [
            "client.trust".to_owned(),
            "product.floor_price".to_owned(),
            format!("needs[{}].importance", sc.needs[0].id),
            format!("product.features[{feature}].addresses[nothing-like-it]"),
            "negotiation.deadline".to_owned(),
        ] {
            assert!(
                fields.contains(&expected.as_str()),
                "{expected} not in {fields:?}"
            );
        }
    }

    #[test]
    fn find_field_skips_longer_names() {
        let src = "(floor_price_note: 1, price: 2)";
        assert_eq!(
            find_field(src, 0, "price"),
            Some(src.find("price:").unwrap())
        );
    }
}
