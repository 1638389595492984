//! Checks of the words a scenario gives its speakers: the placeholders each list of lines may
//! use, and `resolved_by` lines for a technique that never resolves.

use std::fmt::Debug;

use crate::diag::{Severity, did_you_mean};
use crate::scenario::Scenario;

use super::{Checker, Step};

/// Every placeholder a line can use; `docs/scenario-format.md` says what each stands for.
const PLACEHOLDERS: [&str; 6] = ["topic", "feature", "objection", "price", "term", "amount"];

const NONE: &[&str] = &[];
const TOPIC: &[&str] = &["topic"];
const PITCH: &[&str] = &["feature", "topic"];
const PRICE: &[&str] = &["price", "term"];
const OBJECTION: &[&str] = &["objection", "price", "term"];
const AMOUNT: &[&str] = &["amount"];

/// What every list is checked against: whether the product has terms for `{term}`.
#[derive(Clone, Copy)]
struct Ctx {
    terms: bool,
}

/// Every list of lines in the scenario, client's and seller's, checked.
pub(super) fn check(c: &mut Checker, sc: &Scenario) {
    use Step::*;
    let x = Ctx {
        terms: !sc.product.terms.is_empty(),
    };
    for f in &sc.product.features {
        list(
            c,
            x,
            &[Field("features"), Str(&f.id), Field("pitch")],
            "`pitch`",
            &f.pitch,
            PITCH,
        );
    }
    for t in &sc.product.terms {
        let at = [Field("terms"), Str(&t.id), Field("seller")];
        list(c, x, &at, "term `seller`", &t.seller, PRICE);
    }
    for n in &sc.needs {
        let l = &n.lines;
        for (name, lines) in [
            ("situation", &l.situation),
            ("problem", &l.problem),
            ("implication", &l.implication),
            ("need_payoff", &l.need_payoff),
        ] {
            let at = [Field("needs"), Str(&n.id), Field(name)];
            list(c, x, &at, &format!("`{name}`"), lines, TOPIC);
        }
        let at = [Field("needs"), Str(&n.id), Field("present")];
        list(c, x, &at, "`present`", &l.present, PITCH);
        keyed(
            c,
            x,
            &[Field("needs"), Str(&n.id), Field("seller")],
            "need `seller`",
            &n.seller,
            TOPIC,
        );
    }
    for o in &sc.objections {
        let l = &o.lines;
        for (name, lines) in [
            ("raise", &l.raise),
            ("clarify", &l.clarify),
            ("weakened", &l.weakened),
            ("resolved", &l.resolved),
            ("backfire", &l.backfire),
            ("doubt", &l.doubt),
        ] {
            let at = [Field("objections"), Str(&o.id), Field(name)];
            list(c, x, &at, &format!("`{name}`"), lines, OBJECTION);
        }
        let at = [Field("objections"), Str(&o.id), Field("resolved_by")];
        keyed(c, x, &at, "`resolved_by`", &l.resolved_by, OBJECTION);
        for t in l.resolved_by.keys() {
            if !o.resolves.contains(t) && !o.weakens.contains(t) {
                let key = format!("{t:?}");
                c.error(
                    &[Field("objections"), Str(&o.id), Field("resolved_by"), Ident(&key)],
                    format!(
                        "objection `{}` has `resolved_by` lines for `{t:?}`, which never resolves it",
                        o.id
                    ),
                    Some(format!(
                        "list `{t:?}` in `resolves` or `weakens`, or remove its lines"
                    )),
                );
            }
        }
        let at = [Field("objections"), Str(&o.id), Field("seller")];
        keyed(c, x, &at, "objection `seller`", &o.seller, OBJECTION);
    }
    let at = [Field("negotiation"), Field("counter_lines")];
    list(
        c,
        x,
        &at,
        "`counter_lines`",
        &sc.negotiation.counter_lines,
        PRICE,
    );
    keyed(
        c,
        x,
        &[Field("follow_up"), Field("lines")],
        "follow-up",
        &sc.follow_up.lines,
        NONE,
    );
    if let Some(d) = &sc.debt {
        for (name, lines, allowed) in [
            ("pays", &d.lines.pays, AMOUNT),
            ("stalls", &d.lines.stalls, NONE),
            ("offended", &d.lines.offended, NONE),
        ] {
            list(
                c,
                x,
                &[Field("debt"), Field(name)],
                &format!("`{name}`"),
                lines,
                allowed,
            );
        }
    }
    let l = &sc.lines;
    for (name, lines) in [
        ("greeting", &l.greeting),
        ("small_talk", &l.small_talk),
        ("deal", &l.deal),
        ("leaves", &l.leaves),
    ] {
        list(
            c,
            x,
            &[Field("lines"), Field(name)],
            &format!("client `{name}`"),
            lines,
            NONE,
        );
    }
    seller(c, x, sc);
}

/// The scenario's `seller` lines, by move kind.
fn seller(c: &mut Checker, x: Ctx, sc: &Scenario) {
    use Step::*;
    let s = &sc.seller;
    for (name, lines, allowed) in [
        ("set_agenda", &s.set_agenda, NONE),
        ("small_talk", &s.small_talk, NONE),
        ("summarize", &s.summarize, TOPIC),
        ("present", &s.present, PITCH),
        ("offer", &s.offer, PRICE),
        ("accept_counter", &s.accept_counter, PRICE),
        ("walk_away", &s.walk_away, NONE),
        ("next_steps", &s.next_steps, NONE),
        ("end", &s.end, NONE),
    ] {
        let at = [Field("seller"), Field(name)];
        list(c, x, &at, &format!("seller `{name}`"), lines, allowed);
    }
    let at = |name| [Field("seller"), Field(name)];
    keyed(c, x, &at("greet"), "seller `greet`", &s.greet, NONE);
    keyed(c, x, &at("ask"), "seller `ask`", &s.ask, NONE);
    keyed(
        c,
        x,
        &at("ask_about"),
        "seller `ask_about`",
        &s.ask_about,
        TOPIC,
    );
    keyed(c, x, &at("handle"), "seller `handle`", &s.handle, OBJECTION);
    keyed(c, x, &at("close"), "seller `close`", &s.close, TOPIC);
    keyed(
        c,
        x,
        &at("follow_up"),
        "seller `follow_up`",
        &s.follow_up,
        NONE,
    );
    keyed(c, x, &at("collect"), "seller `collect`", &s.collect, AMOUNT);
}

/// Lists of lines keyed by a move's variant (`{ Evidence: [...] }`).
fn keyed<K: Debug>(
    c: &mut Checker,
    x: Ctx,
    path: &[Step],
    name: &str,
    map: &std::collections::BTreeMap<K, Vec<String>>,
    allowed: &'static [&'static str],
) {
    for (key, lines) in map {
        let key = format!("{key:?}");
        let mut at = path.to_vec();
        at.push(Step::Ident(&key));
        list(c, x, &at, &format!("{name} `{key}`"), lines, allowed);
    }
}

/// One list of lines: `path` to it, `name` for messages ("`counter_lines`"), the placeholders
/// it may use.
fn list(c: &mut Checker, x: Ctx, path: &[Step], name: &str, lines: &[String], allowed: &[&str]) {
    for line in lines {
        let literal = escaped(line);
        let mut at = path.to_vec();
        at.push(Step::Str(&literal));
        if line.trim().is_empty() {
            c.warn(
                &at,
                format!("an empty {} line: the speaker would say nothing", name),
                Some("write the words, or remove the empty string".into()),
            );
        }
        for ph in placeholders(line) {
            let shown = format!("{{{ph}}}");
            let (message, hint) = if !PLACEHOLDERS.contains(&ph) {
                let known = PLACEHOLDERS.iter().copied();
                let hint = match did_you_mean(ph, allowed.iter().copied().chain(known)) {
                    Some(p) => format!("did you mean `{{{p}}}`?"),
                    None => can_use(allowed),
                };
                (
                    format!("unknown placeholder `{shown}` in a {} line", name),
                    hint,
                )
            } else if !allowed.contains(&ph) {
                (
                    format!(
                        "`{shown}` is not filled in a {} line: the trainee would see it as written",
                        name
                    ),
                    can_use(allowed),
                )
            } else if ph == "term" && !x.terms {
                (
                    "`{term}` names the terms of a deal, and this scenario's product has none"
                        .into(),
                    "add `terms` to the product, or say the price alone with `{price}`".into(),
                )
            } else {
                continue;
            };
            c.report_within(Severity::Error, &at, Some(&shown), message, Some(hint));
        }
    }
}

/// What a list may use, for a hint.
fn can_use(allowed: &[&str]) -> String {
    if allowed.is_empty() {
        "this line can use no placeholders; write the words out".into()
    } else {
        let names: Vec<String> = allowed.iter().map(|p| format!("`{{{p}}}`")).collect();
        format!("this line can use {}", names.join(", "))
    }
}

/// The names of the `{placeholders}` in a line, in order: a name of letters, digits and `_`
/// between braces. Other braces are text.
pub(crate) fn placeholders(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find(['}', '{']) else {
            break;
        };
        let inner = &rest[..close];
        if rest[close..].starts_with('}')
            && !inner.is_empty()
            && inner.chars().all(|c| c.is_alphanumeric() || c == '_')
        {
            out.push(inner);
            rest = &rest[close + 1..];
        }
    }
    out
}

/// A line as RON writes it between quotes, to find it in the source.
fn escaped(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for ch in line.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_names_between_braces() {
        assert_eq!(
            placeholders("{price} with {term}, {not one} {} {{topic}} {a{b}"),
            ["price", "term", "topic", "b"]
        );
    }
}
